// Exemptions: a reasoned, optionally expiring permission to ignore named rules on an object
// (by annotation) or on objects the user cannot annotate (by configuration).
import type { JsonObject, JsonValue } from "../model/json.js";
import { asObject } from "../model/json.js";
import type { Finding, Location, ResourceRef } from "./findings.js";

/** The annotation that carries exemptions on an object or its pod template. */
export const EXEMPTION_ANNOTATION = "shipshape.dev/exemptions";

export interface ExemptionMatch {
  readonly kind?: string;
  readonly namespace?: string;
  /** Object name; `*` matches any run of characters. */
  readonly name?: string;
  /** File path relative to the configuration file; a glob. */
  readonly file?: string;
}

export interface ExemptionEntry {
  readonly rules: readonly string[];
  readonly container?: string;
  readonly reason: string;
  /** Last day (UTC, inclusive) the exemption applies: YYYY-MM-DD. */
  readonly until?: string;
}

export interface Exemption extends ExemptionEntry {
  /** Where it was written, for messages: "annotation on Deployment shop/web" or ".shipshape.yaml exemptions[2]". */
  readonly source: string;
  /** Annotation exemptions apply to one object. */
  readonly objectKey?: string;
  /** Config exemptions apply to matching objects. */
  readonly match?: ExemptionMatch;
  /** Where to report about the exemption itself. */
  readonly location?: Location;
  readonly resource?: ResourceRef;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks one exemption entry (from YAML: an annotation value or a config list item) and
 * returns it, or the reasons it is invalid. `knownRule` says whether a rule id exists.
 */
export function readExemptionEntry(value: unknown, knownRule: (id: string) => boolean): { entry?: ExemptionEntry; problems: string[] } {
  const problems: string[] = [];
  const item = asObject(value);
  if (item === undefined) return { problems: ["an exemption must be a mapping with rules and reason"] };
  for (const key of Object.keys(item)) {
    if (!["rules", "container", "reason", "until", "match"].includes(key)) problems.push(`unknown key "${key}" (expected rules, container, reason, until)`);
  }
  const rawRules = item.rules;
  const rules = typeof rawRules === "string" ? [rawRules] : Array.isArray(rawRules) ? rawRules : undefined;
  if (rules === undefined || rules.length === 0) problems.push('"rules" must name at least one rule id');
  const ruleIds: string[] = [];
  for (const rule of rules ?? []) {
    if (typeof rule !== "string") problems.push('"rules" must be rule ids (strings)');
    else if (!knownRule(rule)) problems.push(`unknown rule "${rule}"`);
    else ruleIds.push(rule);
  }
  const reason = typeof item.reason === "string" ? item.reason.trim() : "";
  if (reason === "") problems.push('"reason" is required: say why the rule does not apply here');
  const container = item.container;
  if (container !== undefined && typeof container !== "string") problems.push('"container" must be a container name');
  const until = dateText(item.until);
  if (item.until !== undefined && (until === undefined || !DATE.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)))) {
    problems.push('"until" must be a date written YYYY-MM-DD');
  }
  if (problems.length > 0) return { problems };
  const entry: ExemptionEntry = {
    rules: ruleIds,
    reason,
    ...(typeof container === "string" ? { container } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  return { entry, problems };
}

function dateText(value: JsonValue | undefined): string | undefined {
  if (typeof value === "string") return value.trim();
  return undefined;
}

/** Reads the annotation's parsed value: one entry (a mapping) or a list of entries. */
export function readExemptionAnnotation(
  value: unknown,
  knownRule: (id: string) => boolean,
): { entries: ExemptionEntry[]; problems: string[] } {
  const items = Array.isArray(value) ? value : [value];
  const entries: ExemptionEntry[] = [];
  const problems: string[] = [];
  items.forEach((item, index) => {
    const read = readExemptionEntry(item, knownRule);
    if (asObject(item)?.match !== undefined) read.problems.push('"match" belongs in the configuration file; an annotation applies to its own object');
    const prefix = items.length > 1 ? `entry ${index + 1}: ` : "";
    for (const problem of read.problems) problems.push(prefix + problem);
    if (read.entry !== undefined && read.problems.length === 0) entries.push(read.entry);
  });
  return { entries, problems };
}

/** True when the exemption no longer applies on `today` (YYYY-MM-DD, UTC). */
export function isExpired(exemption: ExemptionEntry, today: string): boolean {
  return exemption.until !== undefined && exemption.until < today;
}

/** Today's date (YYYY-MM-DD, UTC); the current day is remembered until it ends (the webhook asks once per review). */
export function todayUtc(now?: Date): string {
  if (now !== undefined) return now.toISOString().slice(0, 10);
  const ms = Date.now();
  if (ms < currentDay.from || ms >= currentDay.until) {
    const from = ms - (ms % 86_400_000);
    currentDay = { text: new Date(from).toISOString().slice(0, 10), from, until: from + 86_400_000 };
  }
  return currentDay.text;
}

let currentDay = { text: "", from: 0, until: 0 };

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
  return new RegExp(`^${escaped}$`);
}

export interface FindingSubject {
  readonly finding: Finding;
  readonly objectKey?: string;
  /** File path relative to the configuration file, for `match.file` (computed only when asked). */
  readonly relativeFile?: () => string | undefined;
}

/** Whether an exemption covers a finding (expiry is checked by the caller). */
export function exemptionCovers(
  exemption: Exemption,
  subject: FindingSubject,
  fileMatches: (glob: string, file: string) => boolean,
): boolean {
  const { finding } = subject;
  if (!exemption.rules.includes(finding.rule)) return false;
  if (exemption.container !== undefined && finding.container !== exemption.container) return false;
  if (exemption.objectKey !== undefined) return exemption.objectKey === subject.objectKey;
  const match = exemption.match;
  if (match === undefined) return false;
  const resource = finding.resource;
  if (match.kind !== undefined && resource?.kind !== match.kind) return false;
  if (match.namespace !== undefined && (resource?.namespace ?? "") !== match.namespace) return false;
  if (match.name !== undefined && (resource?.name === undefined || !globToRegExp(match.name).test(resource.name))) return false;
  if (match.file !== undefined) {
    const relative = subject.relativeFile?.();
    if (relative === undefined || !fileMatches(match.file, relative)) return false;
  }
  return true;
}

/** The exemption annotation of an object and, for workloads, of its pod template. */
export function exemptionAnnotations(object: JsonObject, podTemplateMetadata: JsonObject | undefined): Array<{ text: string; onTemplate: boolean }> {
  const out: Array<{ text: string; onTemplate: boolean }> = [];
  const own = asObject(asObject(object.metadata)?.annotations)?.[EXEMPTION_ANNOTATION];
  if (typeof own === "string") out.push({ text: own, onTemplate: false });
  const template = asObject(podTemplateMetadata?.annotations)?.[EXEMPTION_ANNOTATION];
  if (typeof template === "string" && podTemplateMetadata !== asObject(object.metadata)) out.push({ text: template, onTemplate: true });
  return out;
}
