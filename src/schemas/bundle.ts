// The bundled Kubernetes schemas (src/schemas/kubernetes-openapi.json, written by
// tools/schemas/generate.ts): per version, each definition's name → a schema shared across
// versions. Schemas are OpenAPI reduced to the keywords validation needs; `$ref` holds a bare
// definition name and `x-kinds` lists the group/version/kind a top-level definition is served as.
import type { JsonObject } from "../model/json.js";

export interface SchemaBundle {
  readonly about: string;
  readonly versions: Readonly<Record<string, { readonly module: string; readonly definitions: Readonly<Record<string, string>> }>>;
  readonly schemas: Readonly<Record<string, JsonObject>>;
}

/** "group/version/Kind" with "" for the core group, as `x-kinds` writes it. */
export function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** The group and version of an apiVersion ("apps/v1" → apps, v1; "v1" → "", v1). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Definitions of one version by name. */
export function definitionsOf(bundle: SchemaBundle, version: string): Map<string, JsonObject> {
  const entry = bundle.versions[version];
  const out = new Map<string, JsonObject>();
  if (entry === undefined) return out;
  for (const [name, id] of Object.entries(entry.definitions)) {
    const schema = bundle.schemas[id];
    if (schema !== undefined) out.set(name, schema);
  }
  return out;
}

/** group/version/Kind → definition name, for the kinds a version serves. */
export function kindsOf(definitions: ReadonlyMap<string, JsonObject>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of definitions) {
    const kinds = schema["x-kinds"];
    if (Array.isArray(kinds)) for (const kind of kinds) if (typeof kind === "string") out.set(kind, name);
  }
  return out;
}
