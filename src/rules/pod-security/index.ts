// The rules of the `pod-security` practice.
import type { AnyRule } from "../rule.js";
import baseline from "./baseline.js";
import restricted from "./restricted.js";
import { namespaceEnforce, namespaceWarn } from "./namespace-admission.js";
import { NAMESPACE_LABEL_RULES } from "./namespace-labels.js";

export const RULES: readonly AnyRule[] = [baseline, restricted, namespaceEnforce, namespaceWarn, ...NAMESPACE_LABEL_RULES];
