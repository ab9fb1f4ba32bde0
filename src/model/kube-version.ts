// Kubernetes minor versions ("1.33"): what users write, how they compare, and which one a run
// targets when nobody says.
import { BUNDLED_SCHEMA_VERSIONS } from "../schemas/versions.generated.js";

export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

/** The oldest minor the `upgrade` tables describe. */
export const OLDEST_KNOWN_MINOR: KubeVersion = { major: 1, minor: 16 };

/** "1.33", "v1.33", "1.33.2", "v1.33.2-eks-1" → 1.33; anything else → undefined. */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(text.trim());
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function formatKubeVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}

export function compareKubeVersions(a: KubeVersion, b: KubeVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

function bundled(): KubeVersion[] {
  return BUNDLED_SCHEMA_VERSIONS.map((v) => parseKubeVersion(v) as KubeVersion);
}

/** The newest version this release of shipshape knows: the default target. */
export const NEWEST_KUBE_VERSION: KubeVersion = bundled().reduce((a, b) => (compareKubeVersions(a, b) >= 0 ? a : b));

/** Why a version cannot be a target, or undefined when it can. */
export function targetVersionProblem(version: KubeVersion): string | undefined {
  if (version.major !== 1 || compareKubeVersions(version, OLDEST_KNOWN_MINOR) < 0 || compareKubeVersions(version, NEWEST_KUBE_VERSION) > 0) {
    return `Kubernetes ${formatKubeVersion(version)} is not a version this shipshape knows: choose one from ${formatKubeVersion(OLDEST_KNOWN_MINOR)} to ${formatKubeVersion(NEWEST_KUBE_VERSION)}`;
  }
  return undefined;
}

/** The bundled schema version used to validate objects for a target (the nearest one at or below it, or the oldest). */
export function schemaVersionFor(target: KubeVersion): string {
  const versions = bundled().sort(compareKubeVersions);
  let chosen = versions[0] as KubeVersion;
  for (const v of versions) if (compareKubeVersions(v, target) <= 0) chosen = v;
  return formatKubeVersion(chosen);
}
