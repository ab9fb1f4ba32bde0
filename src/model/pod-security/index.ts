import type { JsonObject, ObjectPath } from "../json.js";
import { compareCheckOrder, POD_SECURITY_CHECK_DEFINITIONS, revisionAt } from "./registry.js";
import type { PodSecurityCheckDefinition, PodSecurityCheckRevision } from "./registry.js";
import { buildPodView } from "./support.js";
import { effectivePolicyMinor, formatPodSecurityVersion } from "./version.js";
import type { PodSecurityLevel, PodSecurityVersion } from "./version.js";
import { ScopedMemo } from "../scoped-memo.js";

export type { PodSecurityLevel, PodSecurityVersion } from "./version.js";
export {
  NEWEST_POLICY_MINOR,
  effectivePolicyMinor,
  formatPodSecurityVersion,
  parsePodSecurityLevel,
  parsePodSecurityVersion,
} from "./version.js";
export type { PodSecurityCheckDefinition, PodSecurityCheckRevision } from "./registry.js";
export { POD_SECURITY_CHECK_DEFINITIONS } from "./registry.js";

export interface PodSecurityViolation {
  /** Upstream check id, e.g. "runAsNonRoot", "capabilities_restricted". */
  check: string;
  /** The level the check belongs to. */
  level: "baseline" | "restricted";
  /** Upstream forbidden reason, e.g. "runAsNonRoot != true". */
  reason: string;
  /** Upstream-style detail, e.g. `pod or container "app" must set securityContext.runAsNonRoot=true`. */
  detail: string;
  /**
   * Where the offending settings are, relative to the pod object ({metadata, spec}): the field itself
   * when it is set to a forbidden value, or the nearest existing parent (securityContext, the
   * container) when a required setting is missing. Listed in the order the detail names them.
   * Never empty.
   */
  paths: ObjectPath[];
}

type CheckInForce = { definition: PodSecurityCheckDefinition; revision: PodSecurityCheckRevision };

/** The table never changes, so each (level, version) selection is computed once. */
const checksCache = new Map<string, readonly CheckInForce[]>();

function checksInForce(level: "baseline" | "restricted", minor: number): readonly CheckInForce[] {
  const key = `${level}:${minor}`;
  let checks = checksCache.get(key);
  if (checks === undefined) checksCache.set(key, (checks = selectChecks(level, minor)));
  return checks;
}

/** The checks in force for a level at a policy minor version, in upstream's evaluation order. */
function selectChecks(level: "baseline" | "restricted", minor: number): CheckInForce[] {
  const active = POD_SECURITY_CHECK_DEFINITIONS.flatMap((definition) => {
    const current = revisionAt(definition, minor);
    return current === undefined ? [] : [{ definition, revision: current }];
  });
  let selected = active;
  if (level === "baseline") {
    selected = active.filter((entry) => entry.definition.level === "baseline");
  } else {
    const overridden = new Set(
      active.filter((entry) => entry.definition.level === "restricted").flatMap((entry) => entry.revision.overrides),
    );
    selected = active.filter((entry) => entry.definition.level === "restricted" || !overridden.has(entry.definition.id));
  }
  return selected.sort((a, b) =>
    compareCheckOrder(
      { level: a.definition.level, check: a.definition.id },
      { level: b.definition.level, check: b.definition.id },
    ),
  );
}

/**
 * Evaluates a pod ({metadata?, spec?} — a Pod object or a pod template) at a level and version.
 * Pure; tolerates any input shape (fields of the wrong type count as unset).
 */
export function evaluatePodSecurity(
  pod: JsonObject,
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): PodSecurityViolation[] {
  if (level === "privileged") return [];
  // An unknown level is evaluated as restricted, as upstream does with a malformed level label.
  const effectiveLevel = level === "baseline" ? "baseline" : "restricted";
  const memo = evaluationsOf(pod);
  const violations: PodSecurityViolation[] = [];
  for (const { definition, revision } of checksInForce(effectiveLevel, effectivePolicyMinor(version))) {
    let finding = memo.results.get(revision);
    if (finding === undefined) memo.results.set(revision, (finding = revision.evaluate(memo.view) ?? null));
    if (finding === null) continue;
    violations.push({
      check: definition.id,
      level: definition.level,
      reason: finding.reason,
      detail: finding.detail,
      paths: finding.paths.length > 0 ? finding.paths : [["spec"]],
    });
  }
  return violations;
}

type CheckResult = ReturnType<PodSecurityCheckRevision["evaluate"]>;

interface Evaluations {
  readonly metadata: unknown;
  readonly view: ReturnType<typeof buildPodView>;
  /** Each check revision's verdict on this pod: several levels and rules share them. */
  readonly results: Map<PodSecurityCheckRevision, NonNullable<CheckResult> | null>;
}

/** Evaluations of one pod, kept while the pod spec lives (a pod object is often rebuilt around the same spec). */
const evaluations = new ScopedMemo<object, Evaluations>();

function evaluationsOf(pod: JsonObject): Evaluations {
  const spec = pod.spec;
  const key = typeof spec === "object" && spec !== null ? spec : pod;
  let memo = evaluations.peek(key);
  if (memo === undefined || memo.metadata !== pod.metadata) {
    memo = { metadata: pod.metadata, view: buildPodView(pod), results: new Map() };
    evaluations.set(key, memo);
  }
  return memo;
}

/**
 * The admission message, as upstream formats it:
 * `violates PodSecurity "restricted:v1.37": reason1 (detail1), reason2 (detail2)`,
 * baseline checks first, then restricted ones, each group by check id.
 */
export function formatPodSecurityMessage(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
  violations: PodSecurityViolation[],
): string {
  const parts = [...violations]
    .sort(compareCheckOrder)
    .map((violation) => (violation.detail === "" ? violation.reason : `${violation.reason} (${violation.detail})`));
  return `violates PodSecurity "${level}:${formatPodSecurityVersion(version)}": ${parts.join(", ")}`;
}

/** Metadata for docs and tooling: every check with id, level, first version (minor of v1.x) and a one-line description. */
export const POD_SECURITY_CHECKS: ReadonlyArray<{
  id: string;
  level: "baseline" | "restricted";
  since: number;
  description: string;
}> = POD_SECURITY_CHECK_DEFINITIONS.map((definition) => ({
  id: definition.id,
  level: definition.level,
  since: definition.revisions[0]!.since,
  description: definition.description,
}));

/** Violations in a few words: `reason (detail), reason (detail)`, in the order given. */
export function describePodSecurityViolations(violations: readonly PodSecurityViolation[]): string {
  return violations.map((v) => (v.detail === "" ? v.reason : `${v.reason} (${v.detail})`)).join(", ");
}
