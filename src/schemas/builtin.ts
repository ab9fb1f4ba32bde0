// The validators of the built-in kinds, loaded on first use from the modules the build step
// compiled (dist/schemas/, see build-validators.ts), one API group at a time.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import type { JsonObject } from "../model/json.js";
import { definitionsOf, gvkKey, kindsOf, splitApiVersion, type SchemaBundle } from "./bundle.js";
import { compileModule, exportName, groupModuleKey } from "./validator-layout.js";

export type CompiledValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface ValidatorIndex {
  readonly versions: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The folder of the compiled schemas: dist/schemas of the package this module belongs to. */
function schemasDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return path.join(dir, "dist", "schemas");
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the compiled schemas (dist/schemas): run `npm run build`");
    dir = parent;
  }
}

let index: ValidatorIndex | undefined;
let bundle: SchemaBundle | undefined;
const modules = new Map<string, Record<string, CompiledValidator>>();
const kindTables = new Map<string, { kinds: Map<string, string>; definitions: Map<string, JsonObject> }>();
const requireModule = createRequire(import.meta.url);

function validatorIndex(): ValidatorIndex {
  if (index === undefined) {
    const file = path.join(schemasDir(), "index.json");
    if (!existsSync(file)) throw new Error(`the compiled schemas are missing (${file}): run \`npm run build\``);
    index = JSON.parse(readFileSync(file, "utf8")) as ValidatorIndex;
  }
  return index;
}

/** The bundle itself (definitions, for messages and for what each version serves). */
export function schemaBundle(): SchemaBundle {
  bundle ??= JSON.parse(readFileSync(path.join(schemasDir(), "kubernetes-openapi.json"), "utf8")) as SchemaBundle;
  return bundle;
}

/** The kinds a bundled version serves and its definitions. */
export function versionTables(version: string): { kinds: Map<string, string>; definitions: Map<string, JsonObject> } {
  let tables = kindTables.get(version);
  if (tables === undefined) {
    const definitions = definitionsOf(schemaBundle(), version);
    tables = { kinds: kindsOf(definitions), definitions };
    kindTables.set(version, tables);
  }
  return tables;
}

/** The validator of apiVersion/kind in a bundled version, or undefined when that version does not serve it. */
export function builtinValidator(version: string, apiVersion: string, kind: string): CompiledValidator | undefined {
  const { group, version: groupVersion } = splitApiVersion(apiVersion);
  const file = validatorIndex().versions[version]?.[groupModuleKey(group)];
  if (file === undefined) return undefined;
  let loaded = modules.get(file);
  if (loaded === undefined) {
    const absolute = path.join(schemasDir(), file);
    const cacheFile = absolute.replace(/\.cjs$/, ".cache");
    const cache = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
    loaded = compileModule(absolute, readFileSync(absolute, "utf8"), cache, requireModule).exports as Record<string, CompiledValidator>;
    modules.set(file, loaded);
  }
  return loaded[exportName(groupVersion, kind)];
}

let builtinGroups: Set<string> | undefined;

/**
 * Whether an apiVersion belongs to an API group built into Kubernetes (in any bundled version,
 * or one the upgrade tables know was removed), as opposed to a custom resource's group.
 */
export function isBuiltinApiVersion(apiVersion: string): boolean {
  if (builtinGroups === undefined) {
    builtinGroups = new Set(["", "extensions"]);
    for (const groups of Object.values(validatorIndex().versions)) for (const key of Object.keys(groups)) builtinGroups.add(key === "core" ? "" : key);
  }
  return builtinGroups.has(splitApiVersion(apiVersion).group);
}

/** The definition name of a served kind. */
export function definitionOfKind(version: string, apiVersion: string, kind: string): string | undefined {
  const { group, version: groupVersion } = splitApiVersion(apiVersion);
  return versionTables(version).kinds.get(gvkKey(group, groupVersion, kind));
}
