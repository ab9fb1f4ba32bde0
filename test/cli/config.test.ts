// Every setting of .shipshape.yaml changes what it should, and a broken configuration fails
// closed: exit 2 and nothing checked.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLEAN_POD, PRIVILEGED_POD, parseReport, runCli, scratch, type JsonReport } from "../helpers/cli.js";
import { SCANS_DIR } from "../helpers/scans.js";

function lintJson(dir: string, args: string[] = ["."]): { status: number | null; report: JsonReport; stderr: string } {
  const result = runCli(["lint", ...args, "--format", "json"], { cwd: dir });
  return { status: result.status, report: parseReport(result), stderr: result.stderr };
}

const rulesOf = (report: JsonReport) => report.findings.map((f) => f.rule);

describe("configuration", () => {
  it("is found upward from the working directory", () => {
    const dir = scratch({ ".shipshape.yaml": "rules:\n  privileged-container: off\n", "deploy/pod.yaml": PRIVILEGED_POD });
    const { report } = lintJson(path.join(dir, "deploy"));
    expect(rulesOf(report)).not.toContain("privileged-container");
    expect(rulesOf(report)).toContain("pod-security-baseline");
  });

  it("is taken from --config and ignored with --no-config", () => {
    const dir = scratch({ "custom.yaml": "rules:\n  privileged-container: off\n", ".shipshape.yaml": "rules:\n  run-as-non-root: off\n", "pod.yaml": PRIVILEGED_POD });
    expect(rulesOf(lintJson(dir, ["pod.yaml", "--config", "custom.yaml"]).report)).not.toContain("privileged-container");
    const ignored = lintJson(dir, ["pod.yaml", "--no-config"]).report;
    expect(rulesOf(ignored)).toContain("privileged-container");
    expect(rulesOf(ignored)).toContain("run-as-non-root");
  });

  it("changes severities, and turns rules and whole practices off and on", () => {
    const dir = scratch({
      ".shipshape.yaml": ["rules:", "  privileged-container: warning", "  read-only-root-filesystem: info", "practices:", "  pod-security: off"].join("\n"),
      "pod.yaml": PRIVILEGED_POD,
    });
    const { report } = lintJson(dir);
    expect(report.findings.find((f) => f.rule === "privileged-container")?.severity).toBe("warning");
    expect(report.findings.find((f) => f.rule === "read-only-root-filesystem")?.severity).toBe("info");
    expect(report.findings.filter((f) => f.practice === "pod-security")).toEqual([]);
    writeFileSync(path.join(dir, ".shipshape.yaml"), "practices:\n  pod-security: off\nrules:\n  pod-security-baseline: error\n");
    expect(rulesOf(lintJson(dir).report)).toContain("pod-security-baseline");
  });

  it("passes options to rules (required labels)", () => {
    const dir = scratch({
      ".shipshape.yaml": "rules:\n  recommended-labels:\n    severity: warning\n    options:\n      required: [team]\n",
      "pod.yaml": CLEAN_POD,
    });
    const finding = lintJson(dir).report.findings.find((f) => f.rule === "recommended-labels");
    expect(finding).toMatchObject({ severity: "warning", message: "Pod lacks the label team" });
  });

  it("sets the failure threshold with failOn, and the flag wins over it", () => {
    const dir = scratch({ ".shipshape.yaml": "failOn: warning\n", "pod.yaml": CLEAN_POD });
    expect(runCli(["lint", "."], { cwd: dir }).status).toBe(1);
    expect(runCli(["lint", ".", "--fail-on", "error"], { cwd: dir }).status).toBe(0);
  });

  it("excludes paths relative to the configuration file", () => {
    const dir = scratch({ ".shipshape.yaml": "exclude:\n  - vendor/**\n  - '**/*.generated.yaml'\n", "vendor/chart/pod.yaml": PRIVILEGED_POD, "app/x.generated.yaml": PRIVILEGED_POD, "app/pod.yaml": CLEAN_POD });
    const { report } = lintJson(path.join(dir, "app"), [".", "../vendor"]);
    expect(report.summary.files).toBe(1);
    const explicit = lintJson(dir, ["vendor/chart/pod.yaml"]).report;
    expect(explicit.summary.files).toBe(0);
    expect(explicit.notes).toContainEqual(expect.objectContaining({ message: expect.stringContaining("excluded by the configuration") }));
  });

  it("adds custom workload kinds with their pod template path", () => {
    const custom = `apiVersion: example.com/v1
kind: Worker
metadata:
  name: w
  namespace: shop
spec:
  podSpec:
    template:
      spec:
        containers:
          - name: w
            image: registry.example.com/w:1.0.0
            securityContext:
              privileged: true
`;
    const dir = scratch({ "worker.yaml": custom });
    expect(rulesOf(lintJson(dir, [".", "--no-config"]).report)).not.toContain("privileged-container");
    writeFileSync(path.join(dir, ".shipshape.yaml"), "workloadKinds:\n  - apiVersion: example.com/v1\n    kind: Worker\n    podTemplatePath: spec.podSpec.template\n");
    const finding = lintJson(dir).report.findings.find((f) => f.rule === "privileged-container");
    expect(finding?.location).toEqual({ file: "worker.yaml", line: 14, column: 15 });
  });

  it("understands Argo Rollouts without configuration", () => {
    const rollout = PRIVILEGED_POD.replace("apiVersion: v1\nkind: Pod", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout").replace("spec:\n  containers:", "spec:\n  template:\n    spec:\n      containers:").replace(/\n {4}(- name|  image|  securityContext|    privileged)/g, "\n        $1");
    const dir = scratch({ "rollout.yaml": rollout });
    expect(rulesOf(lintJson(dir, [".", "--no-config"]).report)).toContain("privileged-container");
  });

  it("loads scanner reports named in imageScans, relative to the configuration file", () => {
    const report = readFileSync(path.join(SCANS_DIR, "web-1.4.2.trivy.json"), "utf8");
    const pod = CLEAN_POD.replace("registry.example.com/app:1.0.0", "registry.example.com/shop/web:1.4.2");
    const dir = scratch({ "deploy/pod.yaml": pod, "reports/web.json": report });
    expect(rulesOf(lintJson(dir, ["deploy", "--no-config"]).report)).not.toContain("image-vulnerabilities");
    writeFileSync(path.join(dir, ".shipshape.yaml"), "imageScans:\n  - reports/\n");
    const finding = lintJson(path.join(dir, "deploy")).report.findings.find((f) => f.rule === "image-vulnerabilities");
    expect(finding?.message).toMatch(/critical/);
    writeFileSync(path.join(dir, ".shipshape.yaml"), "imageScans:\n  - reports/missing.json\n");
    const broken = runCli(["lint", "."], { cwd: dir });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("cannot read image scan report reports/missing.json");
  });

  describe("exemptions", () => {
    const annotated = (value: string) =>
      PRIVILEGED_POD.replace("  namespace: shop\n", `  namespace: shop\n  annotations:\n    shipshape.dev/exemptions: |\n${value.split("\n").map((l) => `      ${l}`).join("\n")}\n`);

    it("by annotation silence the named rules, are kept in the report, and need a reason", () => {
      const dir = scratch({ "pod.yaml": annotated("rules: [privileged-container, pod-security-baseline]\nreason: node agent; reviewed in SEC-12") });
      const { report, status } = lintJson(dir, [".", "--no-config"]);
      expect(rulesOf(report)).not.toContain("privileged-container");
      expect(report.suppressed.map((s) => s.rule)).toEqual(expect.arrayContaining(["privileged-container", "pod-security-baseline"]));
      expect(report.suppressed[0]?.exemption.reason).toBe("node agent; reviewed in SEC-12");
      expect(status).toBe(0);
      const noReason = scratch({ "pod.yaml": annotated("rules: [privileged-container]") });
      const invalid = lintJson(noReason, [".", "--no-config"]).report.findings.find((f) => f.rule === "exemption-invalid");
      expect(invalid?.message).toContain('"reason" is required');
      const unknown = scratch({ "pod.yaml": annotated("rules: [privileged]\nreason: typo") });
      expect(lintJson(unknown, [".", "--no-config"]).report.findings.find((f) => f.rule === "exemption-invalid")?.message).toContain('unknown rule "privileged"');
    });

    it("can name one container", () => {
      const twoContainers = annotated("rules: [privileged-container]\ncontainer: sidecar\nreason: only the sidecar").replace(
        "      securityContext:\n        privileged: true\n",
        "      securityContext:\n        privileged: true\n    - name: sidecar\n      image: registry.example.com/s:1.0.0\n      securityContext:\n        privileged: true\n",
      );
      const { report } = lintJson(scratch({ "pod.yaml": twoContainers }), [".", "--no-config"]);
      expect(report.findings.filter((f) => f.rule === "privileged-container").map((f) => f.container)).toEqual(["app"]);
      expect(report.suppressed.filter((f) => f.rule === "privileged-container")).toHaveLength(1);
    });

    it("stop applying after their expiry date and say so", () => {
      const dir = scratch({ "pod.yaml": annotated("rules: [privileged-container]\nreason: temporary\nuntil: 2020-01-31") });
      const { report } = lintJson(dir, [".", "--no-config"]);
      expect(rulesOf(report)).toContain("privileged-container");
      expect(report.findings.find((f) => f.rule === "exemption-expired")?.message).toContain("expired on 2020-01-31");
    });

    it("that silence nothing are reported", () => {
      const dir = scratch({ "pod.yaml": annotated("rules: [capabilities-added]\nreason: stale") });
      const finding = lintJson(dir, [".", "--no-config"]).report.findings.find((f) => f.rule === "exemption-unused");
      expect(finding?.message).toContain("capabilities-added");
      expect(finding?.location?.line).toBe(7);
    });

    it("in the configuration match third-party objects by kind, namespace, name and file", () => {
      const dir = scratch({
        ".shipshape.yaml": [
          "exemptions:",
          "  - rules: [privileged-container]",
          "    match: {kind: Pod, namespace: shop, name: 'ba*', file: 'vendor/**'}",
          "    reason: vendor chart; upstream issue 42",
          "  - rules: [run-as-non-root]",
          "    match: {name: nothing-matches-this}",
          "    reason: stale but irrelevant to this run",
          "  - rules: [read-only-root-filesystem]",
          "    match: {kind: Pod}",
          "    reason: matches but silences nothing here",
          "    container: other",
        ].join("\n"),
        "vendor/pod.yaml": PRIVILEGED_POD,
        "mine/pod.yaml": PRIVILEGED_POD,
      });
      const { report } = lintJson(dir);
      const privileged = report.findings.filter((f) => f.rule === "privileged-container").map((f) => f.location?.file);
      expect(privileged).toEqual(["mine/pod.yaml"]);
      const unused = report.findings.filter((f) => f.rule === "exemption-unused").map((f) => f.message);
      expect(unused).toHaveLength(1);
      expect(unused[0]).toContain("exemptions[2]");
    });
  });

  describe("fails closed", () => {
    const cases: Array<[string, string, RegExp]> = [
      ["an unknown rule id", "rules:\n  privileged-containers: off\n", /\.shipshape\.yaml:2:3: unknown rule "privileged-containers" \(did you mean "privileged-container"\?\)/],
      ["an unknown key", "rulez: {}\n", /\.shipshape\.yaml:1:1: the configuration: unknown key "rulez"/],
      ["a wrong severity", "rules:\n  privileged-container: critical\n", /\.shipshape\.yaml:2:25: rules\.privileged-container: must be one of/],
      ["a bad option", "rules:\n  recommended-labels:\n    options:\n      required: team\n", /\.shipshape\.yaml:4:17: rules\.recommended-labels\.options\.required: must be array/],
      ["an exemption without reason", "exemptions:\n  - rules: [privileged-container]\n    match: {kind: Pod}\n", /missing "reason"/],
      ["an exemption naming an unknown rule", "exemptions:\n  - rules: [no-such-rule]\n    match: {kind: Pod}\n    reason: x\n", /unknown rule "no-such-rule"/],
      ["invalid YAML", "rules: [\n", /\.shipshape\.yaml:2:1: invalid YAML/],
      ["a duplicate key", "failOn: error\nfailOn: none\n", /duplicate key "failOn"/],
    ];
    for (const [what, content, message] of cases) {
      it(`on ${what}`, () => {
        const dir = scratch({ ".shipshape.yaml": content, "pod.yaml": PRIVILEGED_POD });
        const result = runCli(["lint", ".", "--format", "json"], { cwd: dir });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toMatch(message);
      });
    }
    it("on a configuration file that does not exist", () => {
      const result = runCli(["lint", ".", "--config", "nope.yaml"], { cwd: scratch({ "pod.yaml": CLEAN_POD }) });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("cannot read configuration nope.yaml: no such file or directory");
    });
  });

  it("ships a JSON Schema that the file can point at", () => {
    const result = runCli(["lint", ".", "--format", "json"], { cwd: scratch({ ".shipshape.yaml": "$schema: ../node_modules/shipshape/schema/shipshape-config.schema.json\n", "pod.yaml": CLEAN_POD }) });
    expect(result.status).toBe(0);
  });
});
