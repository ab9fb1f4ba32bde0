/** Plain data as it comes out of a YAML or JSON document, or from the API server. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A path into an object: keys of mappings and indexes of sequences. */
export type ObjectPath = readonly (string | number)[];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asArray(value: unknown): JsonValue[] {
  return Array.isArray(value) ? (value as JsonValue[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Reads a nested value (at the first `steps` steps of the path); undefined when any step is missing or of the wrong shape. */
export function getIn(value: unknown, path: ObjectPath, steps: number = path.length): JsonValue | undefined {
  let current: unknown = value;
  for (let i = 0; i < steps; i++) {
    const step = path[i] as string | number;
    if (typeof step === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = current[step];
    }
  }
  return current as JsonValue | undefined;
}

/** Distinct path texts kept by `sharedPathText`; bounded so that a long-running server cannot grow it forever. */
const sharedPaths = new Map<string, string>();
const SHARED_PATHS_LIMIT = 20_000;

/**
 * `formatPath` for text that is kept (a finding's path): the same few hundred paths recur across
 * thousands of objects, so one flat copy of each is shared instead of a new string per finding.
 */
export function sharedPathText(path: ObjectPath): string {
  const text = formatPath(path);
  const shared = sharedPaths.get(text);
  if (shared !== undefined) return shared;
  if (sharedPaths.size < SHARED_PATHS_LIMIT) sharedPaths.set(text, flatText(text));
  return text;
}

/**
 * Text built by joining pieces, as one flat string. V8 keeps a joined string as a tree of its
 * pieces (about ten for a finding's message, each holding on to its parts) until something reads
 * it; a run keeps its findings until the report is written, which then reads and copies each
 * text. Reading a character now flattens it while it is young, and the pieces die at once: less
 * memory held through the run and no copies at the end.
 */
export function flatText(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** `spec.containers[0].image`, the way kubectl and users write a field path. */
export function formatPath(path: ObjectPath): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}
