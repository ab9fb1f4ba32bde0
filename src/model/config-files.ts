// Configuration files of Kubernetes components. They look like API objects (apiVersion, kind)
// but are never sent to the API server: the components read them from disk. They have no
// metadata.name and no schema among the API's, and they are what the secrets-encryption and
// audit-logging practices judge.
import { apiGroupOf } from "./object.js";

/** Kinds by API group. Only groups that hold nothing but configuration files are listed. */
const CONFIGURATION_KINDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  // kube-apiserver: --encryption-provider-config, --admission-control-config-file,
  // --authentication-config, --authorization-config, --egress-selector-config-file, --tracing-config-file.
  ["apiserver.config.k8s.io", new Set(["EncryptionConfiguration", "AdmissionConfiguration", "AuthenticationConfiguration", "AuthorizationConfiguration", "EgressSelectorConfiguration", "TracingConfiguration"])],
  // kube-apiserver --audit-policy-file (audit Events are log lines, not files shipshape reads).
  ["audit.k8s.io", new Set(["Policy"])],
  ["kubelet.config.k8s.io", new Set(["KubeletConfiguration", "CredentialProviderConfig"])],
  ["kubeproxy.config.k8s.io", new Set(["KubeProxyConfiguration"])],
  ["kubescheduler.config.k8s.io", new Set(["KubeSchedulerConfiguration"])],
  ["kubeadm.k8s.io", new Set(["InitConfiguration", "ClusterConfiguration", "JoinConfiguration", "ResetConfiguration", "UpgradeConfiguration"])],
  ["pod-security.admission.config.k8s.io", new Set(["PodSecurityConfiguration"])],
]);

/**
 * Whether an object is a component's configuration file rather than an API object. The legacy
 * `apiVersion: v1` / `kind: EncryptionConfig` form that kube-apiserver still loads counts too.
 */
export function isConfigurationKind(apiVersion: string, kind: string): boolean {
  if (apiVersion === "v1" && kind === "EncryptionConfig") return true;
  return CONFIGURATION_KINDS.get(apiGroupOf(apiVersion))?.has(kind) === true;
}

/** An EncryptionConfiguration (kube-apiserver --encryption-provider-config), current or legacy form. */
export function isEncryptionConfiguration(apiVersion: string, kind: string): boolean {
  return (apiGroupOf(apiVersion) === "apiserver.config.k8s.io" && kind === "EncryptionConfiguration") || (apiVersion === "v1" && kind === "EncryptionConfig");
}

/** An audit Policy (kube-apiserver --audit-policy-file). */
export function isAuditPolicy(apiVersion: string, kind: string): boolean {
  return apiGroupOf(apiVersion) === "audit.k8s.io" && kind === "Policy";
}
