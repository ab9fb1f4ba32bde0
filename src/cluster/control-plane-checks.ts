// What a scan can tell about the control plane's own configuration: kube-apiserver's flags come
// from its static pod, which the kubelet publishes as a mirror Pod in kube-system. The rules
// judge that Pod like any other object; this module says plainly when there is none to judge
// (managed control planes), so that secrets-encryption and audit-logging never pass in silence,
// and that the files the flags name are on the node, out of the API's sight.
import { apiServerCommand, flagOf } from "../model/apiserver-flags.js";
import { effectiveNamespace, nameOf, type KubeObject } from "../model/object.js";

export interface ControlPlaneChecks {
  readonly findings: Array<{ rule: string; message: string }>;
  readonly warnings: string[];
}

export function controlPlaneChecks(objects: readonly KubeObject[], allNamespaces: boolean): ControlPlaneChecks {
  const findings: Array<{ rule: string; message: string }> = [];
  const warnings: string[] = [];
  const servers = objects.filter((o) => o.kind === "Pod" && effectiveNamespace(o) === "kube-system").flatMap((pod) => {
    const command = apiServerCommand(pod);
    return command === undefined ? [] : [{ name: `kube-system/${nameOf(pod) ?? "kube-apiserver"}`, command }];
  });
  if (servers.length === 0) {
    const why = allNamespaces
      ? "no kube-apiserver Pod is readable in kube-system: the control plane is managed (EKS, GKE, AKS…) or runs outside the cluster, or this identity may not list pods there"
      : "the scan is limited to one namespace, so kube-system's kube-apiserver Pod was not read";
    findings.push({ rule: "encryption-not-verifiable", message: `Encryption of Secrets at rest cannot be judged from inside the cluster: ${why}; check it with your provider (EKS envelope encryption, GKE application-layer secrets encryption, AKS KMS etcd encryption) or lint the control plane's files` });
    findings.push({ rule: "audit-logging-not-verifiable", message: `Audit logging cannot be judged from inside the cluster: ${why}; check it with your provider (EKS audit log type, GKE Cloud Audit Logs, AKS kube-audit diagnostic setting) or lint the control plane's files` });
    return { findings, warnings };
  }
  for (const { name, command } of servers) {
    for (const [flag, what] of [
      ["encryption-provider-config", "EncryptionConfiguration"],
      ["audit-policy-file", "audit Policy"],
    ] as const) {
      const value = flagOf(command, flag)?.value.trim();
      if (value === undefined || value === "") continue;
      warnings.push(`${name} reads its ${what} from ${value} on the control-plane node, which no API shows: its flags were judged, the file was not (run shipshape lint on it there)`);
    }
  }
  return { findings, warnings };
}

/** Adds the checks' findings and warnings to a scan's. */
export function addControlPlaneChecks(into: { findings: Array<{ rule: string; message: string }>; warnings: string[] }, objects: readonly KubeObject[], allNamespaces: boolean): void {
  const checks = controlPlaneChecks(objects, allNamespaces);
  into.findings.push(...checks.findings);
  into.warnings.push(...checks.warnings);
}
