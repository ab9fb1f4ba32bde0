import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseImageReference, type ImageReference } from "../../src/model/image.js";
import { ImageScanIndex, parseImageScanReport, summarizeVulnerabilities, type ImageScan } from "../../src/model/image-scans.js";
import type { JsonValue } from "../../src/model/json.js";

const DIR = path.join(import.meta.dirname, "..", "rules", "fixtures-scans");
const WEB = "sha256:4315c8fd5a82533f56a83922bc1d5a2cff2b1f1e76117f66673abbcffd6c9fff";
const NGINX = "sha256:a970bb3a8d05dc02ba49913950e7b3863d3ebf094faaba298919b786e870e13d";
const NGINX_INDEX = "sha256:81a5b580161cbb7faef40e99c824e7bb12d4e81eb2d7ea5bfbf48b8d06e134da";
const PROXY = "sha256:2792b39f530965cf882ca93a0107c951ebb7d08774f47b64db9b6305ac6e4a0a";
const OTHER = "sha256:" + "0".repeat(64);

function load(file: string): ImageScan {
  const scan = parseImageScanReport(JSON.parse(readFileSync(path.join(DIR, file), "utf8")) as JsonValue, file);
  if (scan === undefined) throw new Error(`${file} was not recognised`);
  return scan;
}

function ref(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (parsed === undefined) throw new Error(text);
  return parsed;
}

const web = load("web-1.4.2.trivy.json");
const nginx = load("nginx-1.27.3.grype.json");
const proxy = load("proxy-2.0.1.trivy.json");
const index = new ImageScanIndex([web, nginx, proxy]);

describe("parseImageScanReport", () => {
  it("reads a Trivy report: every result's vulnerabilities, tags and repo digests", () => {
    expect(web.scanner).toBe("trivy");
    expect(web.vulnerabilities).toHaveLength(7);
    expect(web.vulnerabilities[0]).toEqual({ id: "CVE-2024-0001", severity: "critical", packageName: "libssl3", installedVersion: "3.0.11-1~deb12u2", fixedVersion: "3.0.13-1~deb12u1" });
    expect(web.digests).toEqual([WEB]);
  });

  it("reads a Grype report, its manifest digest and negligible as low", () => {
    expect(nginx.scanner).toBe("grype");
    expect(nginx.image).toBe("nginx:1.27.3");
    expect(nginx.vulnerabilities.map((v) => v.severity)).toEqual(["low", "medium", "low"]);
    expect(nginx.vulnerabilities[1]?.fixedVersion).toBe("3.0.16-1~deb12u1");
    expect(nginx.digests).toEqual(expect.arrayContaining([NGINX, NGINX_INDEX]));
  });

  it("reads a clean Trivy report whose results have no vulnerabilities", () => {
    expect(proxy.vulnerabilities).toEqual([]);
  });

  it("reads reports of directories but gives them no image names", () => {
    const grypeDir = parseImageScanReport({ matches: [], source: { type: "directory", target: "/src" } }, "dir.json");
    expect(grypeDir?.references).toEqual([]);
    const trivyFs = parseImageScanReport({ SchemaVersion: 2, ArtifactName: "nginx", ArtifactType: "filesystem", Results: [] }, "fs.json");
    expect(trivyFs?.references).toEqual([]);
    expect(new ImageScanIndex([grypeDir as ImageScan, trivyFs as ImageScan]).find(ref("nginx"))).toBeUndefined();
  });

  it("refuses other JSON", () => {
    expect(parseImageScanReport({ runs: [] }, "sarif.json")).toBeUndefined();
    expect(parseImageScanReport([], "list.json")).toBeUndefined();
  });
});

