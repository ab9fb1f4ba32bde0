// Findings as the engine hands them to reports: the public shape of a result.
import type { PracticeId } from "../model/practices.js";
import type { Severity } from "../rules/rule.js";

export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface Location {
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

export interface Finding {
  readonly rule: string;
  readonly practice: PracticeId;
  readonly severity: Severity;
  readonly message: string;
  readonly resource?: ResourceRef;
  readonly location?: Location;
  /** The field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path?: string;
  readonly container?: string;
}

/** A finding that an exemption silenced, kept for the audit trail. */
export interface SuppressedFinding extends Finding {
  readonly exemption: { readonly reason: string; readonly until?: string; readonly source: string };
}

/** Something worth saying that is not a finding: a skipped document, an unreadable file. */
export interface Note {
  /** error: something could not be done (exit 2); warning: a scan could not read something; note: anything else worth saying. */
  readonly level: "note" | "warning" | "error";
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export type FailThreshold = Severity | "none";

export function reachesThreshold(severity: Severity, threshold: FailThreshold): boolean {
  return threshold !== "none" && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** File, line, column, rule: the order every output uses. Findings without a file come last. */
export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location?.file;
  const fb = b.location?.file;
  if (fa !== fb) {
    if (fa === undefined) return 1;
    if (fb === undefined) return -1;
    return fa < fb ? -1 : 1;
  }
  // Objects read from a cluster have no position: order them by object, then field path.
  if (a.location === undefined && b.location === undefined) {
    const ka = resourceKey(a.resource);
    const kb = resourceKey(b.resource);
    if (ka !== kb) return ka < kb ? -1 : 1;
    if ((a.path ?? "") !== (b.path ?? "")) return (a.path ?? "") < (b.path ?? "") ? -1 : 1;
  }
  const byLine = (a.location?.line ?? 0) - (b.location?.line ?? 0);
  if (byLine !== 0) return byLine;
  const byColumn = (a.location?.column ?? 0) - (b.location?.column ?? 0);
  if (byColumn !== 0) return byColumn;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  const ka = resourceKey(a.resource);
  const kb = resourceKey(b.resource);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

function resourceKey(ref: ResourceRef | undefined): string {
  return ref === undefined ? "" : `${ref.kind}/${ref.namespace ?? ""}/${ref.name ?? ""}`;
}

export interface Summary {
  readonly resources: number;
  readonly findings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly files: number;
}

export function summarize(findings: readonly Finding[], resources: number, files: number, suppressed: number): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === "error") errors += 1;
    else if (f.severity === "warning") warnings += 1;
    else infos += 1;
  }
  return { resources, findings: findings.length, errors, warnings, infos, suppressed, files };
}
