// When each Kubernetes minor was released and when its patch support ends, as data: the
// `upgrade` practice reports a target past its end of life. Bundled with the day it was
// compiled, because an end of life in the future is a plan and the table ages.
//
// Sources:
// - release dates: the x.0 tags as endoflife-date/release-data releases/kubernetes.json and
//   endoflife.date/kubernetes list them (1.16–1.35), and the kubernetes.io/releases/1.36 and
//   /1.37 pages ("Released on");
// - end of life: kubernetes/website data/releases/eol.yaml, the dates patch support actually
//   ended (1.16–1.32); the kubernetes.io/releases/1.x pages for 1.33 and 1.34 (their published
//   end-of-life dates; the final eol.yaml entries were not available when this was compiled)
//   and for 1.35–1.37, whose dates are still plans.
import { compareKubeVersions, formatKubeVersion, NEWEST_KUBE_VERSION, parseKubeVersion, type KubeVersion } from "./kube-version.js";

/** The day this table was compiled (UTC). End-of-life dates after it are plans. */
export const COMPILED_ON = "2026-11-27";

export interface KubeRelease {
  readonly version: KubeVersion;
  /** The day the minor's .0 was released, YYYY-MM-DD. */
  readonly released: string;
  /** The last day of patch support, YYYY-MM-DD. */
  readonly endOfLife: string;
  /** The end of life is an announced plan: it had not come when the table was compiled. */
  readonly planned: boolean;
}

const RELEASES: ReadonlyArray<readonly [string, string, string]> = [
  ["1.16", "2019-09-18", "2020-09-02"],
  ["1.17", "2019-12-09", "2021-01-13"],
  ["1.18", "2020-03-25", "2021-06-18"],
  ["1.19", "2020-08-26", "2021-10-28"],
  ["1.20", "2020-12-08", "2022-02-28"],
  ["1.21", "2021-04-08", "2022-06-28"],
  ["1.22", "2021-08-04", "2022-12-08"],
  ["1.23", "2021-12-07", "2023-02-28"],
  ["1.24", "2022-05-03", "2023-07-28"],
  ["1.25", "2022-08-23", "2023-10-28"],
  ["1.26", "2022-12-08", "2024-02-28"],
  ["1.27", "2023-04-11", "2024-07-16"],
  ["1.28", "2023-08-15", "2024-10-22"],
  ["1.29", "2023-12-13", "2025-02-28"],
  ["1.30", "2024-04-17", "2025-07-15"],
  ["1.31", "2024-08-13", "2025-11-11"],
  ["1.32", "2024-12-11", "2026-02-28"],
  ["1.33", "2025-04-23", "2026-06-28"],
  ["1.34", "2025-08-27", "2026-10-27"],
  ["1.35", "2025-12-17", "2027-02-28"],
  ["1.36", "2026-04-22", "2027-06-28"],
  ["1.37", "2026-08-26", "2027-10-28"],
];

export const KUBE_RELEASES: readonly KubeRelease[] = RELEASES.map(([minor, released, endOfLife]) => ({
  version: parseKubeVersion(minor) as KubeVersion,
  released,
  endOfLife,
  planned: endOfLife > COMPILED_ON,
}));

export function releaseOf(version: KubeVersion): KubeRelease | undefined {
  return KUBE_RELEASES.find((r) => compareKubeVersions(r.version, version) === 0);
}

/** Where a minor stands on a day (YYYY-MM-DD, UTC). */
export type EndOfLifeStatus =
  | { readonly state: "unknown" }
  | { readonly state: "unreleased"; readonly release: KubeRelease }
  | { readonly state: "supported"; readonly release: KubeRelease }
  | { readonly state: "end-of-life"; readonly release: KubeRelease };

/** Whether a minor is past its end of life on `today`: patch support ends after its last day. */
export function endOfLifeStatus(version: KubeVersion, today: string): EndOfLifeStatus {
  const release = releaseOf(version);
  if (release === undefined) return { state: "unknown" };
  if (today < release.released) return { state: "unreleased", release };
  if (today > release.endOfLife) return { state: "end-of-life", release };
  return { state: "supported", release };
}

/** The minors with patch support on `today`, oldest first (as far as this table knows). */
export function supportedMinors(today: string): KubeVersion[] {
  return KUBE_RELEASES.filter((r) => r.released <= today && today <= r.endOfLife).map((r) => r.version);
}

/**
 * The sentence a finding about an end-of-life target says, or undefined while the target is
 * supported (or unknown to the table).
 */
export function endOfLifeMessage(version: KubeVersion, today: string): string | undefined {
  const status = endOfLifeStatus(version, today);
  if (status.state !== "end-of-life") return undefined;
  const { release } = status;
  const ended = release.planned ? `was planned to reach end of life on ${release.endOfLife} (as of ${COMPILED_ON})` : `reached end of life on ${release.endOfLife}`;
  const supported = supportedMinors(today);
  const upgrade = supported.length > 0 ? `upgrade to a supported minor (${supported.map(formatKubeVersion).join(", ")})` : `upgrade to a supported minor (this release table, compiled on ${COMPILED_ON}, knows none for ${today})`;
  return `Kubernetes ${formatKubeVersion(version)} ${ended} and no longer gets security fixes: ${upgrade}`;
}

/** How many minors a version is behind the newest one shipshape knows (0 for the newest). */
export function minorsBehindNewest(version: KubeVersion, newest: KubeVersion = NEWEST_KUBE_VERSION): number {
  return version.major !== newest.major ? Number.POSITIVE_INFINITY : Math.max(0, newest.minor - version.minor);
}
