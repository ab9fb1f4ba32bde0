// Turning what every file produced into the run's result: index rules over all objects,
// exemptions applied (and audited), findings ordered and counted.
import type { ObjectPath } from "../model/json.js";
import { sharedPathText } from "../model/json.js";
import { anchorAt, type Anchors } from "./anchors.js";
import { apiGroupOf, type KubeObject } from "../model/object.js";
import type { WorkloadSummary } from "../model/workload-summary.js";
import { namespaceKeyOf, ResourceIndex } from "../model/resource-index.js";
import { LayeredIndex } from "../model/layered-index.js";
import type { PracticeId } from "../model/practices.js";
import type { IndexedResource, Severity } from "../rules/rule.js";
import { exemptionCovers, isExpired, type Exemption, type FindingSubject } from "./exemptions.js";
import { compareFindings, summarize, type Finding, type Location, type Note, type ResourceRef, type SuppressedFinding, type Summary } from "./findings.js";
import type { RuleSet } from "./run.js";
import { endOfLifeMessage } from "../model/kube-releases.js";
import { inMemoScope } from "../model/scoped-memo.js";

/** An object kept for index rules: its identity, and positions of the paths those rules report at. */
export interface IndexRecordLike {
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly workload: WorkloadSummary | undefined;
  /** Small objects are kept whole; workloads are parsed again when a rule reads them. */
  readonly object: KubeObject | undefined;
  readonly file: string;
  readonly anchors: Anchors;
}

/** A finding with the key of the object it is about, so exemptions on that object can find it. */
export interface KeyedFinding {
  readonly finding: Finding;
  readonly objectKey?: string;
}

export interface PartialResult {
  readonly findings: readonly KeyedFinding[];
  readonly notes: readonly Note[];
  readonly failures: readonly Note[];
  readonly records: readonly IndexRecordLike[];
  readonly exemptions: readonly Exemption[];
  readonly objects: ReadonlyArray<{ readonly key: string; readonly ref: ResourceRef; readonly file: string; readonly at?: Location }>;
  readonly resources: number;
  /** Milliseconds spent in object rules. */
  readonly ruleMillis: number;
}

export interface RunResult {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  readonly notes: Note[];
  readonly summary: Summary;
  /** Something could not be done (unreadable input, a rule that crashed): exit 2. */
  readonly incomplete: boolean;
  /** Milliseconds spent in rules: object rules (summed over threads) and index rules. */
  readonly ruleMillis: { readonly object: number; readonly index: number };
}

export interface FinishOptions {
  readonly ruleSet: RuleSet;
  readonly configExemptions: readonly Exemption[];
  readonly today: string;
  /** Severity of an input rule, undefined when off. */
  readonly severityOf: (ruleId: string) => Severity | undefined;
  readonly practiceOf: (ruleId: string) => PracticeId;
  /** Options of an input rule, when it is on. */
  readonly optionsOf?: (ruleId: string) => Readonly<Record<string, unknown>> | undefined;
  /** Path of a file relative to the configuration file's folder, for `match.file`. */
  readonly relativeToConfig: (file: string) => string;
  readonly fileMatches: (glob: string, file: string) => boolean;
  /** Where a path of a kept object is written, when no anchor was kept for it. */
  readonly locateInRecord: (record: IndexRecordLike, path: ObjectPath) => Location | undefined;
  /** The whole object of a kept record (parsed again on demand). */
  readonly objectOf: (record: IndexRecordLike) => KubeObject;
  readonly files: number;
  /** Problems with the inputs themselves (missing paths, unreadable files). */
  readonly inputProblems: readonly Note[];
  /** Keep cross-resource findings about the object of this key only (the others are not being judged); it must be the key of one of the parts' records. */
  readonly focus?: string;
  /**
   * An index of kept objects (the webhook's cached namespace) that the run's records are laid
   * over, instead of building an index of them all; its objects of the same kind and name as a
   * record of the run are left out (the run holds their new version).
   */
  readonly over?: RecordIndex;
  /** Findings about the run as a whole (the cluster a scan read), by rule id; dropped when the rule is off. */
  readonly runFindings?: ReadonlyArray<{ readonly rule: string; readonly message: string }>;
}

/** The position of a path from the anchors kept for it, when one of them is exactly that path. */
export function exactAnchor(record: IndexRecordLike, path: ObjectPath): Location | undefined {
  return anchorAt(record.anchors, record.file, path);
}

