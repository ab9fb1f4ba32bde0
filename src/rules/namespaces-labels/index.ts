// The rules of the `namespaces-labels` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";

export const RULES: readonly AnyRule[] = [];
