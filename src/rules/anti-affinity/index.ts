// The rules of the `anti-affinity` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import antiAffinityMissing from "./anti-affinity-missing.js";
import antiAffinitySelectorMismatch from "./anti-affinity-selector-mismatch.js";

export const RULES: readonly AnyRule[] = [antiAffinityMissing, antiAffinitySelectorMismatch];
