// The rules of the `non-root` practice.
import type { AnyRule } from "../rule.js";
import runAsNonRoot from "./run-as-non-root.js";
import runAsRootUser from "./run-as-root-user.js";
import privilegedContainer from "./privileged-container.js";
import privilegeEscalationAllowed from "./privilege-escalation-allowed.js";
import { capabilitiesAdded, capabilitiesNotDropped } from "./capabilities.js";
import readOnlyRootFilesystem from "./read-only-root-filesystem.js";

export const RULES: readonly AnyRule[] = [runAsNonRoot, runAsRootUser, privilegedContainer, privilegeEscalationAllowed, capabilitiesNotDropped, capabilitiesAdded, readOnlyRootFilesystem];
