// Writes src/schemas/kubernetes-openapi.json: the OpenAPI schemas of every bundled Kubernetes
// minor, from the source of truth, with no network but the Go module proxy.
//
//   node --import tsx tools/schemas/generate.ts          regenerate from the pinned versions
//   node --import tsx tools/schemas/generate.ts --check  fail when the committed file is stale
//
// For each pinned release it downloads the `k8s.io/kubernetes` module (`go mod download`, into
// the go command's module cache) and reads:
// - `api/openapi-spec/v3/*.json`: the OpenAPI v3 documents a kube-apiserver of that release
//   serves (upstream's hack/update-openapi-spec.sh writes them from a running server);
// - `pkg/generated/openapi/zz_generated.openapi.go`: the definitions compiled into the server,
//   for the allowed values of enum fields, which the published documents leave out.
// Documentation, defaults and patch hints are dropped; schemas equal across versions are stored
// once. See docs/schemas.md.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The newest patch of each minor that the module proxy served when this list was last updated. */
export const PINNED: Readonly<Record<string, string>> = {
  "1.32": "v1.32.13",
  "1.33": "v1.33.13",
  "1.34": "v1.34.4",
  "1.35": "v1.35.4",
  "1.36": "v1.36.3",
  "1.37": "v1.37.2",
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUTPUT = path.join(ROOT, "src/schemas/kubernetes-openapi.json");
const VERSIONS_MODULE = path.join(ROOT, "src/schemas/versions.generated.ts");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

const isMap = (v: Json | undefined): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keywords kept: what validation needs. */
const KEPT = new Set([
  "type",
  "format",
  "properties",
  "items",
  "additionalProperties",
  "required",
  "$ref",
  "oneOf",
  "enum",
  "x-kubernetes-int-or-string",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-embedded-resource",
]);

function moduleDir(version: string): string {
  const out = execFileSync("go", ["mod", "download", "-json", `k8s.io/kubernetes@${version}`], {
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" },
    cwd: ROOT,
  });
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (info.Dir === undefined) throw new Error(`go mod download k8s.io/kubernetes@${version}: ${info.Error ?? "no module directory"}`);
  return info.Dir;
}

/** One schema, reduced to what validation needs; `$ref`s become bare definition names. */
function reduce(schema: Json): Json {
  if (!isMap(schema)) return schema;
  // `allOf: [{$ref}]` is how the documents attach a description or default to a reference.
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && isMap(allOf[0]) && typeof allOf[0].$ref === "string") {
    return reduce({ ...schema, allOf: null, $ref: allOf[0].$ref });
  }
  const out: JsonMap = {};
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key] as Json;
    if (!KEPT.has(key) || value === null) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace("#/components/schemas/", "");
    else if (key === "properties" && isMap(value)) {
      const props: JsonMap = {};
      for (const name of Object.keys(value).sort()) props[name] = reduce(value[name] as Json);
      out.properties = props;
    } else if (key === "items" || key === "additionalProperties") out[key] = typeof value === "boolean" ? value : reduce(value);
    else if (key === "oneOf" && Array.isArray(value)) out.oneOf = value.map(reduce);
    else out[key] = value;
  }
  return out;
}

/** Merged `components.schemas` of every document of a release, with the kinds each top-level definition is served as. */
function readDefinitions(dir: string): Map<string, JsonMap> {
  const specDir = path.join(dir, "api/openapi-spec/v3");
  const definitions = new Map<string, JsonMap>();
  const kinds = new Map<string, Set<string>>();
  for (const file of readdirSync(specDir).sort()) {
    if (!file.endsWith(".json")) continue;
    const document = JSON.parse(readFileSync(path.join(specDir, file), "utf8")) as JsonMap;
    const schemas = isMap(document.components) && isMap(document.components.schemas) ? document.components.schemas : {};
    for (const [name, schema] of Object.entries(schemas)) {
      if (!isMap(schema)) continue;
      const gvks = schema["x-kubernetes-group-version-kind"];
      if (Array.isArray(gvks)) {
        const set = kinds.get(name) ?? new Set<string>();
        for (const gvk of gvks) if (isMap(gvk)) set.add(`${String(gvk.group)}/${String(gvk.version)}/${String(gvk.kind)}`);
        kinds.set(name, set);
      }
      if (!definitions.has(name)) definitions.set(name, reduce(schema) as JsonMap);
    }
  }
  for (const [name, set] of kinds) {
    const definition = definitions.get(name);
    // Only objects users write: WatchEvent and DeleteOptions are served for every group.
    if (definition !== undefined && !name.endsWith(".WatchEvent") && !name.endsWith(".DeleteOptions")) {
      definition["x-kinds"] = [...set].sort();
    }
  }
  return definitions;
}

