export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** "latest" or a minor version of Kubernetes 1.x */
export type PodSecurityVersion = "latest" | { minor: number };

/**
 * The newest policy version this evaluator knows (the highest first-version of any check revision).
 * "latest" and every newer minor evaluate as this one.
 */
export const NEWEST_POLICY_MINOR = 37;

const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

/** Parses a pod-security.kubernetes.io/*-version label value ("latest", "v1.29"). Malformed → undefined. */
export function parsePodSecurityVersion(text: string): PodSecurityVersion | undefined {
  if (text === "latest") return "latest";
  const match = VERSION_PATTERN.exec(text);
  if (match === null) return undefined;
  const minor = Number(match[1]);
  // Upstream parses the minor into a Go int; absurdly long numbers fail to parse there too.
  return Number.isSafeInteger(minor) ? { minor } : undefined;
}

/** Parses a pod-security.kubernetes.io/{enforce,audit,warn} label value. Malformed → undefined. */
export function parsePodSecurityLevel(text: string): PodSecurityLevel | undefined {
  return text === "privileged" || text === "baseline" || text === "restricted" ? text : undefined;
}

/** The label spelling of a version: "latest" or "v1.<minor>". */
export function formatPodSecurityVersion(version: PodSecurityVersion): string {
  return version === "latest" ? "latest" : `v1.${version.minor}`;
}

/**
 * The policy minor a version is evaluated at: "latest" and anything newer than the newest known
 * policy become NEWEST_POLICY_MINOR. A version object that is not a whole number is treated like a
 * malformed label, i.e. as "latest".
 */
export function effectivePolicyMinor(version: PodSecurityVersion): number {
  if (version === "latest" || typeof version !== "object" || version === null) return NEWEST_POLICY_MINOR;
  const minor = version.minor;
  if (typeof minor !== "number" || !Number.isInteger(minor) || minor < 0) return NEWEST_POLICY_MINOR;
  return Math.min(minor, NEWEST_POLICY_MINOR);
}