/** Input order of kept records: file, then document and List item numbers of the key. */
function compareRecords(a: IndexRecordLike, b: IndexRecordLike): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  // The keys continue "#document" or "#document#item" after the file: compared as numbers, a
  // missing item first. Read in place: a sort of many records makes many comparisons.
  let i = a.file.length;
  let j = b.file.length;
  while (i < a.key.length || j < b.key.length) {
    const [na, nextI] = numberAt(a.key, i);
    const [nb, nextJ] = numberAt(b.key, j);
    if (na !== nb) return na - nb;
    i = nextI;
    j = nextJ;
  }
  return 0;
}

/** The number after the "#" at `at` (-1 at the end of the key), and where the next part starts. */
function numberAt(key: string, at: number): [number, number] {
  if (at >= key.length) return [-1, at];
  let i = at + 1;
  let value = 0;
  for (; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code === 35) break; // "#"
    if (code < 48 || code > 57) {
      // Not a number (a key made by scan or the webhook): the rest compares as text would not; keep input order.
      return [Number.NaN, key.length];
    }
    value = value * 10 + (code - 48);
  }
  return [value, i];
}

/**
 * A kept record as index rules see it; the object is parsed the first time a rule reads it. A
 * class, not an object literal with a getter: a webhook review makes one for every cached object
 * of the namespace, and literals with accessors are slow to create.
 */
export class RecordResource implements IndexedResource {
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly workload: IndexedResource["workload"];
  readonly file: string;
  private parsed: KubeObject | undefined;

  constructor(
    readonly record: IndexRecordLike,
    private readonly objectOf: (record: IndexRecordLike) => KubeObject,
  ) {
    this.key = record.key;
    this.apiVersion = record.apiVersion;
    this.kind = record.kind;
    this.name = record.name;
    this.namespace = record.namespace;
    this.labels = record.labels;
    this.workload = record.workload;
    this.file = record.file;
    this.parsed = record.object;
  }

  get object(): KubeObject {
    return (this.parsed ??= this.objectOf(this.record));
  }
}

function refOf(record: IndexRecordLike): ResourceRef {
  return {
    apiVersion: record.apiVersion,
    kind: record.kind,
    ...(record.namespace !== undefined ? { namespace: record.namespace } : {}),
    ...(record.name !== undefined ? { name: record.name } : {}),
  };
}

/** Appends without spreading (a spread of a very large array overflows the call stack). */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Merges lists that are each sorted into one sorted list. */
function mergeSorted(lists: readonly (readonly KeyedFinding[])[]): KeyedFinding[] {
  // Parts hold different files (or consecutive pieces of one file): ordering the parts by their
  // first finding and concatenating keeps the order; the few findings made here are merged in.
  const nonEmpty = lists.filter((l) => l.length > 0).sort((a, b) => compareFindings((a[0] as KeyedFinding).finding, (b[0] as KeyedFinding).finding));
  const out: KeyedFinding[] = [];
  let sorted = true;
  for (const list of nonEmpty) {
    const last = out[out.length - 1];
    if (last !== undefined && compareFindings(last.finding, (list[0] as KeyedFinding).finding) > 0) sorted = false;
    append(out, list);
  }
  if (!sorted) out.sort((a, b) => compareFindings(a.finding, b.finding));
  return out;
}

/** An index of kept records, as index rules read them. */
export type RecordIndex = ResourceIndex<RecordResource>;

/** The index of some records, in their order (which must be input order). */
export function indexOfRecords(records: readonly IndexRecordLike[], objectOf: (record: IndexRecordLike) => KubeObject): RecordIndex {
  const index = new ResourceIndex<RecordResource>();
  for (const record of records) index.add(new RecordResource(record, objectOf));
  return index;
}

/** The object a record keeps whole (records read from a cluster keep theirs). */
export function keptObject(record: IndexRecordLike): KubeObject {
  if (record.object === undefined) throw new Error(`no object kept for ${record.kind} ${record.name ?? ""}`);
  return record.object;
}

/** `records` laid over `base`, whose objects of the same kind and name as one of them are left out. */
function layeredIndex(base: RecordIndex, records: readonly IndexRecordLike[], objectOf: (record: IndexRecordLike) => KubeObject): RecordIndex {
  const added = records.map((record) => new RecordResource(record, objectOf));
  const removed: RecordResource[] = [];
  for (const resource of added) for (const old of base.ofKind(resource.kind)) if (old.name === resource.name && namespaceKeyOf(old) === namespaceKeyOf(resource)) removed.push(old);
  return new LayeredIndex(base, added, removed);
}

