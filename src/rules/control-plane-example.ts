// Example manifests for the docs of rules about the control plane's own configuration.

/** The static pod of a kubeadm control plane, trimmed to what the examples need, with the flags given after the common ones. */
export function apiServerPodExample(flags: readonly string[]): string {
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
${flags.map((f) => `        - ${f}\n`).join("")}`;
}
