// The rules of the `log-aggregation` practice.
import type { AnyRule } from "../rule.js";
import logShipperMissing from "./log-shipper-missing.js";

export const RULES: readonly AnyRule[] = [logShipperMissing];