export function finishRun(parts: readonly PartialResult[], options: FinishOptions): RunResult {
  const notes: Note[] = [...options.inputProblems];
  let resources = 0;
  let incomplete = options.inputProblems.some((n) => n.level === "error");
  const objects: Array<{ key: string; ref: ResourceRef; file: string; at?: Location }> = [];
  const exemptions: Exemption[] = [...options.configExemptions];
  const records: IndexRecordLike[] = [];
  for (const part of parts) {
    resources += part.resources;
    append(notes, part.notes);
    append(notes, part.failures);
    if (part.failures.length > 0) incomplete = true;
    append(records, part.records);
    append(objects, part.objects);
    append(exemptions, part.exemptions);
  }
  if (notes.some((n) => n.level === "error")) incomplete = true;
  // Index rules see objects in input order (file, document, List item) whatever thread read
  // them, so that "the first" of anything is the same in every run.
  records.sort(compareRecords);
  const index = options.over !== undefined ? layeredIndex(options.over, records, options.objectOf) : indexOfRecords(records, options.objectOf);

  const extra: KeyedFinding[] = [];
  const indexStarted = performance.now();
  const focus = options.focus !== undefined ? { key: options.focus, kind: records.find((r) => r.key === options.focus)?.kind } : undefined;
  const indexed = inMemoScope(() => options.ruleSet.checkIndex(index, focus));
  // Findings name their object by key: looked up among the run's records first (a focused run
  // reports on one of them), among every object of the index only when needed.
  let ownByKey: Map<string, IndexRecordLike> | undefined;
  let byKey: Map<string, IndexRecordLike> | undefined;
  for (const raw of indexed.findings) {
    if (ownByKey === undefined) ownByKey = new Map(records.map((r) => [r.key, r]));
    let record = ownByKey.get(raw.resourceKey);
    if (record === undefined) {
      if (byKey === undefined) {
        byKey = new Map();
        for (const resource of index.all()) byKey.set(resource.key, resource.record);
      }
      record = byKey.get(raw.resourceKey);
    }
    if (record === undefined) continue;
    const finding: Finding = {
      rule: raw.rule,
      practice: raw.practice,
      severity: raw.severity,
      message: raw.message,
      resource: refOf(record),
      ...optionalLocation(exactAnchor(record, raw.path) ?? options.locateInRecord(record, raw.path)),
      path: sharedPathText(raw.path),
      ...(raw.container !== undefined ? { container: raw.container } : {}),
    };
    extra.push({ finding, objectKey: record.key });
  }
  for (const failure of indexed.failures) {
    notes.push({ level: "error", message: `internal error: rule ${failure.rule} failed: ${failure.message}` });
    incomplete = true;
  }
  append(extra, duplicateObjects(objects, options));
  const indexMillis = performance.now() - indexStarted;
  extra.sort((a, b) => compareFindings(a.finding, b.finding));
  const findings = mergeSorted([...parts.map((p) => p.findings), extra]);

  // Exemptions: expired ones no longer apply and say so; live ones silence what they cover.
  const used = new Set<Exemption>();
  const suppressed: SuppressedFinding[] = [];
  const live = exemptions.filter((e) => !isExpired(e, options.today));
  let kept: Finding[];
  if (live.length === 0) {
    kept = findings.map((f) => f.finding);
  } else {
    kept = [];
    for (const { finding, objectKey } of findings) {
      const subject: FindingSubject = {
        finding,
        ...(objectKey !== undefined ? { objectKey } : {}),
        relativeFile: () => (finding.location !== undefined ? options.relativeToConfig(finding.location.file) : undefined),
      };
      const exemption = live.find((e) => exemptionCovers(e, subject, options.fileMatches));
      if (exemption === undefined) {
        kept.push(finding);
        continue;
      }
      used.add(exemption);
      suppressed.push({ ...finding, exemption: { reason: exemption.reason, source: exemption.source, ...(exemption.until !== undefined ? { until: exemption.until } : {}) } });
    }
  }

  let enabledIds: Set<string> | undefined;
  const enabled = (id: string): boolean => {
    if (enabledIds === undefined) {
      enabledIds = new Set();
      for (const r of options.ruleSet.objectRules) enabledIds.add(r.rule.id);
      for (const r of options.ruleSet.indexRules) enabledIds.add(r.rule.id);
    }
    return enabledIds.has(id);
  };
  const audits: Finding[] = [];
  const audit = (rule: string, exemption: Exemption, message: string) => {
    const severity = options.severityOf(rule);
    if (severity === undefined) return;
    audits.push({
      rule,
      practice: options.practiceOf(rule),
      severity,
      message,
      ...(exemption.resource !== undefined ? { resource: exemption.resource } : {}),
      ...(exemption.location !== undefined ? { location: exemption.location } : {}),
    });
  };
  for (const exemption of exemptions) {
    const rules = exemption.rules.join(", ");
    if (isExpired(exemption, options.today)) {
      audit("exemption-expired", exemption, `The exemption for ${rules} (${exemption.source}) expired on ${exemption.until}; its findings are reported again`);
      continue;
    }
    if (used.has(exemption)) continue;
    if (exemption.match !== undefined && !objects.some((o) => matchesObject(exemption, o, options))) continue;
    const off = exemption.rules.filter((r) => !enabled(r));
    const why = off.length === exemption.rules.length ? ` (${off.length === 1 ? "that rule is" : "those rules are"} turned off)` : "";
    audit("exemption-unused", exemption, `The exemption for ${rules} (${exemption.source}) silences nothing${why}: remove it or correct it`);
  }
  // The run's target version, judged once.
  const endOfLife = resources > 0 && options.severityOf("kube-version-end-of-life") !== undefined ? endOfLifeMessage(options.ruleSet.kubeVersion, options.today) : undefined;
  for (const { rule, message } of options.runFindings ?? []) {
    const severity = options.severityOf(rule);
    if (severity !== undefined) audits.push({ rule, practice: options.practiceOf(rule), severity, message });
  }
  if (endOfLife !== undefined) {
    audits.push({ rule: "kube-version-end-of-life", practice: options.practiceOf("kube-version-end-of-life"), severity: options.severityOf("kube-version-end-of-life") as Severity, message: endOfLife });
  }
  if (audits.length > 0) {
    append(kept, audits);
    kept.sort(compareFindings);
  }
  suppressed.sort(compareFindings);
  const objectMillis = parts.reduce((sum, part) => sum + part.ruleMillis, 0);
  return { findings: kept, suppressed, notes, summary: summarize(kept, resources, options.files, suppressed.length), incomplete, ruleMillis: { object: objectMillis, index: indexMillis } };
}

