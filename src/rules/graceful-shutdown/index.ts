// The rules of the `graceful-shutdown` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import gracePeriodZero from "./grace-period-zero.js";
import gracePeriodTooShort from "./grace-period-too-short.js";
import preStopOutlastsGracePeriod from "./prestop-outlasts-grace-period.js";
import preStopHookMissing from "./prestop-hook-missing.js";

export const RULES: readonly AnyRule[] = [gracePeriodZero, gracePeriodTooShort, preStopOutlastsGracePeriod, preStopHookMissing];
