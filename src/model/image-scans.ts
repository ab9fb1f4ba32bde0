// Vulnerability reports of image scanners (Trivy, Grype), indexed by the images they scanned.
import { asArray, asObject, asString, type JsonValue } from "./json.js";
import { imageLocation, parseImageReference, type ImageReference } from "./image.js";

export type VulnerabilitySeverity = "critical" | "high" | "medium" | "low" | "unknown";
/** From the worst down. */
export const VULNERABILITY_SEVERITIES: readonly VulnerabilitySeverity[] = ["critical", "high", "medium", "low", "unknown"];

export interface Vulnerability {
  readonly id: string;
  readonly severity: VulnerabilitySeverity;
  readonly packageName: string;
  readonly installedVersion: string;
  readonly fixedVersion: string | undefined;
}

export interface ImageScan {
  readonly scanner: "trivy" | "grype";
  /** The image as the report names it. */
  readonly image: string;
  /** The report file, for messages. */
  readonly source: string;
  readonly vulnerabilities: readonly Vulnerability[];
  /** Every name the report gives the image: tags and repo digests. */
  readonly references: readonly ImageReference[];
  /** Manifest digests ("sha256:…") the report gives the image, with or without a repository. */
  readonly digests?: readonly string[];
}

function severityOf(text: string | undefined): VulnerabilitySeverity {
  switch ((text ?? "").toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
      return "high";
    case "medium":
      return "medium";
    case "low":
    case "negligible":
      return "low";
    default:
      return "unknown";
  }
}

export function severityRank(severity: VulnerabilitySeverity): number {
  return VULNERABILITY_SEVERITIES.length - VULNERABILITY_SEVERITIES.indexOf(severity);
}

function references(names: Iterable<string | undefined>): ImageReference[] {
  const out: ImageReference[] = [];
  for (const name of names) {
    if (name === undefined) continue;
    const ref = parseImageReference(name);
    if (ref !== undefined) out.push(ref);
  }
  return out;
}

function strings(value: JsonValue | undefined): string[] {
  return asArray(value).flatMap((v) => (typeof v === "string" ? [v] : []));
}

function digestsOf(refs: readonly ImageReference[], extra: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const ref of refs) if (ref.digest !== undefined) out.add(ref.digest.toLowerCase());
  for (const digest of extra) if (digest !== undefined && /^sha(256|512):[0-9a-f]+$/i.test(digest)) out.add(digest.toLowerCase());
  return [...out];
}

/**
 * Reads one scanner report (Trivy `--format json` or Grype `-o json`). Returns undefined when
 * the document is neither. Reports of something other than a container image (a directory, an
 * SBOM file) are read but name no image, so they match no container.
 */
export function parseImageScanReport(report: JsonValue, source: string): ImageScan | undefined {
  const root = asObject(report);
  if (root === undefined) return undefined;
  // Trivy: ArtifactName, ArtifactType, Metadata.{RepoTags,RepoDigests}, Results[].Vulnerabilities[].
  if (typeof root.ArtifactName === "string" && (root.Results !== undefined || root.SchemaVersion !== undefined)) {
    const metadata = asObject(root.Metadata);
    const vulnerabilities: Vulnerability[] = [];
    for (const result of asArray(root.Results)) {
      for (const item of asArray(asObject(result)?.Vulnerabilities)) {
        const v = asObject(item);
        if (v === undefined) continue;
        vulnerabilities.push({
          id: asString(v.VulnerabilityID) ?? "(unnamed)",
          severity: severityOf(asString(v.Severity)),
          packageName: asString(v.PkgName) ?? "",
          installedVersion: asString(v.InstalledVersion) ?? "",
          fixedVersion: asString(v.FixedVersion) || undefined,
        });
      }
    }
    const type = asString(root.ArtifactType);
    const isImage = type === undefined || type === "container_image";
    const refs = isImage ? references([root.ArtifactName, ...strings(metadata?.RepoTags), ...strings(metadata?.RepoDigests)]) : [];
    return { scanner: "trivy", image: root.ArtifactName, source, vulnerabilities, references: refs, digests: digestsOf(refs, []) };
  }
  // Grype: matches[].{vulnerability,artifact}, source.{type,target.{userInput,tags,repoDigests,manifestDigest}}.
  if (Array.isArray(root.matches) && asObject(root.source) !== undefined) {
    const sourceInfo = asObject(root.source);
    const target = asObject(sourceInfo?.target);
    const userInput = asString(target?.userInput);
    const vulnerabilities: Vulnerability[] = [];
    for (const item of root.matches) {
      const match = asObject(item);
      const vulnerability = asObject(match?.vulnerability);
      const artifact = asObject(match?.artifact);
      if (vulnerability === undefined) continue;
      const fix = asObject(vulnerability.fix);
      const fixVersions = strings(fix?.versions);
      vulnerabilities.push({
        id: asString(vulnerability.id) ?? "(unnamed)",
        severity: severityOf(asString(vulnerability.severity)),
        packageName: asString(artifact?.name) ?? "",
        installedVersion: asString(artifact?.version) ?? "",
        fixedVersion: fixVersions[0],
      });
    }
    const type = asString(sourceInfo?.type);
    const isImage = type === undefined || type === "image";
    const refs = isImage ? references([userInput, ...strings(target?.tags), ...strings(target?.repoDigests)]) : [];
    return {
      scanner: "grype",
      image: userInput ?? "(unknown image)",
      source,
      vulnerabilities,
      references: refs,
      digests: isImage ? digestsOf(refs, [asString(target?.manifestDigest)]) : [],
    };
  }
  return undefined;
}

