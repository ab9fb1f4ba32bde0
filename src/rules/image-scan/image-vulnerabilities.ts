import { summarizeVulnerabilities, VULNERABILITY_SEVERITIES, type VulnerabilitySeverity, type VulnerabilitySummary } from "../../model/image-scans.js";
import { defineObjectRule } from "../rule.js";
import { containerImagesOf, SEED_SECTION } from "./images.js";

export interface ImageVulnerabilitiesOptions {
  readonly minSeverity: VulnerabilitySeverity;
  readonly onlyFixable: boolean;
  readonly ignore: readonly string[];
  readonly maxExamples: number;
}

/** "2 critical and 3 high vulnerabilities (4 with a fix)". */
export function describeSummary(summary: VulnerabilitySummary): string {
  const parts = VULNERABILITY_SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  const counts = parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  const fixable = summary.fixable === summary.total ? (summary.total === 1 ? "it has a fix" : "all with a fix") : summary.fixable === 0 ? "none with a fix yet" : `${summary.fixable} with a fix`;
  return `${counts} ${summary.total === 1 ? "vulnerability" : "vulnerabilities"} (${fixable})`;
}

export default defineObjectRule<ImageVulnerabilitiesOptions>({
  id: "image-vulnerabilities",
  practice: "image-scan",
  severity: "error",
  summary: "Images must have no known vulnerabilities at or above a severity (high by default) in the loaded scanner reports",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        minSeverity: { enum: [...VULNERABILITY_SEVERITIES], description: "The lowest vulnerability severity that is reported (`unknown` counts everything)." },
        onlyFixable: { type: "boolean", description: "Count only vulnerabilities that have a fixed version, as `trivy --ignore-unfixed` and `grype --only-fixed` do." },
        ignore: { type: "array", items: { type: "string", minLength: 1 }, description: "Vulnerability ids you have assessed and accept (CVE-…, GHSA-…); compared without case." },
        maxExamples: { type: "integer", minimum: 0, maximum: 10, description: "How many vulnerability ids a finding names as examples." },
      },
    },
    defaults: { minSeverity: "high", onlyFixable: false, ignore: [], maxExamples: 3 },
  },
  docs: {
    example: { withImageScan: "a Trivy report of registry.example.com/shop/web:1.4.2 that lists critical vulnerabilities (`--image-scan web.json`)" },
    seed: SEED_SECTION,
    why: [
      "The seed asks for images to be scanned for known vulnerabilities (it names Clair and MicroScanner; Trivy and Grype are their current open-source successors). A scan is only useful if its result reaches the people who deploy: shipshape reads the scanner's JSON report and puts each image's result on the containers that run it, in the same report and CI gate as every other check.",
      "Critical and high vulnerabilities are reported as errors by default: they are the ones scanners rate as most exploitable and most damaging, and many already have a fixed package version, so rebuilding the image on a patched base often removes them. Medium and low ones are counted only when you lower `minSeverity`, so a build does not fail on noise.",
    ].join("\n\n"),
    fix: [
      "Rebuild the image on an updated base image (or upgrade the named packages), push it, rescan it and deploy the new tag or digest. The finding names the report; open it (or run `trivy image <image>`) for packages and fixed versions.",
      "A vulnerability you have assessed as not exploitable in your setting can be listed in `ignore`, ideally with a comment saying why.",
      "Scan and lint in the same pipeline: `trivy image --format json -o web.json registry.example.com/web:1.4.2` (or `grype registry.example.com/web:1.4.2 -o json > web.json`), then `shipshape lint k8s/ --image-scan web.json` (a folder of reports works too, as does `imageScans:` in `.shipshape.yaml`).",
    ].join("\n\n"),
    before: `# Linted with --image-scan reports/, whose Trivy report of this image lists critical CVEs.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:1.4.2
`,
    after: `# The image rebuilt on patched packages; its report has nothing at or above high.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:1.4.3
`,
    notes: [
      "Silent unless reports are loaded (`--image-scan` or `imageScans:`). Reports of Trivy (`--format json`, schema version 2) and Grype (`-o json`) are read. An image is matched to a report by digest first (a digest names content, so a mirror's copy matches too), then by registry/repository:tag, with `docker.io`, `index.docker.io` and the `library/` prefix normalised and a missing tag read as `latest`. When a container pins a digest and only the tag matched, the message says the report may describe another build.",
      "Counts are per vulnerability id: a CVE found in three packages counts once, at its highest severity, and has a fix only when every affected package has one. One finding per container, at its `image` field, with counts per severity, how many have a fix and a few example ids, never the whole list. Grype's `negligible` counts as low.",
      "The severity of the finding is the rule's (error by default), whatever the vulnerabilities' severities: to gate only on critical, set `minSeverity: critical`; to see medium ones without failing the build, lower the rule's severity to warning.",
      "Images no report covers are reported by `image-not-scanned`.",
    ].join("\n\n"),
  },
  check({ podTemplate, options, imageScans, report }) {
    if (podTemplate === undefined || !imageScans.active) return;
    for (const { ref, image, path } of containerImagesOf(podTemplate)) {
      if (image === undefined) continue;
      const match = imageScans.find(image);
      if (match === undefined) continue;
      const summary = summarizeVulnerabilities(match.scan, { minSeverity: options.minSeverity, onlyFixable: options.onlyFixable, ignore: options.ignore });
      if (summary.total === 0) continue;
      const examples = summary.ids.slice(0, options.maxExamples);
      const more = summary.total > examples.length ? ", …" : "";
      const exampleText = examples.length > 0 ? `, e.g. ${examples.join(", ")}${more}` : "";
      const moved = match.by === "tag" && image.digest !== undefined ? " (matched by tag, so the report may describe another build)" : "";
      report({
        path,
        message: `Container "${ref.name}" runs "${image.text}", which has ${describeSummary(summary)} according to ${match.scan.source}${moved}${exampleText}: rebuild it on patched packages`,
        container: ref.name,
      });
    }
  },
});
