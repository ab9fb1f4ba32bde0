// The rules of the `audit-logging` practice.
import type { AnyRule } from "../rule.js";
import auditLogDisabled from "./audit-log-disabled.js";
import auditLogRetention from "./audit-log-retention.js";
import auditPolicyLeaksSecrets from "./audit-policy-leaks-secrets.js";
import auditPolicyNoCatchAll from "./audit-policy-no-catch-all.js";
import auditPolicyLogsNothing from "./audit-policy-logs-nothing.js";
import auditLoggingNotVerifiable from "./audit-logging-not-verifiable.js";

export const RULES: readonly AnyRule[] = [auditLogDisabled, auditLogRetention, auditPolicyLeaksSecrets, auditPolicyNoCatchAll, auditPolicyLogsNothing, auditLoggingNotVerifiable];
