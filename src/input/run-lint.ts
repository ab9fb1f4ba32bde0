// `shipshape lint` as a function: paths in, a finished result out. Small inputs are checked in
// this thread; large ones are spread over worker threads, splitting very large files at
// document boundaries.
import { availableParallelism } from "node:os";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import type { ResolvedConfig } from "../engine/config.js";
import type { Note } from "../engine/findings.js";
import { finishRun, keptObject, type FinishOptions, type PartialResult, type RecordIndex, type RunResult } from "../engine/outcome.js";
import { todayUtc } from "../engine/exemptions.js";
import type { ImageScan } from "../model/image-scans.js";
import type { CustomSchema } from "../schemas/custom.js";
import { decodeText } from "./decode.js";
import { describeFsError, discoverInputs, displayPath, type ExcludeRules } from "./discover.js";
import { splitDocuments } from "./documents.js";
import { buildLinter, linterSpecOf, type Linter } from "./linter.js";
import { locateInSource, objectInSource, type FileResult, type IndexRecord } from "./process.js";
import { checkBytes, checkFile, readBytes, unreadable } from "./read.js";
import { runInWorkers } from "./worker-pool.js";
import type { WorkUnit } from "./worker-protocol.js";

export interface LintRequest {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly config: ResolvedConfig;
  /** Folder of the configuration file (or the working directory): base of its relative paths. */
  readonly configDir: string;
  readonly imageScans: readonly ImageScan[];
  /** Schemas of custom resources from --crds and `crds:`. */
  readonly customSchemas?: readonly CustomSchema[];
  /** Extra exclude globs from the command line, relative to the working directory. */
  readonly exclude?: readonly string[];
  /** "auto": workers when the input is large; a number forces that many workers; 0: none. */
  readonly threads?: "auto" | number;
  readonly today?: string;
}

export interface LintOutcome extends RunResult {
  readonly files: number;
  /** The files that were read (absolute; "-" for standard input). */
  readonly fileList: readonly string[];
}

/** Inputs smaller than this are checked in this thread: starting workers would cost more. */
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/** Files larger than this are split into pieces so that several workers share them. */
const SPLIT_MIN_BYTES = 4 * 1024 * 1024;
/** Size of those pieces: small enough that little is in flight between threads at a time. */
const PIECE_BYTES = 1024 * 1024;

export async function runLint(request: LintRequest): Promise<LintOutcome> {
  const { config, cwd, configDir } = request;
  const excludes: ExcludeRules[] = [
    { base: configDir, patterns: config.exclude },
    { base: cwd, patterns: request.exclude ?? [] },
  ];
  const discovered = await discoverInputs(request.paths, cwd, excludes);
  const inputProblems: Note[] = discovered.problems.map((p) => ({ level: "error", message: `cannot read ${p.path}: ${p.message}`, file: p.path }));
  for (const file of discovered.excluded) inputProblems.push({ level: "note", message: `skipped ${file}: excluded by the configuration`, file });

  const spec = linterSpecOf(config, request.imageScans, request.customSchemas ?? []);
  const linter = buildLinter(spec);
  const sizes = await Promise.all(discovered.files.map(async (f) => (f === "-" ? 0 : await stat(f).then((s) => s.size, () => 0))));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const cores = availableParallelism();
  const threads = request.threads === "auto" || request.threads === undefined ? automaticThreads(totalBytes, cores) : request.threads;

  let results: FileResult[];
  if (threads === 0) {
    results = [];
    for (const file of discovered.files) results.push(await checkFile(file, displayPath(file, cwd), linter));
  } else {
    const units: WorkUnit[] = [];
    const local: FileResult[] = [];
    for (const [i, absolute] of discovered.files.entries()) {
      const file = displayPath(absolute, cwd);
      const size = sizes[i] ?? 0;
      if (absolute !== "-" && size < SPLIT_MIN_BYTES) {
        units.push({ type: "file", absolute, file, size });
        continue;
      }
      // Standard input and very large files are read here and shared out in pieces.
      let bytes: Uint8Array;
      try {
        bytes = absolute === "-" ? await readBytes("-") : await readFile(absolute);
      } catch (error) {
        local.push(unreadable(file, describeFsError(error)));
        continue;
      }
      if (bytes.length < SPLIT_MIN_BYTES) {
        local.push(checkBytes(file, bytes, linter));
        continue;
      }
      const decoded = decodeText(bytes);
      if (!decoded.ok) {
        local.push(unreadable(file, decoded.reason));
        continue;
      }
      for (const unit of splitForWorkers(file, decoded.text, Math.ceil(decoded.text.length / PIECE_BYTES))) units.push(unit);
    }
    results = [...local, ...(await runInWorkers(units, spec, threads))];
  }

  const outcome = finish(results, linter, config, { configDir, cwd, today: request.today, files: discovered.files.length, inputProblems });
  return { ...outcome, notes: sortNotes(outcome.notes), files: discovered.files.length, fileList: discovered.files };
}

