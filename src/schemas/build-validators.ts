// Build step (scripts/build.mjs): compiles the bundled schemas into validators ahead of time, so
// that a run loads ready code instead of compiling schemas. One CommonJS module per version and
// API group holds the validators of that group's kinds; modules with the same code (a group that
// did not change between versions) are written once.
//
// dist/schemas/index.json   { stamp, versions: { "1.37": { "apps": "code/<hash>.cjs", … } } }
// dist/schemas/code/*.cjs   exports `<version>_<Kind>` (e.g. v1_Deployment) validators
// dist/schemas/code/*.cache V8's code cache of each module (made by this Node; another Node
//                           ignores it and compiles the source), which cuts loading a module
//                           from tens of milliseconds to a few
// dist/schemas/kubernetes-openapi.json   the bundle, for error messages ("did you mean")
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { definitionsOf, kindsOf, type SchemaBundle } from "./bundle.js";
import { convertBuiltin } from "./convert.js";
import { compileModule, exportName, groupModuleKey, VALIDATOR_OPTIONS } from "./validator-layout.js";

const requireFromHere = createRequire(import.meta.url);

/** The code cache of a module after each validator ran once, so their functions are compiled too. */
function codeCacheOf(file: string, code: string): Buffer {
  const { script, exports } = compileModule(file, code, undefined, requireFromHere);
  for (const validate of Object.values(exports)) if (typeof validate === "function") validate({});
  return script.createCachedData();
}

export interface BuildResult {
  readonly built: boolean;
  readonly modules: number;
  readonly bytes: number;
}

/**
 * Writes the validators for `bundlePath` into `outDir`, unless the stamp there says they are
 * already built from the same bundle by the same code (`codeFingerprint`).
 */
export function buildValidators(bundlePath: string, outDir: string, codeFingerprint: string): BuildResult {
  const bundleText = readFileSync(bundlePath, "utf8");
  const stamp = createHash("sha256").update(bundleText).update(codeFingerprint).update(`${process.version} ${process.arch}`).digest("hex");
  const indexPath = path.join(outDir, "index.json");
  if (existsSync(indexPath)) {
    try {
      const index = JSON.parse(readFileSync(indexPath, "utf8")) as { stamp?: string };
      if (index.stamp === stamp) return { built: false, modules: 0, bytes: 0 };
    } catch {
      // rebuild
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, "code"), { recursive: true });
  const bundle = JSON.parse(bundleText) as SchemaBundle;
  const versions: Record<string, Record<string, string>> = {};
  const written = new Set<string>();
  let bytes = 0;
  for (const version of Object.keys(bundle.versions)) {
    const definitions = definitionsOf(bundle, version);
    const converted: Record<string, unknown> = {};
    for (const [name, schema] of definitions) converted[name] = convertBuiltin(schema, { refPrefix: "#/definitions/" });
    const byGroup = new Map<string, Record<string, string>>();
    for (const [gvk, name] of kindsOf(definitions)) {
      const [group = "", apiVersion = "", kind = ""] = gvk.split("/");
      const key = groupModuleKey(group);
      const exports = byGroup.get(key) ?? {};
      exports[exportName(apiVersion, kind)] = `k8s#/definitions/${name}`;
      byGroup.set(key, exports);
    }
    const ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { source: true, esm: false, optimize: true } });
    ajv.addSchema({ $id: "k8s", definitions: converted });
    const modules: Record<string, string> = {};
    for (const [group, exports] of [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const code = standalone.default(ajv, exports);
      const file = `code/${createHash("sha256").update(code).digest("hex").slice(0, 16)}.cjs`;
      if (!written.has(file)) {
        writeFileSync(path.join(outDir, file), code);
        writeFileSync(path.join(outDir, file.replace(/\.cjs$/, ".cache")), codeCacheOf(path.join(outDir, file), code));
        written.add(file);
        bytes += code.length;
      }
      modules[group] = file;
    }
    versions[version] = modules;
  }
  writeFileSync(path.join(outDir, "kubernetes-openapi.json"), bundleText);
  writeFileSync(indexPath, `${JSON.stringify({ stamp, versions }, null, 1)}\n`);
  return { built: true, modules: written.size, bytes };
}
