// The upgrade practice end to end: the same manifest against two target versions, and a
// target shipshape does not know.
import { describe, expect, it } from "vitest";
import { parseReport, runCli, scratch } from "../helpers/cli.js";

const PSP = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
  runAsUser:
    rule: MustRunAsNonRoot
  seLinux:
    rule: RunAsAny
  supplementalGroups:
    rule: RunAsAny
  fsGroup:
    rule: RunAsAny
  volumes: [configMap, secret]
`;

describe("shipshape lint --kube-version", () => {
  it("warns about a PodSecurityPolicy on 1.21 (deprecated) and exits 0", () => {
    const dir = scratch({ "psp.yaml": PSP });
    const result = runCli(["lint", "psp.yaml", "--kube-version", "1.21", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const findings = parseReport(result).findings;
    const upgrade = findings.filter((f) => f.practice === "upgrade" && f.rule !== "kube-version-end-of-life");
    // 1.21 itself is long past its end of life: said once, about the run, tied to no file.
    expect(findings.filter((f) => f.rule === "kube-version-end-of-life")).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringMatching(/^Kubernetes 1\.21 reached end of life on 2022-06-28 and no longer gets security fixes/) }),
    ]);
    expect(findings.find((f) => f.rule === "kube-version-end-of-life")?.location).toBeUndefined();
    expect(upgrade).toEqual([
      expect.objectContaining({ rule: "api-deprecated", severity: "warning", path: "apiVersion", location: { file: "psp.yaml", line: 1, column: 1 }, message: expect.stringContaining("removed in 1.25") }),
    ]);
  });

  it("reports it as an error on 1.25 (removed) and exits 1", () => {
    const dir = scratch({ "psp.yaml": PSP });
    const result = runCli(["lint", "psp.yaml", "--kube-version", "1.25", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status, result.stderr).toBe(1);
    const upgrade = parseReport(result).findings.filter((f) => f.practice === "upgrade" && f.rule !== "kube-version-end-of-life");
    expect(upgrade).toEqual([expect.objectContaining({ rule: "api-removed", severity: "error", message: expect.stringContaining("Pod Security Admission") })]);
  });

  it("takes the target from kubeVersion in the configuration", () => {
    const dir = scratch({ "psp.yaml": PSP, ".shipshape.yaml": "kubeVersion: \"1.21\"\n" });
    const report = parseReport(runCli(["lint", "psp.yaml", "--format", "json"], { cwd: dir }));
    expect(report.findings.filter((f) => f.practice === "upgrade").map((f) => f.rule).sort()).toEqual(["api-deprecated", "kube-version-end-of-life"]);
  });

  it("says nothing about end of life for a supported target", () => {
    const dir = scratch({ "psp.yaml": PSP });
    const report = parseReport(runCli(["lint", "psp.yaml", "--format", "json", "--no-config"], { cwd: dir }));
    expect(report.findings.filter((f) => f.rule === "kube-version-end-of-life")).toEqual([]);
  });

  it("refuses a version it does not know with exit 2 and says which ones it knows", () => {
    const dir = scratch({ "psp.yaml": PSP });
    const result = runCli(["lint", "psp.yaml", "--kube-version", "9.99", "--no-config"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--kube-version: Kubernetes 9.99 is not a version this shipshape knows: choose one from 1.16 to");
  });
});
