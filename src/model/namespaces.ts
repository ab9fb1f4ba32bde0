// Facts about namespaces that rules share: which ones every cluster creates for itself.

/**
 * Namespaces that Kubernetes creates and runs its own components in. They exist in every
 * cluster, so nobody declares them, and their Pod Security, quota and limit settings belong to
 * the cluster's operators (kube-system must stay privileged for the control plane's pods).
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(["kube-system", "kube-public", "kube-node-lease"]);

export function isSystemNamespace(name: string): boolean {
  return SYSTEM_NAMESPACES.has(name);
}
