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

/** The report in pieces, so that a report of a million findings never has to be one string. */
export function* jsonChunks(report: ReportInput): Generator<string> {
  const s = report.summary;
  const indent = (json: string) => json.replaceAll("\n", "\n    ");
  yield `{\n  "version": ${JSON_REPORT_VERSION},\n  "tool": ${JSON.stringify({ name: "shipshape", version: report.toolVersion })},\n`;
  yield '  "findings": [';
  let first = true;
  for (const f of report.findings) {
    yield `${first ? "" : ","}\n    ${indent(JSON.stringify(findingJson(f), null, 2))}`;
    first = false;
  }
  yield `${first ? "" : "\n  "}],\n  "suppressed": [`;
  first = true;
  for (const f of report.suppressed) {
    yield `${first ? "" : ","}\n    ${indent(JSON.stringify({ ...findingJson(f), exemption: f.exemption }, null, 2))}`;
    first = false;
  }
  yield `${first ? "" : "\n  "}],\n  "notes": [`;
  first = true;
  for (const note of report.notes) {
    yield `${first ? "" : ","}\n    ${indent(JSON.stringify(note, null, 2))}`;
    first = false;
  }
  const summary = { resources: s.resources, findings: s.findings, errors: s.errors, warnings: s.warnings, infos: s.infos, suppressed: s.suppressed, files: s.files };
  yield `${first ? "" : "\n  "}],\n  "summary": ${JSON.stringify(summary, null, 2).replaceAll("\n", "\n  ")}\n}\n`;
}

export function formatJson(report: ReportInput): string {
  return [...jsonChunks(report)].join("");
}
