// The JSON report: a versioned public contract (docs/report-json.md).
import type { Finding, Note, SuppressedFinding, Summary } from "../engine/findings.js";

export const JSON_REPORT_VERSION = 1;

export interface ReportInput {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly notes: readonly Note[];
  readonly summary: Summary;
  readonly toolVersion: string;
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    practice: f.practice,
    severity: f.severity,
    message: f.message,
    ...(f.resource !== undefined ? { resource: f.resource } : {}),
    ...(f.location !== undefined ? { location: f.location } : {}),
    ...(f.path !== undefined ? { path: f.path } : {}),
    ...(f.container !== undefined ? { container: f.container } : {}),
  };
}

/**
 * The report in pieces, so that a report of a million findings never has to be one string.
 * One finding per line: readable, and easy to grep.
 */
export function* jsonChunks(report: ReportInput): Generator<string> {
  const s = report.summary;
  yield `{\n  "version": ${JSON_REPORT_VERSION},\n  "tool": ${JSON.stringify({ name: "shipshape", version: report.toolVersion })},\n`;
  yield* list("findings", report.findings, findingText);
  yield* list("suppressed", report.suppressed, (f) => JSON.stringify({ ...findingJson(f), exemption: f.exemption }));
  yield* list("notes", report.notes, (note) => JSON.stringify(note));
  const summary = { resources: s.resources, findings: s.findings, errors: s.errors, warnings: s.warnings, infos: s.infos, suppressed: s.suppressed, files: s.files };
  yield `  "summary": ${JSON.stringify(summary)}\n}\n`;
}

/** JSON string literal; most strings need no escaping, and skipping JSON.stringify for them is faster. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** The same text JSON.stringify(findingJson(f)) gives, written directly: reports can hold a million findings. */
function findingText(f: Finding): string {
  let text = `{"rule":${quote(f.rule)},"practice":${quote(f.practice)},"severity":${quote(f.severity)},"message":${quote(f.message)}`;
  const r = f.resource;
  if (r !== undefined) {
    text += `,"resource":{"apiVersion":${quote(r.apiVersion)},"kind":${quote(r.kind)}`;
    if (r.namespace !== undefined) text += `,"namespace":${quote(r.namespace)}`;
    if (r.name !== undefined) text += `,"name":${quote(r.name)}`;
    text += "}";
  }
  const l = f.location;
  if (l !== undefined) text += `,"location":{"file":${quote(l.file)},"line":${l.line},"column":${l.column}}`;
  if (f.path !== undefined) text += `,"path":${quote(f.path)}`;
  if (f.container !== undefined) text += `,"container":${quote(f.container)}`;
  return `${text}}`;
}

function* list<T>(name: string, items: readonly T[], toText: (item: T) => string): Generator<string> {
  if (items.length === 0) {
    yield `  "${name}": [],\n`;
    return;
  }
  yield `  "${name}": [\n`;
  // A thousand at a time: one string per item and one yield per item would cost more than the
  // serialising itself.
  const BATCH = 1000;
  for (let start = 0; start < items.length; start += BATCH) {
    const lines = items.slice(start, start + BATCH).map((item) => `    ${toText(item)}`);
    yield `${lines.join(",\n")}${start + BATCH < items.length ? "," : ""}\n`;
  }
  yield "  ],\n";
}

export function formatJson(report: ReportInput): string {
  return [...jsonChunks(report)].join("");
}