function matchesObject(exemption: Exemption, object: { ref: ResourceRef; file: string }, options: FinishOptions): boolean {
  const probe: Finding = { rule: exemption.rules[0] ?? "", practice: "manifest-lint", severity: "info", message: "", resource: object.ref, ...(exemption.container !== undefined ? { container: exemption.container } : {}) };
  return exemptionCovers(exemption, { finding: probe, relativeFile: () => options.relativeToConfig(object.file) }, options.fileMatches);
}

/**
 * The same object defined more than once in a run (same API group, kind, namespace and name):
 * applying both, the later silently replaces the earlier. Reported at each copy after the first.
 */
function duplicateObjects(objects: ReadonlyArray<{ key: string; ref: ResourceRef; file: string; at?: Location }>, options: FinishOptions): KeyedFinding[] {
  const severity = options.severityOf("object-duplicate");
  if (severity === undefined) return [];
  const scope = options.optionsOf?.("object-duplicate")?.scope ?? "folder";
  // Input order differs with threading; positions do not.
  const ordered = [...objects].sort((a, b) => {
    const fa = a.at?.file ?? a.file;
    const fb = b.at?.file ?? b.file;
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0);
  });
  const first = new Map<string, { ref: ResourceRef; at?: Location; file: string }>();
  const out: KeyedFinding[] = [];
  for (const object of ordered) {
    const { ref } = object;
    if (ref.name === undefined) continue;
    const group = apiGroupOf(ref.apiVersion);
    const within = scope === "file" ? object.file : scope === "folder" ? object.file.slice(0, Math.max(0, object.file.lastIndexOf("/"))) : "";
    const identity = `${within}\u0000${group}\u0000${ref.kind}\u0000${ref.namespace ?? ""}\u0000${ref.name}`;
    const earlier = first.get(identity);
    if (earlier === undefined) {
      first.set(identity, object);
      continue;
    }
    const where = earlier.at !== undefined ? `${earlier.at.file}:${earlier.at.line}` : earlier.file;
    const inNamespace = ref.namespace !== undefined ? ` in namespace "${ref.namespace}"` : "";
    out.push({
      finding: {
        rule: "object-duplicate",
        practice: options.practiceOf("object-duplicate"),
        severity,
        message: `${ref.kind} "${ref.name}"${inNamespace} is already defined at ${where}${earlier.ref.apiVersion !== ref.apiVersion ? ` (as ${earlier.ref.apiVersion})` : ""}: applied together, the later copy silently replaces the earlier one`,
        resource: ref,
        ...(object.at !== undefined ? { location: object.at } : {}),
      },
      objectKey: object.key,
    });
  }
  return out;
}

function optionalLocation(location: Location | undefined): { location?: Location } {
  return location !== undefined ? { location } : {};
}
