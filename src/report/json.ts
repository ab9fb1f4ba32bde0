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
  yield* list("findings", report.findings.map(findingJson));
  yield* list("suppressed", report.suppressed.map((f) => ({ ...findingJson(f), exemption: f.exemption })));
  yield* list("notes", report.notes);
  const summary = { resources: s.resources, findings: s.findings, errors: s.errors, warnings: s.warnings, infos: s.infos, suppressed: s.suppressed, files: s.files };
  yield `  "summary": ${JSON.stringify(summary)}\n}\n`;
}

function* list(name: string, items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield `  "${name}": [],\n`;
    return;
  }
  yield `  "${name}": [\n`;
  for (let i = 0; i < items.length; i++) yield `    ${JSON.stringify(items[i])}${i + 1 < items.length ? "," : ""}\n`;
  yield "  ],\n";
}

export function formatJson(report: ReportInput): string {
  return [...jsonChunks(report)].join("");
}
