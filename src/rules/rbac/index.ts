// The rules of the `rbac` practice.
import type { AnyRule } from "../rule.js";
import clusterAdminBinding from "./rbac-cluster-admin-binding.js";
import wildcardRule from "./rbac-wildcard-rule.js";
import clusterWideBinding from "./rbac-cluster-wide-binding.js";
import privilegeEscalation from "./rbac-privilege-escalation.js";
import secretsRead from "./rbac-secrets-read.js";
import podExec from "./rbac-pod-exec.js";
import createPods from "./rbac-create-pods.js";
import bindingToAllUsers from "./rbac-binding-to-all-users.js";
import defaultServiceAccount from "./rbac-default-service-account.js";
import tokenAutomount from "./rbac-token-automount.js";

export const RULES: readonly AnyRule[] = [clusterAdminBinding, bindingToAllUsers, privilegeEscalation, wildcardRule, secretsRead, podExec, createPods, clusterWideBinding, defaultServiceAccount, tokenAutomount];
