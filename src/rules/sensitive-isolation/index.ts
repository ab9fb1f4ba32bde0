// The rules of the `sensitive-isolation` practice.
import type { AnyRule } from "../rule.js";

export const RULES: readonly AnyRule[] = [];