/** Checks texts held in memory (tests, editors, the admission webhook's callers) with a configuration. */
export function lintTexts(inputs: ReadonlyArray<{ file: string; text: string }>, config: ResolvedConfig, options: { imageScans?: readonly ImageScan[]; customSchemas?: readonly CustomSchema[]; today?: string; cwd?: string } = {}): LintOutcome {
  const linter = buildLinter(linterSpecOf(config, options.imageScans ?? [], options.customSchemas ?? []));
  const cwd = options.cwd ?? process.cwd();
  const results = inputs.map(({ file, text }) => checkBytes(file, Buffer.from(text, "utf8"), linter));
  const outcome = finish(results, linter, config, { configDir: cwd, cwd, today: options.today, files: inputs.length, inputProblems: [] });
  return { ...outcome, notes: sortNotes(outcome.notes), files: inputs.length, fileList: inputs.map((i) => i.file) };
}

function finish(
  results: readonly FileResult[],
  linter: ReturnType<typeof buildLinter>,
  config: ResolvedConfig,
  context: { configDir: string; cwd: string; today: string | undefined; files: number; inputProblems: Note[] },
): RunResult {
  const { configDir, cwd } = context;
  const fileMatchers = new Map<string, (file: string) => boolean>();
  return finishRun(
    results.map((r) => ({ ...r, notes: r.unreadable !== undefined ? [{ level: "error", message: `cannot read ${r.file}: ${r.unreadable}`, file: r.file }] : r.notes })),
    {
      ruleSet: linter.ruleSet,
      configExemptions: config.exemptions,
      today: context.today ?? todayUtc(),
      severityOf: linter.input.severity,
      practiceOf: linter.input.practice,
      optionsOf: linter.input.options,
      relativeToConfig: (file) => path.relative(configDir, path.resolve(cwd, file)).split(path.sep).join("/"),
      fileMatches: (glob, file) => {
        let match = fileMatchers.get(glob);
        if (match === undefined) fileMatchers.set(glob, (match = picomatch(glob, { dot: true })));
        return match(file);
      },
      locateInRecord: (record, path) => locateInSource(record.file, (record as IndexRecord).source, path),
      objectOf: (record) => {
        const source = (record as IndexRecord).source;
        if (source === undefined) throw new Error(`no source kept for ${record.kind} ${record.name ?? ""}`);
        return objectInSource(source);
      },
      files: context.files,
      inputProblems: context.inputProblems,
    },
  );
}

/**
 * Finishes a run over objects that have no file (read from a cluster, or under admission review):
 * nothing has a position, and kept objects are whole (there is no text to parse again).
 */
export function finishUnplaced(
  parts: readonly PartialResult[],
  linter: Linter,
  config: ResolvedConfig,
  options: { readonly today?: string | undefined; readonly runFindings?: FinishOptions["runFindings"]; readonly focus?: string; readonly over?: RecordIndex } = {},
): RunResult {
  return finishRun(parts, {
    ruleSet: linter.ruleSet,
    configExemptions: config.exemptions,
    today: options.today ?? todayUtc(),
    severityOf: linter.input.severity,
    practiceOf: linter.input.practice,
    optionsOf: linter.input.options,
    relativeToConfig: (file) => file,
    fileMatches: () => false,
    locateInRecord: () => undefined,
    objectOf: keptObject,
    files: 0,
    inputProblems: [],
    ...(options.runFindings !== undefined ? { runFindings: options.runFindings } : {}),
    ...(options.focus !== undefined ? { focus: options.focus } : {}),
    ...(options.over !== undefined ? { over: options.over } : {}),
  });
}

/**
 * Worker threads for an input: none for small inputs, where starting them costs more than they
 * save, and none on two cores, where measurements (docs/performance.md) show two parsing threads
 * slowing each other down more than they gain; otherwise one per core but the one that merges
 * and writes the report.
 */
export function automaticThreads(totalBytes: number, cores: number): number {
  if (totalBytes < PARALLEL_MIN_BYTES || cores <= 2) return 0;
  return Math.min(cores - 1, 8);
}

/** Cuts a large text into about `pieces` parts at document boundaries. */
function splitForWorkers(file: string, text: string, pieces: number): WorkUnit[] {
  const chunks = splitDocuments(text);
  const target = Math.max(1, Math.ceil(text.length / pieces));
  const units: WorkUnit[] = [];
  let start = 0;
  while (start < chunks.length) {
    const first = chunks[start];
    if (first === undefined) break;
    let end = start;
    let size = 0;
    while (end < chunks.length && (size < target || end === start)) {
      size += (chunks[end] as { text: string }).text.length;
      end += 1;
    }
    const last = chunks[end - 1] as { offset: number; text: string };
    units.push({
      type: "text",
      file,
      text: text.slice(first.offset, last.offset + last.text.length),
      offset: { line: first.line, document: first.index },
      size,
    });
    start = end;
  }
  return units;
}

function sortNotes(notes: Note[]): Note[] {
  return [...notes].sort((a, b) => {
    if ((a.file ?? "") !== (b.file ?? "")) return (a.file ?? "") < (b.file ?? "") ? -1 : 1;
    return (a.line ?? 0) - (b.line ?? 0);
  });
}
