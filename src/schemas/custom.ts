// Schemas of custom resources: from CustomResourceDefinitions (in the run, or given with
// --crds) and from JSON Schema files named as kubeconform and the CRDs catalog name them. They are
// compiled on first use, here, with the same reading of a manifest as the built-in kinds (a null
// field is pruned by the API server, so it passes), and with the formats the API server checks.
import type { Ajv, ErrorObject } from "ajv";
import { ajvClass } from "./ajv-class.js";
import { createHash } from "node:crypto";
import { asObject, isObject, type JsonObject, type JsonValue } from "../model/json.js";
import { BASE64_PATTERN, DATE_TIME_PATTERN } from "./convert.js";

export interface CustomSchema {
  /** undefined: any group (a schema file whose name gives none). */
  readonly group: string | undefined;
  readonly version: string;
  readonly kind: string;
  /** Schema files name kinds in lower case. */
  readonly kindCase: "exact" | "lower";
  /** The CRD serves this version. */
  readonly served: boolean;
  /** undefined when the CRD gives no schema for this version (anything goes). */
  readonly schema: JsonObject | undefined;
  /** Where it came from, for messages: `CustomResourceDefinition "x"` or a file. */
  readonly source: string;
}

/** The schemas one CRD defines (apiextensions.k8s.io/v1, and v1beta1's older layout). */
export function schemasOfCrd(crd: JsonObject, source: string): CustomSchema[] {
  const spec = asObject(crd.spec);
  const group = typeof spec?.group === "string" ? spec.group : undefined;
  const kind = asObject(spec?.names)?.kind;
  if (spec === undefined || group === undefined || typeof kind !== "string") return [];
  const shared = asObject(asObject(spec.validation)?.openAPIV3Schema);
  const versions = Array.isArray(spec.versions) ? spec.versions : typeof spec.version === "string" ? [{ name: spec.version, served: true }] : [];
  const out: CustomSchema[] = [];
  for (const item of versions) {
    const version = asObject(item);
    if (version === undefined || typeof version.name !== "string") continue;
    const own = asObject(asObject(version.schema)?.openAPIV3Schema);
    out.push({ group, version: version.name, kind, kindCase: "exact", served: version.served !== false, schema: own ?? shared, source });
  }
  return out;
}

/**
 * A JSON Schema file for one kind, named `<kind>_<version>.json` (the CRDs catalog; its folder is
 * the group) or `<kind>-<group prefix>-<version>.json` (openapi2jsonschema, kubeconform).
 */
export function schemaOfFile(fileName: string, folderName: string, schema: JsonObject, source: string): CustomSchema | undefined {
  const base = fileName.replace(/\.json$/i, "");
  const version = /^v\d+((alpha|beta)\d+)?$/;
  const underscore = base.lastIndexOf("_");
  if (underscore > 0 && version.test(base.slice(underscore + 1))) {
    return { group: folderName.includes(".") ? folderName : undefined, version: base.slice(underscore + 1), kind: base.slice(0, underscore).toLowerCase(), kindCase: "lower", served: true, schema, source };
  }
  const parts = base.split("-");
  const last = parts[parts.length - 1] ?? "";
  if (parts.length >= 2 && version.test(last)) {
    return { group: undefined, version: last, kind: (parts[0] ?? "").toLowerCase(), kindCase: "lower", served: true, schema, source };
  }
  return undefined;
}

export function schemaMatches(schema: CustomSchema, group: string, version: string, kind: string): boolean {
  const kindMatches = schema.kindCase === "exact" ? schema.kind === kind : schema.kind === kind.toLowerCase();
  return kindMatches && schema.version === version && (schema.group === undefined || schema.group === group);
}

/** The kind matches, whatever the version (to say which versions exist). */
export function schemaMatchesKind(schema: CustomSchema, group: string, kind: string): boolean {
  const kindMatches = schema.kindCase === "exact" ? schema.kind === kind : schema.kind === kind.toLowerCase();
  return kindMatches && (schema.group === undefined || schema.group === group);
}

