import { isObject } from "../json.js";
import type { JsonObject, JsonValue, ObjectPath } from "../json.js";

/** What a single check reports when it forbids a pod. */
export interface CheckFinding {
  reason: string;
  detail: string;
  paths: ObjectPath[];
}

/** One container of any kind, with where it sits in the pod. */
export interface ContainerView {
  /** `name`, or "" when missing or not a string (what Go's zero value would give). */
  readonly name: string;
  readonly path: ObjectPath;
  readonly object: JsonObject;
  /** `securityContext` when it is a mapping; undefined when absent, null or of the wrong type. */
  readonly securityContext: JsonObject | undefined;
}

/** A read-only view of a pod (or pod template) as the checks need it. */
export interface PodView {
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
  /** `spec.securityContext` when it is a mapping. */
  readonly podSecurityContext: JsonObject | undefined;
  /** initContainers, then containers, then ephemeralContainers: the order upstream visits them in. */
  readonly containers: readonly ContainerView[];
  /** `metadata.annotations` as strings (null becomes "", other non-strings are left out). */
  readonly annotations: ReadonlyMap<string, string>;
  /** `spec.os.name == "windows"`. */
  readonly isWindows: boolean;
  /** `spec.hostUsers` is explicitly false (the pod runs in a user namespace). */
  readonly inUserNamespace: boolean;
}

export type CheckFunction = (pod: PodView) => CheckFinding | undefined;

const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

export function buildPodView(pod: unknown): PodView {
  const root = isObject(pod) ? pod : {};
  const metadata = objectOrEmpty(root["metadata"]);
  const spec = objectOrEmpty(root["spec"]);

  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => {
      // A null entry decodes to an empty container in Go; other non-mappings are treated the same way.
      const object = isObject(item) ? item : {};
      containers.push({
        name: stringOrEmpty(object["name"]),
        path: ["spec", list, index],
        object,
        securityContext: mapping(object["securityContext"]),
      });
    });
  }

  const annotations = new Map<string, string>();
  const rawAnnotations = metadata["annotations"];
  if (isObject(rawAnnotations)) {
    for (const [key, value] of Object.entries(rawAnnotations)) {
      const text = scalarText(value);
      if (text !== undefined) annotations.set(key, text);
    }
  }

  const os = mapping(spec["os"]);
  return {
    metadata,
    spec,
    podSecurityContext: mapping(spec["securityContext"]),
    containers,
    annotations,
    isWindows: os !== undefined && os["name"] === "windows",
    inUserNamespace: spec["hostUsers"] === false,
  };
}

function objectOrEmpty(value: JsonValue | undefined): JsonObject {
  return isObject(value) ? value : {};
}

/** A mapping value, the way a Go pointer-to-struct field would be non-nil. */
export function mapping(value: JsonValue | undefined): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

/** A string field as Go would hold it: "" when absent, null or not a string. */
export function stringOrEmpty(value: JsonValue | undefined): string {
  return typeof value === "string" ? value : "";
}

function scalarText(value: JsonValue): string | undefined {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Whether a mapping has the key with a non-null value: a non-nil pointer after Go decoding. */
export function isSet(object: JsonObject | undefined, key: string): boolean {
  return object !== undefined && Object.prototype.hasOwnProperty.call(object, key) && object[key] !== null;
}

/** The value of a key on a mapping, undefined when the mapping or the key is missing. */
export function field(object: JsonObject | undefined, key: string): JsonValue | undefined {
  if (object === undefined || !Object.prototype.hasOwnProperty.call(object, key)) return undefined;
  return object[key];
}

/**
 * The path to the deepest node that exists along `keys` below `base`. Keys whose value is present
 * (even null) are included; the walk stops at the first missing key or non-mapping value.
 * Used to point at the place where a required setting is missing.
 */
export function locate(root: JsonObject, base: ObjectPath, keys: readonly string[]): ObjectPath {
  const path: (string | number)[] = [...base];
  let current: JsonValue = root;
  for (const key of keys) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) break;
    path.push(key);
    current = current[key] as JsonValue;
  }
  return path;
}

/**
 * Where a container-level setting is, e.g. `settingPath(c, "securityContext", "privileged")`;
 * when the setting is missing, the nearest parent that exists (the securityContext or the container).
 */
export function settingPath(container: ContainerView, ...keys: string[]): ObjectPath {
  return locate(container.object, container.path, keys);
}

/** Where a pod-level setting under `spec` is, or its nearest existing parent. */
export function podSettingPath(pod: PodView, ...keys: string[]): ObjectPath {
  return locate(pod.spec, ["spec"], keys);
}

/** Upstream's list formatting: each item in double quotes, separated by `, `. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? "" : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function containerList(names: readonly string[]): string {
  return `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
}

/** Compares strings by Unicode code point, which orders the same as Go's byte-wise sort of UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i]!.codePointAt(0)!;
    const y = right[i]!.codePointAt(0)!;
    if (x !== y) return x - y;
  }
  return left.length - right.length;
}

/** A de-duplicated, sorted copy: what Go's `sets.String.List()` returns. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareCodePoints);
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  "\u0007": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Double-quotes a string the way Go's `%q` verb (strconv.Quote) does. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const named = NAMED_ESCAPES[char];
    const code = char.codePointAt(0)!;
    if (named !== undefined) out += named;
    else if (PRINTABLE.test(char)) out += char;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += "\ufffd";
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}
