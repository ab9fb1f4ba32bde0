// One file's text → its objects, checked by the object rules, with every finding placed at a
// file, line and column. Runs in the main thread for small inputs and in workers for large ones.
import { getIn, isObject, type JsonObject, type ObjectPath } from "../model/json.js";
import { isKubeObject, labelsOf, metadataOf, type KubeObject } from "../model/object.js";
import { isConfigurationKind } from "../model/config-files.js";
import { summarizeWorkload, type WorkloadSummary } from "../model/workload-summary.js";
import type { PodTemplate } from "../model/workloads.js";
import type { Exemption } from "../engine/exemptions.js";
import { exemptionAnnotations, readExemptionAnnotation, EXEMPTION_ANNOTATION } from "../engine/exemptions.js";
import { compareFindings, type Finding, type Location, type Note, type ResourceRef } from "../engine/findings.js";
import type { KeyedFinding } from "../engine/outcome.js";
import { resourceRefOf, type RawFinding, type RuleSet } from "../engine/run.js";
import type { PracticeId } from "../model/practices.js";
import type { Severity } from "../rules/rule.js";
import { sharedPathText } from "../model/json.js";
import { collectAnchors, type AnchorPaths, type Anchors } from "../engine/anchors.js";
import { isBlankDocument, splitDocuments } from "./documents.js";
import { parseYamlDocument, parseYamlPlain, parseYamlValue } from "./yaml.js";
import { inMemoScope } from "../model/scoped-memo.js";

/** An object kept for the index rules: its identity, and the positions of the paths they report at. */
export interface IndexRecord {
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly workload: WorkloadSummary | undefined;
  readonly object: KubeObject | undefined;
  readonly file: string;
  /** Line and column of each path an index rule often reports at. */
  readonly anchors: Anchors;
  /** The document's text, to find any other path when a finding needs it (absent for objects read from a cluster, which are kept whole). */
  readonly source: DocumentSource | undefined;
}

export interface DocumentSource {
  readonly text: string;
  /** 0-based line of the document's first line in its file. */
  readonly line: number;
  /** Path of the object inside the document (["items", 3] in a List). */
  readonly base: ObjectPath;
}

/** The object a kept record stands for, by parsing its document again. */
export function objectInSource(source: DocumentSource): KubeObject {
  const value = getIn(parseYamlPlain(source.text), source.base);
  if (!isKubeObject(value)) throw new Error("a kept document no longer parses as the object it held");
  return value;
}

/** Where a path of an object is written, by parsing its document again (nowhere for a cluster's objects). */
export function locateInSource(file: string, source: DocumentSource | undefined, path: ObjectPath): Location | undefined {
  if (source === undefined) return undefined;
  const parsed = parseYamlDocument(source.text);
  const position = parsed.ok ? parsed.map.locate([...source.base, ...path]) : { line: 1, column: 1 };
  return { file, line: source.line + position.line, column: position.column };
}

/** What the run learned from one file. */
export interface FileResult {
  readonly file: string;
  resources: number;
  /** Milliseconds spent in object rules. */
  ruleMillis: number;
  readonly findings: KeyedFinding[];
  readonly objects: Array<{ readonly key: string; readonly ref: ResourceRef; readonly file: string; readonly at?: Location }>;
  readonly notes: Note[];
  readonly records: IndexRecord[];
  readonly exemptions: Exemption[];
  /** A rule threw: an internal error, reported and made visible in the exit code. */
  readonly failures: Note[];
  /** The file could not be read as text at all. */
  readonly unreadable?: string;
}

/** How the input layer reports its own findings: through rules that may be configured. */
export interface InputRules {
  /** Severity of an input rule, or undefined when it is turned off. */
  severity(ruleId: string): Severity | undefined;
  practice(ruleId: string): PracticeId;
  known(ruleId: string): boolean;
  /** The paths index rules report at, whose positions are kept for every indexed object. */
  readonly anchorPaths: AnchorPaths;
  /** The configured options of an input rule (its defaults merged in), when it is on. */
  options(ruleId: string): Readonly<Record<string, unknown>> | undefined;
}

/** Kubernetes returns `kind: List` (and `*List`) with the objects in `items`. */
function isList(value: JsonObject): boolean {
  return typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items);
}

/** Where a piece of a file starts, when a large file is split among workers. */
export interface TextOffset {
  readonly line: number;
  readonly document: number;
}

/** A result with nothing in it yet ("" for objects that have no file). */
export function emptyResult(file: string): FileResult {
  return { file, resources: 0, ruleMillis: 0, findings: [], objects: [], notes: [], records: [], exemptions: [], failures: [] };
}

