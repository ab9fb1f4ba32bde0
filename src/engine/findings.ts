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
    const byResource = compareResources(a.resource, b.resource);
    if (byResource !== 0) return byResource;
    if ((a.path ?? "") !== (b.path ?? "")) return (a.path ?? "") < (b.path ?? "") ? -1 : 1;
  }
  const byLine = (a.location?.line ?? 0) - (b.location?.line ?? 0);
  if (byLine !== 0) return byLine;
  const byColumn = (a.location?.column ?? 0) - (b.location?.column ?? 0);
  if (byColumn !== 0) return byColumn;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  const byResource = compareResources(a.resource, b.resource);
  if (byResource !== 0) return byResource;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Resources in the order of their keys "kind/namespace/name" (no resource first). */
function resourceKey(ref: ResourceRef | undefined): string {
  return ref === undefined ? "" : `${ref.kind}/${ref.namespace ?? ""}/${ref.name ?? ""}`;
}

/**
 * The order of resourceKey(a) and resourceKey(b) without building the keys: sorting findings
 * compares resources many times (every finding of a cluster or a review has no position).
 */
export function compareResources(a: ResourceRef | undefined, b: ResourceRef | undefined): number {
  if (a === b) return 0;
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  const byKind = compareSegment(a.kind, b.kind);
  if (byKind !== 0) return Number.isNaN(byKind) ? compareKeys(a, b) : byKind;
  const byNamespace = compareSegment(a.namespace ?? "", b.namespace ?? "");
  if (byNamespace !== 0) return Number.isNaN(byNamespace) ? compareKeys(a, b) : byNamespace;
  const na = a.name ?? "";
  const nb = b.name ?? "";
  return na === nb ? 0 : na < nb ? -1 : 1;
}

function compareKeys(a: ResourceRef, b: ResourceRef): number {
  const ka = resourceKey(a);
  const kb = resourceKey(b);
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

/**
 * Two segments of a key, each followed by "/": negative, zero or positive; NaN when the answer
 * depends on what follows (a segment that holds "/" itself, which Kubernetes names do not).
 */
function compareSegment(x: string, y: string): number {
  if (x === y) return 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d;
  }
  // One is a prefix of the other: the shorter one's "/" meets the longer one's next character.
  const next = x.length < y.length ? y.charCodeAt(n) : x.charCodeAt(n);
  if (next === 47) return Number.NaN;
  return x.length < y.length ? 47 - next : next - 47;
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
