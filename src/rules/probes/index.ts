// The rules of the `probes` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import readinessProbeMissing from "./readiness-probe-missing.js";
import livenessProbeMissing from "./liveness-probe-missing.js";
import { probePortNameUnknown, probePortNotDeclared } from "./probe-port.js";
import livenessSameAsReadiness from "./liveness-same-as-readiness.js";
import livenessFailsBeforeReadiness from "./liveness-fails-before-readiness.js";
import livenessDelayWithoutStartupProbe from "./liveness-delay-without-startup-probe.js";
import probeKillsOnFirstFailure from "./probe-kills-on-first-failure.js";
import probeTimeoutExceedsPeriod from "./probe-timeout-exceeds-period.js";
import probeSuccessThresholdNotOne from "./probe-success-threshold-not-one.js";
import probeTargetsOtherHost from "./probe-targets-other-host.js";

export const RULES: readonly AnyRule[] = [
  readinessProbeMissing,
  livenessProbeMissing,
  probePortNameUnknown,
  probePortNotDeclared,
  livenessSameAsReadiness,
  livenessFailsBeforeReadiness,
  livenessDelayWithoutStartupProbe,
  probeKillsOnFirstFailure,
  probeTimeoutExceedsPeriod,
  probeSuccessThresholdNotOne,
  probeTargetsOtherHost,
];
