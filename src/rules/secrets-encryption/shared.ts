// What the secrets-encryption rules share: the seed section, the EncryptionConfigurations of a
// run, and example manifests.
import { isEncryptionConfiguration } from "../../model/config-files.js";
import type { ResourceIndex } from "../../model/resource-index.js";
import type { IndexedResource } from "../rule.js";

export const SEED = "2.5 Encrypt secrets at rest";

export function encryptionConfigurations(index: ResourceIndex<IndexedResource>): IndexedResource[] {
  return [...index.ofKind("EncryptionConfiguration"), ...index.ofKind("EncryptionConfig")].filter((r) => isEncryptionConfiguration(r.apiVersion, r.kind));
}

/** The static pod of a kubeadm control plane, trimmed to what the examples need. */
export function apiServerPod(flags: readonly string[]): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  labels:
    component: kube-apiserver
    tier: control-plane
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.33.4
      command:
        - kube-apiserver
        - --advertise-address=10.0.0.10
        - --authorization-mode=Node,RBAC
        - --etcd-servers=https://127.0.0.1:2379
${flags.map((f) => `        - ${f}\n`).join("")}`;
}