function tagKey(ref: ImageReference, tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : `${imageLocation(ref)}:${tag}`;
}

/** How a container's image was found in a report. */
export interface ScanMatch {
  readonly scan: ImageScan;
  /** "digest": the same content; "tag": the same registry/repository:tag, which may have moved since. */
  readonly by: "digest" | "tag";
}

/** Scans looked up by the image a container runs; a digest match wins over a tag match. */
export class ImageScanIndex {
  private readonly byDigest = new Map<string, ImageScan>();
  private readonly byTag = new Map<string, ImageScan>();
  readonly scans: readonly ImageScan[];

  constructor(scans: readonly ImageScan[] = []) {
    this.scans = scans;
    // The first report that names an image wins, so the order reports are given in decides.
    for (const scan of scans) {
      // A digest names content, whatever registry or mirror serves it.
      for (const digest of scan.digests ?? digestsOf(scan.references, [])) if (!this.byDigest.has(digest)) this.byDigest.set(digest, scan);
      for (const ref of scan.references) {
        const key = tagKey(ref, ref.tag ?? (ref.digest === undefined ? "latest" : undefined));
        if (key !== undefined && !this.byTag.has(key)) this.byTag.set(key, scan);
      }
    }
  }

  /** True when at least one report was loaded, so an image without one was not scanned. */
  get active(): boolean {
    return this.scans.length > 0;
  }

  /** The report of the image a container runs: by digest first, then by registry/repository:tag. */
  find(image: ImageReference): ScanMatch | undefined {
    if (image.digest !== undefined) {
      const found = this.byDigest.get(image.digest.toLowerCase());
      if (found !== undefined) return { scan: found, by: "digest" };
    }
    const key = tagKey(image, image.tag ?? (image.digest === undefined ? "latest" : undefined));
    const found = key === undefined ? undefined : this.byTag.get(key);
    return found === undefined ? undefined : { scan: found, by: "tag" };
  }

  lookup(image: ImageReference): ImageScan | undefined {
    return this.find(image)?.scan;
  }
}

export interface VulnerabilityFilter {
  /** The lowest severity counted. */
  readonly minSeverity: VulnerabilitySeverity;
  /** Count only vulnerabilities that have a fixed version. */
  readonly onlyFixable: boolean;
  /** Vulnerability ids accepted (CVE-…, GHSA-…), compared case-insensitively. */
  readonly ignore: readonly string[];
}

/** What a report says about one image, counted once per vulnerability id. */
export interface VulnerabilitySummary {
  readonly total: number;
  readonly bySeverity: Readonly<Record<VulnerabilitySeverity, number>>;
  /** How many can be removed by upgrading: every affected package has a fixed version. */
  readonly fixable: number;
  /** Ids from the worst down, fixable first within a severity. */
  readonly ids: readonly string[];
}

const summaries = new WeakMap<ImageScan, Map<string, VulnerabilitySummary>>();

/**
 * Counts a report's vulnerabilities at or above a severity. A vulnerability found in several
 * packages counts once, at its highest severity, and is fixable only when all of them have a fix.
 */
export function summarizeVulnerabilities(scan: ImageScan, filter: VulnerabilityFilter): VulnerabilitySummary {
  const cacheKey = JSON.stringify([filter.minSeverity, filter.onlyFixable, filter.ignore]);
  let cache = summaries.get(scan);
  const cached = cache?.get(cacheKey);
  if (cached !== undefined) return cached;
  const ignored = new Set(filter.ignore.map((id) => id.toUpperCase()));
  const byId = new Map<string, { severity: VulnerabilitySeverity; fixable: boolean }>();
  for (const v of scan.vulnerabilities) {
    if (ignored.has(v.id.toUpperCase())) continue;
    const seen = byId.get(v.id);
    const fixable = v.fixedVersion !== undefined;
    if (seen === undefined) byId.set(v.id, { severity: v.severity, fixable });
    else byId.set(v.id, { severity: severityRank(v.severity) > severityRank(seen.severity) ? v.severity : seen.severity, fixable: seen.fixable && fixable });
  }
  const threshold = severityRank(filter.minSeverity);
  const kept = [...byId.entries()].filter(([, v]) => severityRank(v.severity) >= threshold && (!filter.onlyFixable || v.fixable));
  kept.sort(([idA, a], [idB, b]) => severityRank(b.severity) - severityRank(a.severity) || Number(b.fixable) - Number(a.fixable) || (idA < idB ? -1 : idA > idB ? 1 : 0));
  const bySeverity: Record<VulnerabilitySeverity, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const [, v] of kept) bySeverity[v.severity]++;
  const summary: VulnerabilitySummary = { total: kept.length, bySeverity, fixable: kept.filter(([, v]) => v.fixable).length, ids: kept.map(([id]) => id) };
  if (cache === undefined) {
    cache = new Map();
    summaries.set(scan, cache);
  }
  cache.set(cacheKey, summary);
  return summary;
}
