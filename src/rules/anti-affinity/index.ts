// The rules of the `anti-affinity` practice.
import type { AnyRule } from "../rule.js";

export const RULES: readonly AnyRule[] = [];
