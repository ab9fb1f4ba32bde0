// The rules of the `resources` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import resourcesRequestsMissing from "./resources-requests-missing.js";
import memoryLimitMissing from "./memory-limit-missing.js";
import memoryRequestBelowLimit from "./memory-request-below-limit.js";
import cpuRequestHigh from "./cpu-request-high.js";
import cpuLimitPolicy from "./cpu-limit-policy.js";
import resourceLimitBelowRequest from "./resource-limit-below-request.js";
import resourceQuantityInvalid from "./resource-quantity-invalid.js";
import { namespaceLimitRangeMissing, namespaceResourceQuotaMissing } from "./namespace-limits.js";

export const RULES: readonly AnyRule[] = [resourcesRequestsMissing, memoryLimitMissing, memoryRequestBelowLimit, cpuRequestHigh, cpuLimitPolicy, resourceLimitBelowRequest, resourceQuantityInvalid, namespaceLimitRangeMissing, namespaceResourceQuotaMissing];
