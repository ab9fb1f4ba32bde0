// The practice catalog: every finding carries exactly one of these ids (a public contract).

export const PRACTICES = {
  "graceful-shutdown": { seed: "1.1", title: "12-factor: handle SIGTERM and shut down gracefully" },
  "manifest-lint": { seed: "1.2", title: "Lint your manifests" },
  probes: { seed: "1.3", title: "Liveness and readiness probes" },
  "image-scan": { seed: "1.4", title: "Scan container images and trust their source" },
  "non-root": { seed: "1.5", title: "Do not run containers as root" },
  "pod-security": { seed: "2.1", title: "Pod security (Pod Security Standards, the successor of PodSecurityPolicy)" },
  upgrade: { seed: "2.2", title: "Upgrade to the latest version" },
  rbac: { seed: "2.3", title: "Role-based access control with least privilege" },
  "sensitive-isolation": { seed: "2.4", title: "Separate sensitive workloads" },
  "secrets-encryption": { seed: "2.5", title: "Encrypt secrets at rest" },
  "audit-logging": { seed: "3.1", title: "Turn on audit logging" },
  "log-aggregation": { seed: "3.2", title: "Aggregate logs" },
  resources: { seed: "4.1", title: "CPU and memory requests and limits" },
  "anti-affinity": { seed: "4.2", title: "Spread replicas with pod anti-affinity" },
  pdb: { seed: "4.3", title: "Pod disruption budgets" },
  "namespaces-labels": { seed: "4.4", title: "Namespaces and labels" },
  "network-policy": { seed: "4.5", title: "Network policies" },
} as const;

export type PracticeId = keyof typeof PRACTICES;

export const PRACTICE_IDS = Object.keys(PRACTICES) as PracticeId[];

export function isPracticeId(value: string): value is PracticeId {
  return Object.prototype.hasOwnProperty.call(PRACTICES, value);
}
