// The rules of the `pdb` practice.
import type { AnyRule } from "../rule.js";

export const RULES: readonly AnyRule[] = [];