describe("ImageScanIndex", () => {
  it("is active only with reports", () => {
    expect(new ImageScanIndex().active).toBe(false);
    expect(index.active).toBe(true);
  });

  it("matches by digest first, whatever registry serves the content", () => {
    expect(index.find(ref(`registry.example.com/shop/web@${WEB}`))).toEqual({ scan: web, by: "digest" });
    expect(index.find(ref(`mirror.example.com/acme/proxy@${PROXY}`))).toEqual({ scan: proxy, by: "digest" });
    expect(index.find(ref(`index.docker.io/nginx:whatever@${NGINX}`))).toEqual({ scan: nginx, by: "digest" });
    expect(index.find(ref(`nginx@${NGINX_INDEX}`))).toEqual({ scan: nginx, by: "digest" });
  });

  it("falls back to registry/repository:tag, normalised", () => {
    expect(index.find(ref("registry.example.com/shop/web:1.4.2"))).toEqual({ scan: web, by: "tag" });
    expect(index.find(ref(`registry.example.com/shop/web:1.4.2@${OTHER}`))).toEqual({ scan: web, by: "tag" });
    for (const name of ["nginx:1.27.3", "docker.io/nginx:1.27.3", "docker.io/library/nginx:1.27.3", "index.docker.io/library/nginx:1.27.3"]) {
      expect(index.find(ref(name))?.scan, name).toBe(nginx);
    }
  });

  it("does not match another tag, repository or registry", () => {
    expect(index.find(ref("registry.example.com/shop/web:1.4.3"))).toBeUndefined();
    expect(index.find(ref("registry.example.com/shop/web"))).toBeUndefined();
    expect(index.find(ref("mirror.example.com/shop/web:1.4.2"))).toBeUndefined();
    expect(index.find(ref("ghcr.io/nginx:1.27.3"))).toBeUndefined();
    expect(index.find(ref(`ghcr.io/acme/proxy@${OTHER}`))).toBeUndefined();
  });

  it("reads a missing tag as latest on both sides", () => {
    const latest = parseImageScanReport({ matches: [], source: { type: "image", target: { userInput: "busybox", tags: [], repoDigests: [] } } }, "busybox.json") as ImageScan;
    const only = new ImageScanIndex([latest]);
    expect(only.lookup(ref("busybox:latest"))).toBe(latest);
    expect(only.lookup(ref("docker.io/library/busybox"))).toBe(latest);
    expect(only.lookup(ref("busybox:1.36"))).toBeUndefined();
  });

  it("keeps the first report given for an image", () => {
    const again = { ...web, source: "second.json" };
    expect(new ImageScanIndex([web, again]).lookup(ref("registry.example.com/shop/web:1.4.2"))?.source).toBe("web-1.4.2.trivy.json");
  });
});

describe("summarizeVulnerabilities", () => {
  const all = { minSeverity: "unknown", onlyFixable: false, ignore: [] } as const;

  it("counts each id once, at its highest severity, fixable only when every package has a fix", () => {
    const summary = summarizeVulnerabilities(web, { ...all, minSeverity: "high" });
    expect(summary.bySeverity).toEqual({ critical: 1, high: 3, medium: 0, low: 0, unknown: 0 });
    expect(summary.total).toBe(4);
    expect(summary.fixable).toBe(2);
    expect(summary.ids).toEqual(["CVE-2024-0001", "GHSA-4q6p-r6v2-jvc5", "CVE-2024-0002", "CVE-2024-0003"]);
  });

  it("applies the severity threshold, the fixable filter and the ignore list", () => {
    expect(summarizeVulnerabilities(web, all).total).toBe(6);
    expect(summarizeVulnerabilities(web, { ...all, minSeverity: "critical" }).total).toBe(1);
    expect(summarizeVulnerabilities(web, { ...all, minSeverity: "high", onlyFixable: true }).ids).toEqual(["CVE-2024-0001", "GHSA-4q6p-r6v2-jvc5"]);
    expect(summarizeVulnerabilities(web, { ...all, minSeverity: "high", ignore: ["cve-2024-0001"] }).bySeverity.critical).toBe(0);
    expect(summarizeVulnerabilities(nginx, { ...all, minSeverity: "high" }).total).toBe(0);
  });
});