/**
 * Allowed values of enum fields, from the generated Go definitions: a line `Enum: []interface{}{…}`
 * belongs to the nearest enclosing `"field": {`, and to its items when `Items:` opens in between.
 */
function applyEnums(dir: string, definitions: Map<string, JsonMap>): number {
  const source = readFileSync(path.join(dir, "pkg/generated/openapi/zz_generated.openapi.go"), "utf8");
  const lines = source.split("\n");
  let definition: JsonMap | undefined;
  let applied = 0;
  const indentOf = (line: string) => line.length - line.trimStart().length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fn = /^func schema_k8sio_(\w+)\(ref common\.ReferenceCallback\) common\.OpenAPIDefinition \{/.exec(line);
    if (fn !== null) {
      definition = definitions.get(`io.k8s.${(fn[1] as string).replaceAll("_", ".")}`);
      continue;
    }
    const enumMatch = /^\s*Enum:\s*\[\]interface\{\}\{(.*)\},\s*$/.exec(line);
    if (enumMatch === null || definition === undefined) continue;
    const values = JSON.parse(`[${enumMatch[1] as string}]`) as Json[];
    let indent = indentOf(line);
    let inItems = false;
    let field: string | undefined;
    for (let j = i - 1; j >= 0; j--) {
      const opener = lines[j] as string;
      if (opener.trim() === "" || indentOf(opener) >= indent) continue;
      indent = indentOf(opener);
      if (/^\s*Items:/.test(opener)) inItems = true;
      if (/^\s*AdditionalProperties:/.test(opener)) break;
      const key = /^\s*"([^"]+)": \{\s*$/.exec(opener);
      if (key !== null) {
        field = key[1];
        break;
      }
      if (/^func /.test(opener)) break;
    }
    if (field === undefined) continue;
    const properties = definition.properties;
    const property = isMap(properties) ? properties[field] : undefined;
    if (!isMap(property)) continue;
    const target = inItems ? property.items : property;
    if (!isMap(target) || target.type !== "string") continue;
    target.enum = values;
    applied += 1;
  }
  return applied;
}

function canonical(value: Json): string {
  return JSON.stringify(value);
}

function main(): void {
  const check = process.argv.includes("--check");
  const store = new Map<string, Json>();
  const versions: Record<string, { module: string; definitions: Record<string, string> }> = {};
  for (const [minor, moduleVersion] of Object.entries(PINNED)) {
    const dir = moduleDir(moduleVersion);
    const definitions = readDefinitions(dir);
    const enums = applyEnums(dir, definitions);
    const ids: Record<string, string> = {};
    for (const name of [...definitions.keys()].sort()) {
      const text = canonical(definitions.get(name) as Json);
      const id = createHash("sha256").update(text).digest("hex").slice(0, 12);
      store.set(id, definitions.get(name) as Json);
      ids[name] = id;
    }
    versions[minor] = { module: `k8s.io/kubernetes@${moduleVersion}`, definitions: ids };
    process.stderr.write(`${minor} (${moduleVersion}): ${definitions.size} definitions, ${enums} enum fields\n`);
  }
  // One line per version map and per schema: small diffs when a release changes a few.
  const schemaIds = [...store.keys()].sort();
  const lines = [
    "{",
    `"about": ${JSON.stringify("Generated by tools/schemas/generate.ts from the k8s.io/kubernetes module of each version: api/openapi-spec/v3 plus enums from pkg/generated/openapi. Do not edit.")},`,
    `"versions": {`,
    Object.entries(versions)
      .map(([minor, v]) => `${JSON.stringify(minor)}: ${JSON.stringify(v)}`)
      .join(",\n"),
    "},",
    `"schemas": {`,
    schemaIds.map((id) => `${JSON.stringify(id)}: ${JSON.stringify(store.get(id))}`).join(",\n"),
    "}",
    "}",
    "",
  ];
  const text = lines.join("\n");
  const versionsModule = `// Written by tools/schemas/generate.ts: the Kubernetes versions whose schemas are bundled.\nexport const BUNDLED_SCHEMA_VERSIONS: readonly string[] = ${JSON.stringify(Object.keys(PINNED))};\n`.replace(/","/g, '", "');
  if (check) {
    const stale = readFileSync(OUTPUT, "utf8") !== text || readFileSync(VERSIONS_MODULE, "utf8") !== versionsModule;
    process.stderr.write(stale ? "the bundled schemas are stale: run node --import tsx tools/schemas/generate.ts\n" : "the bundled schemas are up to date\n");
    process.exitCode = stale ? 1 : 0;
    return;
  }
  writeFileSync(OUTPUT, text);
  writeFileSync(VERSIONS_MODULE, versionsModule);
  process.stderr.write(`wrote ${path.relative(ROOT, OUTPUT)}: ${schemaIds.length} distinct schemas, ${(text.length / 1024 / 1024).toFixed(2)} MB\n`);
}

main();
