// Vulnerability reports of image scanners (Trivy, Grype), indexed by the images they scanned.
import { asArray, asObject, asString, type JsonValue } from "./json.js";
import { parseImageReference, type ImageReference } from "./image.js";

export type VulnerabilitySeverity = "critical" | "high" | "medium" | "low" | "unknown";
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

/**
 * Reads one scanner report (Trivy `--format json` or Grype `-o json`). Returns undefined when
 * the document is neither.
 */
export function parseImageScanReport(report: JsonValue, source: string): ImageScan | undefined {
  const root = asObject(report);
  if (root === undefined) return undefined;
  // Trivy: ArtifactName, Metadata.{RepoTags,RepoDigests}, Results[].Vulnerabilities[].
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
    return {
      scanner: "trivy",
      image: root.ArtifactName,
      source,
      vulnerabilities,
      references: references([root.ArtifactName, ...strings(metadata?.RepoTags), ...strings(metadata?.RepoDigests)]),
    };
  }
  // Grype: matches[].{vulnerability,artifact}, source.target.{userInput,tags,repoDigests}.
  if (Array.isArray(root.matches) && asObject(root.source) !== undefined) {
    const target = asObject(asObject(root.source)?.target);
    const userInput = asString(target?.userInput);
    const vulnerabilities: Vulnerability[] = [];
    for (const item of root.matches) {
      const match = asObject(item);
      const vulnerability = asObject(match?.vulnerability);
      const artifact = asObject(match?.artifact);
      if (vulnerability === undefined) continue;
      const fixVersions = strings(asObject(vulnerability.fix)?.versions);
      vulnerabilities.push({
        id: asString(vulnerability.id) ?? "(unnamed)",
        severity: severityOf(asString(vulnerability.severity)),
        packageName: asString(artifact?.name) ?? "",
        installedVersion: asString(artifact?.version) ?? "",
        fixedVersion: fixVersions[0],
      });
    }
    return {
      scanner: "grype",
      image: userInput ?? "(unknown image)",
      source,
      vulnerabilities,
      references: references([userInput, ...strings(target?.tags), ...strings(target?.repoDigests)]),
    };
  }
  return undefined;
}

function tagKey(ref: ImageReference): string | undefined {
  return ref.tag === undefined ? undefined : `${ref.registry}/${ref.repository}:${ref.tag}`;
}

function digestKey(ref: ImageReference): string | undefined {
  return ref.digest === undefined ? undefined : `${ref.registry}/${ref.repository}@${ref.digest}`;
}

/** Scans looked up by the image a container runs; a digest match wins over a tag match. */
export class ImageScanIndex {
  private readonly byDigest = new Map<string, ImageScan>();
  private readonly byTag = new Map<string, ImageScan>();
  readonly scans: readonly ImageScan[];

  constructor(scans: readonly ImageScan[] = []) {
    this.scans = scans;
    for (const scan of scans) {
      for (const ref of scan.references) {
        const digest = digestKey(ref);
        if (digest !== undefined) this.byDigest.set(digest, scan);
        const tag = tagKey(ref);
        if (tag !== undefined) this.byTag.set(tag, scan);
      }
    }
  }

  /** True when at least one report was loaded, so an image without one was not scanned. */
  get active(): boolean {
    return this.scans.length > 0;
  }

  lookup(image: ImageReference): ImageScan | undefined {
    const digest = digestKey(image);
    if (digest !== undefined) {
      const found = this.byDigest.get(digest);
      if (found !== undefined) return found;
    }
    const tag = tagKey({ ...image, tag: image.tag ?? (image.digest === undefined ? "latest" : undefined) });
    return tag === undefined ? undefined : this.byTag.get(tag);
  }
}
