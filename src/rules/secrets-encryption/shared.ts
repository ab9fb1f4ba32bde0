// What the secrets-encryption rules share: the seed section, the EncryptionConfigurations of a
// run, and example manifests.
import { isEncryptionConfiguration } from "../../model/config-files.js";
import { apiServerPodExample } from "../control-plane-example.js";
import type { ResourceIndex } from "../../model/resource-index.js";
import type { IndexedResource } from "../rule.js";

export const SEED = "2.5 Encrypt secrets at rest";

export function encryptionConfigurations(index: ResourceIndex<IndexedResource>): IndexedResource[] {
  return [...index.ofKind("EncryptionConfiguration"), ...index.ofKind("EncryptionConfig")].filter((r) => isEncryptionConfiguration(r.apiVersion, r.kind));
}

/** The static pod of a kubeadm control plane, trimmed to what the examples need. */
export function apiServerPod(flags: readonly string[]): string {
  return apiServerPodExample(["--etcd-servers=https://127.0.0.1:2379", ...flags]);
}
