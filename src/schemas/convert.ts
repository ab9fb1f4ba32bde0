// Kubernetes OpenAPI → the JSON Schema (draft-07) our validator is compiled from, with the API
// server's reading of a manifest: a null field is an absent one, int-or-string and quantities
// take both forms, quantities and dates must parse, 32-bit integers must fit, an empty string is
// "unset" for enums, and (strict) a field the schema does not know is an error.
import { isObject, type JsonObject, type JsonValue } from "../model/json.js";

/** resource.Quantity: a signed decimal with an optional binary or decimal suffix or exponent. */
export const QUANTITY_PATTERN = "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\\d+)?$";
/** metav1.Time: RFC 3339. */
export const DATE_TIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$";
/** []byte fields: standard base64 (Go's decoder skips line breaks). */
export const BASE64_PATTERN = "^[A-Za-z0-9+/\\r\\n]*(=[\\r\\n]*){0,2}$";

export const INT32 = { minimum: -2147483648, maximum: 2147483647 } as const;

export interface ConvertOptions {
  /** Where `$ref: NAME` points, e.g. "#/definitions/". */
  readonly refPrefix: string;
}

/** One bundled definition (see bundle.ts) as JSON Schema. */
export function convertBuiltin(schema: JsonObject, options: ConvertOptions): JsonObject {
  if (typeof schema.$ref === "string") return { $ref: `${options.refPrefix}${schema.$ref}` };
  if (Array.isArray(schema.oneOf)) {
    // The two unions of the built-in schemas: Quantity (string | number), IntOrString.
    const types = schema.oneOf.map((branch) => (isObject(branch) ? branch.type : undefined));
    return types.includes("number") ? { type: ["string", "number", "null"], pattern: QUANTITY_PATTERN } : { type: ["integer", "string", "null"] };
  }
  if (schema["x-kubernetes-int-or-string"] === true) return { type: ["integer", "string", "null"] };
  const out: Record<string, JsonValue> = {};
  if (typeof schema.type === "string") out.type = [schema.type, "null"];
  if (schema.format === "int32") Object.assign(out, INT32);
  else if (schema.format === "date-time") out.pattern = DATE_TIME_PATTERN;
  else if (schema.format === "byte") out.pattern = BASE64_PATTERN;
  if (Array.isArray(schema.enum)) out.enum = [...new Set([...schema.enum, ""])].concat([null]) as JsonValue[];
  const properties = schema.properties;
  if (isObject(properties)) {
    const converted: Record<string, JsonValue> = {};
    for (const [name, property] of Object.entries(properties)) if (isObject(property)) converted[name] = convertBuiltin(property, options);
    out.properties = converted;
    if (schema.additionalProperties === undefined && schema["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
  }
  if (typeof schema.additionalProperties === "boolean") out.additionalProperties = schema.additionalProperties;
  else if (isObject(schema.additionalProperties)) out.additionalProperties = convertBuiltin(schema.additionalProperties, options);
  if (isObject(schema.items)) out.items = convertBuiltin(schema.items, options);
  if (Array.isArray(schema.required) && schema.required.length > 0) out.required = schema.required;
  return out;
}
