// The rules of the `network-policy` practice.
import type { AnyRule } from "../rule.js";

export const RULES: readonly AnyRule[] = [];