/** OpenAPI v3 as CRDs write it → JSON Schema as ajv reads it. */
export function convertStructural(schema: JsonValue, strict: boolean, root = true): JsonValue {
  if (!isObject(schema)) return schema;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "nullable" || key === "description" || key === "example" || key === "externalDocs" || key === "$schema" || key === "id") continue;
    if (key === "properties" || key === "patternProperties" || key === "definitions" || key === "dependencies") {
      const converted: Record<string, JsonValue> = {};
      for (const [name, sub] of Object.entries(asObject(value) ?? {})) converted[name] = convertStructural(sub, strict, false);
      out[key] = converted;
    } else if (key === "items" || key === "additionalProperties" || key === "not" || key === "additionalItems") {
      out[key] = Array.isArray(value) ? value.map((v) => convertStructural(v, strict, false)) : typeof value === "boolean" ? value : convertStructural(value, strict, false);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = Array.isArray(value) ? value.map((v) => convertStructural(v, strict, false)) : value;
    } else out[key] = value;
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    delete out.anyOf;
    delete out.oneOf;
    out.type = ["integer", "string"];
  }
  // The API server prunes null fields before it validates a custom resource.
  if (typeof out.type === "string") out.type = [out.type, "null"];
  else if (Array.isArray(out.type) && !out.type.includes("null")) out.type = [...out.type, "null"];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  const properties = asObject(out.properties);
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  if (properties !== undefined && (root || embedded)) {
    // Every object carries these, whether or not its schema says so.
    out.properties = { apiVersion: { type: ["string", "null"] }, kind: { type: ["string", "null"] }, metadata: { type: ["object", "null"] }, ...properties };
  }
  if (strict && properties !== undefined && out.additionalProperties === undefined && schema["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
  return out;
}

export type CustomValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Formats the API server checks in custom resources; any other format is accepted. */
const FORMATS: Record<string, RegExp | true> = {
  "date-time": new RegExp(DATE_TIME_PATTERN),
  datetime: new RegExp(DATE_TIME_PATTERN),
  date: /^\d{4}-\d{2}-\d{2}$/,
  // Go durations (1h30m, 250ms) and the unit words strfmt accepts (3 days, 1w).
  duration: /^\s*(\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w|sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days|wk|wks|week|weeks)\s*)+$/,
  byte: new RegExp(BASE64_PATTERN),
  uuid: /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
  ipv4: /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/,
  cidr: /^[0-9a-fA-F.:]+\/\d{1,3}$/,
  mac: /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/,
};

/**
 * CRD patterns are Go (RE2) regular expressions. Most read the same in JavaScript; a leading
 * `(?i)`-style flag group becomes a flag, and a pattern JavaScript cannot read at all is not
 * checked (rather than failing the whole schema).
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string): { test: (s: string) => boolean } => {
    let source = pattern;
    let extra = "";
    const inline = /^\(\?([imsU]+)\)/.exec(source);
    if (inline !== null) {
      source = source.slice(inline[0].length);
      if (inline[1]?.includes("i") === true) extra += "i";
      if (inline[1]?.includes("s") === true) extra += "s";
      if (inline[1]?.includes("m") === true) extra += "m";
    }
    for (const attempt of [flags + extra, extra]) {
      try {
        return new RegExp(source, attempt);
      } catch {
        // try the next reading
      }
    }
    return { test: () => true };
  },
  { code: "new RegExp" },
);

let ajv: Ajv | undefined;
const compiled = new Map<string, CustomValidator>();

function customAjv(): Ajv {
  if (ajv === undefined) {
    const AjvClass = ajvClass();
    ajv = new AjvClass({ allErrors: true, strict: false, messages: false, logger: false, validateSchema: false, code: { regExp: goRegExp } });
    for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  }
  return ajv;
}

/** The validator of a schema (compiled once per schema and strictness). */
export function customValidator(schema: JsonObject, strict: boolean): CustomValidator {
  const converted = convertStructural(schema, strict) as JsonObject;
  const key = createHash("sha256").update(JSON.stringify(converted)).digest("hex");
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = customAjv().compile(converted) as CustomValidator;
    compiled.set(key, validate);
  }
  return validate;
}