export function processText(file: string, text: string, rules: RuleSet, input: InputRules, offset: TextOffset = { line: 0, document: 0 }): FileResult {
  const result = emptyResult(file);
  const report = inputReporter(result, input);

  for (const chunk of splitDocuments(text)) {
    if (isBlankDocument(chunk.text)) continue;
    const parsed = parseYamlDocument(chunk.text);
    const at = (line: number, column: number): Location => ({ file, line: offset.line + chunk.line + line, column });
    const documentIndex = offset.document + chunk.index;
    if (!parsed.ok) {
      const position = parsed.map.positionOf(parsed.problem.offset);
      report("yaml-syntax", `YAML syntax error: ${parsed.problem.message}`, at(position.line, position.column));
      continue;
    }
    for (const problem of parsed.problems) {
      const position = parsed.map.positionOf(problem.offset);
      report("yaml-duplicate-key", problem.message[0]?.toUpperCase() + problem.message.slice(1), at(position.line, position.column));
    }
    const value = parsed.value;
    if (value === undefined || value === null) continue;
    const documentStart = parsed.map.locate([]);
    if (!isObject(value)) {
      result.notes.push({ level: "note", message: `skipped a document that is not a Kubernetes object (it is ${Array.isArray(value) ? "a sequence" : "a scalar"})`, ...at(documentStart.line, documentStart.column) });
      continue;
    }
    const objects: Array<{ object: JsonObject; base: ObjectPath }> = isList(value)
      ? (value.items as unknown[]).map((item, index) => ({ object: item as JsonObject, base: ["items", index] }))
      : [{ object: value, base: [] }];
    objects.forEach(({ object, base }, itemIndex) => {
      const source: DocumentSource = { text: chunk.text, line: offset.line + chunk.line, base };
      const locate = (path: ObjectPath): Location => {
        const position = parsed.map.locate(base.length === 0 ? path : [...base, ...path]);
        return at(position.line, position.column);
      };
      if (!isObject(object)) {
        report("object-type-missing", `List item ${itemIndex} is not an object`, locate([]));
        return;
      }
      // A document with neither field is some other YAML (Helm values, app settings): not ours to judge.
      if (base.length === 0 && object.apiVersion === undefined && object.kind === undefined && input.options("object-type-missing")?.otherDocuments !== "report") {
        const where = locate([]);
        result.notes.push({ level: "note", message: "skipped a document that is not a Kubernetes object (no apiVersion or kind)", file, line: where.line, column: where.column });
        return;
      }
      const hasApiVersion = typeof object.apiVersion === "string" && object.apiVersion !== "";
      const hasKind = typeof object.kind === "string" && object.kind !== "";
      if (!hasApiVersion || !hasKind || !isKubeObject(object)) {
        const missing = [hasApiVersion ? undefined : "apiVersion", hasKind ? undefined : "kind"].filter((m) => m !== undefined).join(" and ");
        report("object-type-missing", `The object has no ${missing}: Kubernetes cannot tell what it is`, locate(hasKind ? ["kind"] : hasApiVersion ? ["apiVersion"] : []));
        return;
      }
      checkObjectInto(result, object, { key: `${file}#${documentIndex}${base.length > 0 ? `#${itemIndex}` : ""}`, file, locate, source }, rules, input, report);
    });
  }
  result.findings.sort((a, b) => compareFindings(a.finding, b.finding));
  return result;

}

function locateFinding(raw: RawFinding, resource: Finding["resource"], locate: (path: ObjectPath) => Location | undefined): Finding {
  const location = locate(raw.path);
  return {
    rule: raw.rule,
    practice: raw.practice,
    severity: raw.severity,
    message: raw.message,
    ...(resource !== undefined ? { resource } : {}),
    ...(location !== undefined ? { location } : {}),
    path: sharedPathText(raw.path),
    ...(raw.container !== undefined ? { container: raw.container } : {}),
  };
}

/** Where one object came from: its key, file (or cluster), positions and text when it has them. */
export interface ObjectOrigin {
  readonly key: string;
  /** The file, or "" for an object read from a cluster. */
  readonly file: string;
  readonly locate: (path: ObjectPath) => Location | undefined;
  readonly source: DocumentSource | undefined;
}

/** Reports an input rule's finding into a result (nothing when the rule is off). */
export type InputReporter = (rule: string, message: string, location: Location | undefined, extra?: Partial<Finding> & { objectKey?: string }) => void;

export function inputReporter(result: FileResult, input: InputRules): InputReporter {
  return (rule, message, location, extra = {}) => {
    const severity = input.severity(rule);
    if (severity === undefined) return;
    const { objectKey, ...rest } = extra;
    result.findings.push({ finding: { rule, practice: input.practice(rule), severity, message, ...(location !== undefined ? { location } : {}), ...rest }, ...(objectKey !== undefined ? { objectKey } : {}) });
  };
}

/**
 * One object through the object rules, exemption annotations and (when index rules need it)
 * into the run's index records: the same for a file's objects and a cluster's.
 */
export function checkObjectInto(result: FileResult, object: KubeObject, origin: ObjectOrigin, rules: RuleSet, input: InputRules, report: InputReporter): void {
  // One memo scope for the object's rules and its summary: they ask for the same containers and verdicts.
  inMemoScope(() => checkObjectInScope(result, object, origin, rules, input, report));
}

function checkObjectInScope(result: FileResult, object: KubeObject, origin: ObjectOrigin, rules: RuleSet, input: InputRules, report: InputReporter): void {
  const { key, file, locate } = origin;
  result.resources += 1;
  const resource = resourceRefOf(object);
  result.objects.push({ key, ref: resource, file, ...(resource.name !== undefined ? { at: locate(["metadata", "name"]) } : {}) });
  const metadata = metadataOf(object);
  // A component's configuration file (EncryptionConfiguration, audit Policy) has no name.
  if (typeof metadata.name !== "string" && typeof metadata.generateName !== "string" && !isConfigurationKind(object.apiVersion, object.kind)) {
    report("object-name-missing", `The ${object.kind} has no metadata.name`, locate(metadata === object.metadata ? ["metadata"] : []), { resource, objectKey: key });
  }
  const rulesStarted = performance.now();
  const { findings, failures, podTemplate } = rules.checkObject(object);
  result.ruleMillis += performance.now() - rulesStarted;
  for (const raw of findings) result.findings.push({ finding: locateFinding(raw, resource, locate), objectKey: key });
  for (const failure of failures) {
    const where = locate([]);
    result.failures.push({ level: "error", message: `internal error: rule ${failure.rule} failed on ${object.kind} ${resource.name ?? ""}: ${failure.message}`, ...(file !== "" ? { file } : {}), ...(where !== undefined ? { line: where.line, column: where.column } : {}) });
  }
  for (const annotation of exemptionAnnotations(object, podTemplate?.metadata)) {
    const annotationPath: ObjectPath = [...(annotation.onTemplate ? [...(podTemplate?.path ?? []), "metadata"] : ["metadata"]), "annotations", EXEMPTION_ANNOTATION];
    const location = locate(annotationPath);
    const parsedValue = parseYamlValue(annotation.text);
    const read = parsedValue.ok ? readExemptionAnnotation(parsedValue.value, (id) => input.known(id)) : { entries: [], problems: [`its value is not valid YAML: ${parsedValue.message}`] };
    for (const problem of read.problems) report("exemption-invalid", `Invalid ${EXEMPTION_ANNOTATION} annotation: ${problem}`, location, { resource, objectKey: key });
    for (const entry of read.entries) {
      result.exemptions.push({ ...entry, objectKey: key, source: `annotation on ${object.kind} ${resource.namespace !== undefined ? `${resource.namespace}/` : ""}${resource.name ?? ""}`, location, resource });
    }
  }
  if (rules.needsIndex(object)) result.records.push(indexRecordOf(object, origin, rules, input, podTemplate));
}

/** What the index rules keep of one object: identity, labels, a workload summary or the whole object, positions. */
export function indexRecordOf(object: KubeObject, origin: ObjectOrigin, rules: RuleSet, input: InputRules, podTemplate: PodTemplate | undefined = rules.workloads.podTemplateOf(object)): IndexRecord {
  return inMemoScope(() => recordInScope(object, origin, rules, input, podTemplate));
}

function recordInScope(object: KubeObject, origin: ObjectOrigin, rules: RuleSet, input: InputRules, podTemplate: PodTemplate | undefined): IndexRecord {
  const { key, file, locate, source } = origin;
  const resource = resourceRefOf(object);
  // Positions of the paths index rules say they report at; any other path is found by
  // parsing the document again, only for the findings that need it.
  // Only paths whose parent this object has (a missing leaf resolves to that parent): the
  // rules name paths of several kinds at once, most of which this object does not have.
  const anchors = collectAnchors(input.anchorPaths, (path) => (path.length <= 1 || getIn(object, path, path.length - 1) !== undefined ? locate(path) : undefined));
  // Workloads travel as summaries (their pod specs are large); other kinds travel whole.
  const workload = podTemplate !== undefined ? summarizeWorkload(object, podTemplate, rules.workloads) : undefined;
  return {
    key,
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    name: resource.name,
    namespace: resource.namespace,
    labels: labelsOf(metadataOf(object)),
    workload,
    object: workload === undefined || source === undefined ? object : undefined,
    file,
    anchors,
    source,
  };
}
