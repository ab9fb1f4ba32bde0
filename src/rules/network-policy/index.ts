// The rules of the `network-policy` practice.
import type { AnyRule } from "../rule.js";
import { namespaceDefaultDenyMissing } from "./namespace-default-deny-missing.js";
import { networkPolicyAllowsAll, networkPolicyAllowsAllNamespaces } from "./network-policy-allows-all.js";
import { networkPolicyMissing } from "./network-policy-missing.js";
import { networkPolicySelectsNothing } from "./network-policy-selects-nothing.js";
import { serviceSelectsNothing } from "./service-selects-nothing.js";
import { serviceTargetPortUnknown } from "./service-target-port-unknown.js";

export const RULES: readonly AnyRule[] = [networkPolicyMissing, namespaceDefaultDenyMissing, networkPolicySelectsNothing, networkPolicyAllowsAll, networkPolicyAllowsAllNamespaces, serviceSelectsNothing, serviceTargetPortUnknown];
