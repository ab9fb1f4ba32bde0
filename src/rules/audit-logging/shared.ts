// What the audit-logging rules share: the seed section and example manifests.
import { isAuditPolicy } from "../../model/config-files.js";
import { apiServerPodExample } from "../control-plane-example.js";
import type { ResourceIndex } from "../../model/resource-index.js";
import type { IndexedResource } from "../rule.js";

export const SEED = "3.1 Turn on Audit Logging";

export function auditPolicies(index: ResourceIndex<IndexedResource>): IndexedResource[] {
  return index.ofKind("Policy").filter((r) => isAuditPolicy(r.apiVersion, r.kind));
}

/** The static pod of a kubeadm control plane, trimmed to what the examples need. */
export function apiServerPod(flags: readonly string[]): string {
  return apiServerPodExample(["--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml", ...flags]);
}

/** A policy that logs Secrets, ConfigMaps and TokenReviews at Metadata and everything else too. */
export const GOOD_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: [watch]
    resources:
      - group: ""
        resources: [endpoints, services]
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps]
      - group: authentication.k8s.io
        resources: [tokenreviews]
  - level: RequestResponse
    resources:
      - group: rbac.authorization.k8s.io
  - level: Metadata
`;
