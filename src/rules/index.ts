// The registry: every rule the product has. Adding a rule is one module and one line here;
// test/rules/registry.test.ts fails when a rule module is missing from this list.
import type { AnyRule } from "./rule.js";
import { INPUT_RULES } from "./manifest-lint/input-rules.js";
import runAsNonRoot from "./non-root/run-as-non-root.js";
import runAsRootUser from "./non-root/run-as-root-user.js";
import privilegedContainer from "./non-root/privileged-container.js";
import privilegeEscalationAllowed from "./non-root/privilege-escalation-allowed.js";
import { capabilitiesAdded, capabilitiesNotDropped } from "./non-root/capabilities.js";
import readOnlyRootFilesystem from "./non-root/read-only-root-filesystem.js";

export const ALL_RULES: readonly AnyRule[] = [
  ...INPUT_RULES,
  runAsNonRoot,
  runAsRootUser,
  privilegedContainer,
  privilegeEscalationAllowed,
  capabilitiesNotDropped,
  capabilitiesAdded,
  readOnlyRootFilesystem,
];

export function findRule(id: string): AnyRule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
