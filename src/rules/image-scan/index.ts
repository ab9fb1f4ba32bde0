// The rules of the `image-scan` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";

export const RULES: readonly AnyRule[] = [];
