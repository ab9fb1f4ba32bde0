// The readable report: findings grouped by file and object, aligned, coloured on a terminal.
import pc from "picocolors";
import type { Finding, Note, SuppressedFinding, Summary } from "../engine/findings.js";

type Colors = ReturnType<typeof pc.createColors>;

export interface TextReportInput {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly notes: readonly Note[];
  readonly summary: Summary;
  readonly color: boolean;
  /** Also list the findings that exemptions silenced. */
  readonly showSuppressed?: boolean;
}

function resourceLabel(f: Finding): string {
  const r = f.resource;
  if (r === undefined) return "";
  const name = r.name ?? "(unnamed)";
  return `${r.kind} ${r.namespace !== undefined ? `${r.namespace}/` : ""}${name}`;
}

function severityLabel(c: Colors, severity: Finding["severity"]): string {
  const text = severity.padEnd(7);
  return severity === "error" ? c.red(text) : severity === "warning" ? c.yellow(text) : c.blue(text);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function renderGroup(lines: string[], c: Colors, findings: readonly Finding[], suffix: (f: Finding) => string): void {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const file = f.location?.file ?? "";
    let list = byFile.get(file);
    if (list === undefined) byFile.set(file, (list = []));
    list.push(f);
  }
  for (const [file, list] of byFile) {
    lines.push(c.underline(file === "" ? "(cluster objects)" : file));
    const width = Math.max(...list.map((f) => (f.location !== undefined ? `${f.location.line}:${f.location.column}` : "").length));
    let lastResource: string | undefined;
    for (const f of list) {
      const resource = resourceLabel(f);
      if (resource !== lastResource && resource !== "") lines.push(`  ${c.bold(resource)}`);
      lastResource = resource;
      const where = f.location !== undefined ? `${f.location.line}:${f.location.column}` : "";
      lines.push(`    ${c.dim(where.padEnd(width))}  ${severityLabel(c, f.severity)} ${f.message}  ${c.dim(suffix(f))}`);
    }
    lines.push("");
  }
}

export function formatText(report: TextReportInput): string {
  const c = pc.createColors(report.color);
  const lines: string[] = [];
  renderGroup(lines, c, report.findings, (f) => `${f.rule} (${f.practice})`);
  if (report.showSuppressed === true && report.suppressed.length > 0) {
    lines.push(c.bold("Silenced by exemptions:"));
    renderGroup(lines, c, report.suppressed, (f) => `${f.rule}; ${(f as SuppressedFinding).exemption.reason}`);
  }
  for (const note of report.notes) {
    const where = note.file !== undefined ? `${note.file}${note.line !== undefined ? `:${note.line}:${note.column ?? 1}` : ""}: ` : "";
    lines.push(note.level === "error" ? `${c.red("error")} ${where}${note.message}` : `${c.dim("note")} ${where}${note.message}`);
  }
  if (report.notes.length > 0) lines.push("");
  const s = report.summary;
  const counts = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.infos} info`;
  const scope = `${plural(s.resources, "resource")} in ${plural(s.files, "file")}`;
  const suppressed = s.suppressed > 0 ? `; ${s.suppressed} silenced by exemptions` : "";
  if (s.findings === 0) lines.push(`${c.green("✔")} No findings: ${scope}${suppressed}`);
  else lines.push(`${s.errors > 0 ? c.red("✖") : c.yellow("!")} ${plural(s.findings, "finding")} (${counts}): ${scope}${suppressed}`);
  return `${lines.join("\n")}\n`;
}
