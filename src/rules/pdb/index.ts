// The rules of the `pdb` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import pdbMissing from "./pdb-missing.js";
import pdbBlocksEviction from "./pdb-blocks-eviction.js";
import pdbSelectsNothing from "./pdb-selects-nothing.js";
import pdbOverlapping from "./pdb-overlapping.js";
import pdbInvalid from "./pdb-invalid.js";

export const RULES: readonly AnyRule[] = [pdbMissing, pdbBlocksEviction, pdbSelectsNothing, pdbOverlapping, pdbInvalid];
