// Rules that need scanner reports (image-vulnerabilities, image-not-scanned), and rule options
// that a single fixture folder (one options.yaml) cannot show. The reports are small, realistic
// Trivy (--format json) and Grype (-o json) documents in fixtures-scans/.
import { describe, expect, it } from "vitest";
import { loadImageScans } from "../../src/input/image-scans.js";
import type { ImageScan } from "../../src/model/image-scans.js";
import { lint, onlyRules } from "../helpers/lint.js";
import { fixtureScans, SCANS_DIR } from "../helpers/scans.js";

const SCANS: ImageScan[] = fixtureScans();


function findingsOf(rule: string, text: string, options?: unknown, imageScans: ImageScan[] = SCANS) {
  const config = onlyRules({ [rule]: options === undefined ? "on" : { severity: "on", options } });
  const outcome = lint(text, config, { file: "test.yaml", imageScans });
  expect(outcome.incomplete).toBe(false);
  return outcome.findings.filter((f) => f.rule === rule);
}

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/shop/web:1.4.2
    - name: nginx
      image: nginx:1.27.3
`;

describe("the fixture reports", () => {
  it("are read by the command line's loader, from a folder", async () => {
    const { scans, problems } = await loadImageScans([SCANS_DIR], process.cwd());
    expect(problems).toEqual([]);
    expect(scans.map((s) => `${s.scanner} ${s.image}`).sort()).toEqual(["grype nginx:1.27.3", "trivy ghcr.io/acme/proxy@sha256:2792b39f530965cf882ca93a0107c951ebb7d08774f47b64db9b6305ac6e4a0a", "trivy registry.example.com/shop/web:1.4.2"]);
  });
});

describe("image-vulnerabilities", () => {
  it("reports at error severity by default, with counts, fixes and a few ids", () => {
    const [finding, ...rest] = findingsOf("image-vulnerabilities", WEB);
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("1 critical and 3 high vulnerabilities (2 with a fix) according to web-1.4.2.trivy.json, e.g. CVE-2024-0001, GHSA-4q6p-r6v2-jvc5, CVE-2024-0002, …");
  });

  it("minSeverity: lower reports medium and low findings, critical only the worst", () => {
    const medium = findingsOf("image-vulnerabilities", WEB, { minSeverity: "medium" });
    expect(medium.map((f) => f.container)).toEqual(["web", "nginx"]);
    expect(medium[1]?.message).toContain("has 1 medium vulnerability (it has a fix) according to nginx-1.27.3.grype.json, e.g. CVE-2024-2511:");
    expect(findingsOf("image-vulnerabilities", WEB, { minSeverity: "low" })[1]?.message).toContain("1 medium and 2 low vulnerabilities (1 with a fix)");
    expect(findingsOf("image-vulnerabilities", WEB, { minSeverity: "critical" })[0]?.message).toContain("has 1 critical vulnerability (it has a fix)");
  });

  it("onlyFixable counts only vulnerabilities with a fixed version", () => {
    expect(findingsOf("image-vulnerabilities", WEB, { onlyFixable: true })[0]?.message).toContain("1 critical and 1 high vulnerabilities (all with a fix)");
  });

  it("ignore drops accepted ids, and an image with nothing left passes", () => {
    expect(findingsOf("image-vulnerabilities", WEB, { ignore: ["cve-2024-0001"] })[0]?.message).toContain("has 3 high vulnerabilities (1 with a fix)");
    expect(findingsOf("image-vulnerabilities", WEB, { ignore: ["CVE-2024-0001", "CVE-2024-0002", "CVE-2024-0003", "GHSA-4q6p-r6v2-jvc5"] })).toEqual([]);
  });

  it("maxExamples bounds the ids named", () => {
    const message = findingsOf("image-vulnerabilities", WEB, { maxExamples: 1 })[0]?.message ?? "";
    expect(message).toContain("e.g. CVE-2024-0001, …:");
    expect(findingsOf("image-vulnerabilities", WEB, { maxExamples: 0 })[0]?.message).not.toContain("e.g.");
  });

  it("and image-not-scanned stay silent without reports", () => {
    expect(findingsOf("image-vulnerabilities", WEB, undefined, [])).toEqual([]);
    expect(findingsOf("image-not-scanned", WEB, undefined, [])).toEqual([]);
  });
});

// Options of rules without reports, where one options.yaml per fixture folder cannot show both sides.
describe("options that change results", () => {
  const pod = (...images: string[]) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${images.map((image, i) => `    - name: c${i}\n      image: ${image}\n`).join("")}`;

  it("image-tag-mutable: mutableTags adds tags to latest", () => {
    const text = pod("registry.example.com/web:main", "registry.example.com/web:latest");
    expect(findingsOf("image-tag-mutable", text).map((f) => f.container)).toEqual(["c1"]);
    expect(findingsOf("image-tag-mutable", text, { mutableTags: ["main"] }).map((f) => f.container)).toEqual(["c0", "c1"]);
  });

  it("image-registry-untrusted: an allow-list reports everything outside it, official images included", () => {
    const text = pod("nginx:1.27.3", "ghcr.io/acme/web:1.0.0", "ghcr.io/other/web:1.0.0", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0.0", "bitnami/redis:7.2.4");
    expect(findingsOf("image-registry-untrusted", text).map((f) => f.container)).toEqual(["c4"]);
    const strict = findingsOf("image-registry-untrusted", text, { trustedRegistries: ["ghcr.io/acme", "*.dkr.ecr.*.amazonaws.com"] });
    expect(strict.map((f) => f.container)).toEqual(["c0", "c2", "c4"]);
    expect(strict[0]?.message).toContain("from Docker Hub (docker.io/library/nginx), which trustedRegistries does not list");
    expect(strict[1]?.message).toContain("from ghcr.io, which trustedRegistries does not list");
    expect(findingsOf("image-registry-untrusted", text, { trustedRegistries: ["ghcr.io", "library", "bitnami", "*.amazonaws.com"] })).toEqual([]);
  });

  it("image-registry-untrusted: trustedDockerHubNamespaces trusts a vendor without an allow-list", () => {
    const text = pod("bitnami/redis:7.2.4", "grafana/grafana:11.2.0");
    expect(findingsOf("image-registry-untrusted", text, { trustedDockerHubNamespaces: ["Grafana"] }).map((f) => f.container)).toEqual(["c0"]);
  });

  const resources = (cpuRequest: string, cpuLimit?: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0.0\n      resources:\n        requests: {cpu: "${cpuRequest}", memory: 256Mi}\n        limits: {${cpuLimit !== undefined ? `cpu: "${cpuLimit}", ` : ""}memory: 256Mi}\n`;

  it("cpu-request-high: maxCores moves the threshold", () => {
    expect(findingsOf("cpu-request-high", resources("1500m"))).toHaveLength(1);
    expect(findingsOf("cpu-request-high", resources("1500m"), { maxCores: 2 })).toEqual([]);
    expect(findingsOf("cpu-request-high", resources("600m"), { maxCores: 0.5 })[0]?.message).toContain("more than 0.5 cores");
  });

  it("cpu-limit-policy: ignore reports nothing, require wants a limit, forbid refuses one", () => {
    expect(findingsOf("cpu-limit-policy", resources("250m"))).toEqual([]);
    expect(findingsOf("cpu-limit-policy", resources("250m", "500m"))).toEqual([]);
    expect(findingsOf("cpu-limit-policy", resources("250m"), { policy: "require" })[0]?.path).toBe("spec.containers[0].resources.limits");
    expect(findingsOf("cpu-limit-policy", resources("250m", "500m"), { policy: "require" })).toEqual([]);
    const forbid = findingsOf("cpu-limit-policy", resources("250m", "500m"), { policy: "forbid" });
    expect(forbid.map((f) => [f.path, f.location?.line])).toEqual([["spec.containers[0].resources.limits.cpu", 11]]);
    expect(findingsOf("cpu-limit-policy", resources("250m"), { policy: "forbid" })).toEqual([]);
  });

  it("cpu-limit-policy: forbid reports a pod-level CPU limit too", () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  resources:\n    limits: {cpu: "2"}\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0.0\n`;
    expect(findingsOf("cpu-limit-policy", text, { policy: "forbid" }).map((f) => [f.path, f.container])).toEqual([["spec.resources.limits.cpu", undefined]]);
  });
});
