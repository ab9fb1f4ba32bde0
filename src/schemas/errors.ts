// What a validator's errors mean to the person who wrote the manifest: one problem per field,
// at the field (or the unknown key), in words that say what to write instead. Values are quoted
// only where they cannot be secret (enum choices, quantities); never for Secret data.
import type { ErrorObject } from "ajv";
import { formatPath, isObject, type JsonObject, type JsonValue, type ObjectPath } from "../model/json.js";
import { closestId } from "../model/spelling.js";
import { BASE64_PATTERN, DATE_TIME_PATTERN, QUANTITY_PATTERN } from "./convert.js";

export interface SchemaProblem {
  /** The field, or the unknown key, relative to the object. */
  readonly path: ObjectPath;
  readonly message: string;
}

export interface DescribeOptions {
  /** Report fields the schema does not know. */
  readonly strict: boolean;
  /** The field names allowed at a path (for "did you mean"), when known. */
  readonly fieldsAt?: (path: ObjectPath) => readonly string[] | undefined;
  /** Whether values may be quoted (false for Secrets). */
  readonly quoteValues: boolean;
}

/** ajv's JSON pointer, read against the object so that array indexes become numbers. */
export function pointerToObjectPath(pointer: string, root: unknown): ObjectPath {
  if (pointer === "") return [];
  const out: Array<string | number> = [];
  let at: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(at)) {
      const index = Number(part);
      out.push(index);
      at = at[index];
    } else {
      out.push(part);
      at = isObject(at) ? at[part] : undefined;
    }
  }
  return out;
}

function valueAt(root: unknown, path: ObjectPath): unknown {
  let at = root;
  for (const step of path) at = Array.isArray(at) ? at[step as number] : isObject(at) ? at[String(step)] : undefined;
  return at;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return typeof value;
}

