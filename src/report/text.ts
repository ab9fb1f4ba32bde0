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
  /** Heading of findings that have no file (a cluster's objects, the run itself). */
  readonly unplacedHeading?: string;
  /** What was checked, for the last line; default "N resources in M files". */
  readonly scope?: string;
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

function* renderGroup(c: Colors, findings: readonly Finding[], suffix: (f: Finding) => string, unplacedHeading: string): Generator<string> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const file = f.location?.file ?? "";
    let list = byFile.get(file);
    if (list === undefined) byFile.set(file, (list = []));
    list.push(f);
  }
  for (const [file, list] of byFile) {
    yield `${c.underline(file === "" ? unplacedHeading : file)}\n`;
    // A position in a file, or (for a cluster's objects) the field path.
    const where = (f: Finding) => (f.location !== undefined ? `${f.location.line}:${f.location.column}` : (f.path ?? ""));
    let width = 0;
    for (const f of list) width = Math.max(width, where(f).length);
    let lastResource: string | undefined;
    for (const f of list) {
      const resource = resourceLabel(f);
      if (resource !== lastResource && resource !== "") yield `  ${c.bold(resource)}\n`;
      lastResource = resource;
      yield `    ${c.dim(where(f).padEnd(width))}  ${severityLabel(c, f.severity)} ${f.message}  ${c.dim(suffix(f))}\n`;
    }
    yield "\n";
  }
}

/** The report in pieces (lines), so that a very large report is never one string. */
export function* textChunks(report: TextReportInput): Generator<string> {
  const c = pc.createColors(report.color);
  const unplaced = report.unplacedHeading ?? "(not tied to a file)";
  yield* renderGroup(c, report.findings, (f) => `${f.rule} (${f.practice})`, unplaced);
  if (report.showSuppressed === true && report.suppressed.length > 0) {
    yield `${c.bold("Silenced by exemptions:")}\n`;
    yield* renderGroup(c, report.suppressed, (f) => `${f.rule}; ${(f as SuppressedFinding).exemption.reason}`, unplaced);
  }
  for (const note of report.notes) {
    const where = note.file !== undefined ? `${note.file}${note.line !== undefined ? `:${note.line}:${note.column ?? 1}` : ""}: ` : "";
    const label = note.level === "error" ? c.red("error") : note.level === "warning" ? c.yellow("warning") : c.dim("note");
    yield `${label} ${where}${note.message}\n`;
  }
  if (report.notes.length > 0) yield "\n";
  const s = report.summary;
  const counts = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.infos} info`;
  const scope = report.scope ?? `${plural(s.resources, "resource")} in ${plural(s.files, "file")}`;
  const suppressed = s.suppressed > 0 ? `; ${s.suppressed} silenced by exemptions` : "";
  if (s.findings === 0) yield `${c.green("✔")} No findings: ${scope}${suppressed}\n`;
  else yield `${s.errors > 0 ? c.red("✖") : c.yellow("!")} ${plural(s.findings, "finding")} (${counts}): ${scope}${suppressed}\n`;
}

export function formatText(report: TextReportInput): string {
  return [...textChunks(report)].join("");
}
