// The rules of the `sensitive-isolation` practice.
import type { AnyRule } from "../rule.js";
import sensitiveWorkloadNotIsolated from "./sensitive-workload-not-isolated.js";
import sensitiveTaintTolerated from "./sensitive-taint-tolerated.js";

export const RULES: readonly AnyRule[] = [sensitiveWorkloadNotIsolated, sensitiveTaintTolerated];