function wanted(types: readonly string[]): string {
  const words = types
    .filter((t) => t !== "null")
    .map((t) => ({ integer: "an integer", number: "a number", string: "a string", boolean: "a boolean (true or false)", object: "a mapping", array: "a list" })[t] ?? t);
  return words.length <= 1 ? (words[0] ?? "null") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function field(path: ObjectPath): string {
  return path.length === 0 ? "the object" : formatPath(path);
}

export function describeErrors(errors: readonly ErrorObject[], object: JsonObject | JsonValue, options: DescribeOptions): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const add = (path: ObjectPath, message: string) => {
    const key = `${formatPath(path)}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ path, message });
  };
  for (const error of errors) {
    const path = pointerToObjectPath(error.instancePath, object);
    const value = valueAt(object, path);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case "additionalProperties": {
        if (!options.strict) break;
        const name = String(params.additionalProperty);
        const known = options.fieldsAt?.(path);
        const hint = known === undefined ? undefined : closestId(name, known);
        add([...path, name], `unknown field "${name}" in ${field(path)}${hint !== undefined ? ` (did you mean "${hint}"?)` : ""}: the API server rejects it (or drops it) and it has no effect`);
        break;
      }
      case "required":
        add(path, `${field(path)} is missing the required field "${String(params.missingProperty)}"`);
        break;
      case "type": {
        const types = Array.isArray(params.type) ? params.type.map(String) : [String(params.type)];
        const hint = typeof value === "string" && types.includes("integer") && /^-?\d+$/.test(value) ? ": remove the quotes" : typeof value === "string" && types.includes("boolean") && /^(true|false)$/i.test(value) ? ": remove the quotes" : "";
        add(path, `${field(path)} must be ${wanted(types)}, not ${typeName(value)}${hint}`);
        break;
      }
      case "enum": {
        const allowed = (Array.isArray(params.allowedValues) ? params.allowedValues : []).filter((v) => v !== null && v !== "").map(String);
        const shown = options.quoteValues && typeof value === "string" && value.length <= 64 ? ` "${value}"` : "";
        const hint = typeof value === "string" ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
        add(path, `${field(path)}${shown !== "" ? ` is${shown}, but it` : ""} must be one of ${allowed.join(", ")}${hint !== undefined ? ` (values are case-sensitive: "${hint}")` : ""}`);
        break;
      }
      case "pattern": {
        const pattern = String(params.pattern);
        if (pattern === QUANTITY_PATTERN) {
          const shown = options.quoteValues && typeof value === "string" && value.length <= 64 ? ` "${value}"` : "";
          add(path, `${field(path)}${shown} is not a quantity: write a number with an optional suffix such as 250m, 0.5, 128Mi or 2Gi (binary suffixes are Ki, Mi, Gi, Ti; decimal ones k, M, G, T)`);
        } else if (pattern === DATE_TIME_PATTERN) add(path, `${field(path)} is not an RFC 3339 time such as 2024-05-01T12:00:00Z`);
        else if (pattern === BASE64_PATTERN) add(path, `${field(path)} is not valid base64: encode the value (\`base64 -w0\`), or put the plain text under stringData instead`);
        else add(path, `${field(path)} does not match the pattern ${pattern}`);
        break;
      }
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum": {
        const limit = Number(params.limit);
        if (Math.abs(limit) === 2147483647 || limit === -2147483648) add(path, `${field(path)} does not fit in a 32-bit integer (-2147483648 to 2147483647)`);
        else add(path, `${field(path)} must be ${error.keyword.endsWith("imum") && error.keyword.startsWith("min") ? "at least" : error.keyword === "maximum" ? "at most" : error.keyword === "exclusiveMinimum" ? "more than" : "less than"} ${limit}`);
        break;
      }
      case "minLength":
        add(path, `${field(path)} must have at least ${String(params.limit)} characters`);
        break;
      case "maxLength":
        add(path, `${field(path)} must have at most ${String(params.limit)} characters`);
        break;
      case "minItems":
        add(path, `${field(path)} must have at least ${String(params.limit)} items`);
        break;
      case "maxItems":
        add(path, `${field(path)} must have at most ${String(params.limit)} items`);
        break;
      case "format":
        add(path, `${field(path)} is not a valid ${String(params.format)}`);
        break;
      case "const":
        add(path, `${field(path)} must be ${JSON.stringify(params.allowedValue)}`);
        break;
      case "oneOf":
      case "anyOf":
      case "not":
      case "if":
        // The branches report what is wrong; the combinator adds nothing a user can act on,
        // unless nothing else was reported at this field.
        break;
      default:
        add(path, `${field(path)} is invalid (${error.keyword})`);
    }
  }
  // A union that failed with nothing more specific below it.
  for (const error of errors) {
    if (error.keyword !== "oneOf" && error.keyword !== "anyOf" && error.keyword !== "not") continue;
    const path = pointerToObjectPath(error.instancePath, object);
    const text = formatPath(path);
    if (problems.some((p) => formatPath(p.path).startsWith(text))) continue;
    add(path, `${field(path)} does not match any of the forms the schema allows`);
  }
  return problems;
}

/** The field names a schema allows at a path, following `$ref` (bare definition names), items and maps. */
export function fieldsAtPath(definitions: ReadonlyMap<string, JsonObject>, root: string, path: ObjectPath): string[] | undefined {
  const resolve = (schema: JsonObject | undefined): JsonObject | undefined => {
    let at = schema;
    for (let hops = 0; at !== undefined && typeof at.$ref === "string" && hops < 50; hops++) at = definitions.get(at.$ref);
    return at;
  };
  let schema = resolve(definitions.get(root));
  for (const step of path) {
    if (schema === undefined) return undefined;
    if (typeof step === "number") schema = resolve(isObject(schema.items) ? schema.items : undefined);
    else {
      const properties = isObject(schema.properties) ? schema.properties : undefined;
      const next = properties?.[step];
      schema = resolve(isObject(next) ? next : isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    }
  }
  return schema !== undefined && isObject(schema.properties) ? Object.keys(schema.properties) : undefined;
}
