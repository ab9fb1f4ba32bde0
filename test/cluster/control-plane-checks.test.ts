import { describe, expect, it } from "vitest";
import { controlPlaneChecks } from "../../src/cluster/control-plane-checks.js";
import type { KubeObject } from "../../src/model/object.js";

const apiServer = (namespace: string, command: string[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "kube-apiserver-cp1", namespace, labels: { component: "kube-apiserver" } },
  spec: { containers: [{ name: "kube-apiserver", image: "registry.k8s.io/kube-apiserver:v1.37.2", command }] },
});

describe("control-plane checks of a scan", () => {
  it("say once per practice that a cluster without a readable kube-apiserver Pod cannot be judged", () => {
    const elsewhere = apiServer("tools", ["kube-apiserver"]);
    const checks = controlPlaneChecks([elsewhere], true);
    expect(checks.findings.map((f) => f.rule)).toEqual(["encryption-not-verifiable", "audit-logging-not-verifiable"]);
    expect(checks.findings[0]?.message).toMatch(/^Encryption of Secrets at rest cannot be judged from inside the cluster: no kube-apiserver Pod is readable in kube-system: the control plane is managed/);
    expect(controlPlaneChecks([], false).findings[1]?.message).toContain("the scan is limited to one namespace");
  });

  it("judge nothing themselves when the mirror pod is there, and say that the files it names are not visible", () => {
    const checks = controlPlaneChecks([apiServer("kube-system", ["kube-apiserver", "--encryption-provider-config=/etc/kubernetes/enc.yaml"])], true);
    expect(checks.findings).toEqual([]);
    expect(checks.warnings).toEqual(["kube-system/kube-apiserver-cp1 reads its EncryptionConfiguration from /etc/kubernetes/enc.yaml on the control-plane node, which no API shows: its flags were judged, the file was not (run shipshape lint on it there)"]);
  });
});
