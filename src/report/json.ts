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

export function formatJson(report: ReportInput): string {
  const s = report.summary;
  return `${JSON.stringify(
    {
      version: JSON_REPORT_VERSION,
      tool: { name: "shipshape", version: report.toolVersion },
      findings: report.findings.map(findingJson),
      suppressed: report.suppressed.map((f) => ({ ...findingJson(f), exemption: f.exemption })),
      notes: report.notes,
      summary: {
        resources: s.resources,
        findings: s.findings,
        errors: s.errors,
        warnings: s.warnings,
        infos: s.infos,
        suppressed: s.suppressed,
        files: s.files,
      },
    },
    null,
    2,
  )}\n`;
}
