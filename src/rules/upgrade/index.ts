// The rules of the `upgrade` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import apiRemoved from "./api-removed.js";
import apiDeprecated from "./api-deprecated.js";

export const RULES: readonly AnyRule[] = [apiRemoved, apiDeprecated];
