// The registry: every rule the product has. Adding a rule is one module plus one entry in its
// practice's index.ts; test/rules/registry.test.ts fails when a rule module is not registered.
import type { AnyRule } from "./rule.js";
import { INPUT_RULES } from "./manifest-lint/input-rules.js";
import { RULES as manifestLint } from "./manifest-lint/index.js";
import { RULES as gracefulShutdown } from "./graceful-shutdown/index.js";
import { RULES as probes } from "./probes/index.js";
import { RULES as imageScan } from "./image-scan/index.js";
import { RULES as nonRoot } from "./non-root/index.js";
import { RULES as podSecurity } from "./pod-security/index.js";
import { RULES as resources } from "./resources/index.js";
import { RULES as namespacesLabels } from "./namespaces-labels/index.js";
import { RULES as pdb } from "./pdb/index.js";
import { RULES as antiAffinity } from "./anti-affinity/index.js";
import { RULES as networkPolicy } from "./network-policy/index.js";
import { RULES as sensitiveIsolation } from "./sensitive-isolation/index.js";
import { RULES as upgrade } from "./upgrade/index.js";
import { RULES as rbac } from "./rbac/index.js";
import { RULES as logAggregation } from "./log-aggregation/index.js";
import { RULES as secretsEncryption } from "./secrets-encryption/index.js";
import { RULES as auditLogging } from "./audit-logging/index.js";

export const ALL_RULES: readonly AnyRule[] = [
  ...INPUT_RULES,
  ...manifestLint,
  ...gracefulShutdown,
  ...probes,
  ...imageScan,
  ...nonRoot,
  ...podSecurity,
  ...resources,
  ...namespacesLabels,
  ...pdb,
  ...antiAffinity,
  ...networkPolicy,
  ...sensitiveIsolation,
  ...upgrade,
  ...rbac,
  ...logAggregation,
  ...secretsEncryption,
  ...auditLogging,
];

const BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): AnyRule | undefined {
  return BY_ID.get(id);
}
