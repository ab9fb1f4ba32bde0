// Bundles the command line into dist/ so that start-up reads one file instead of hundreds, then
// compiles the bundled Kubernetes schemas into validators (dist/schemas/, rebuilt only when the
// schemas or the code that compiles them change).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
// Everything but the compiled schemas, which have their own freshness stamp.
for (const entry of (() => { try { return readdirSync(dist); } catch { return []; } })()) {
  if (entry !== "schemas") rmSync(new URL(entry, dist), { recursive: true, force: true });
}
await build({
  entryPoints: { cli: "src/cli/main.ts", worker: "src/input/lint-worker.ts", "build-validators": "src/schemas/build-validators.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  sourcemap: true,
  outExtension: { ".js": ".mjs" },
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __ssCreateRequire } from 'node:module'; const require = __ssCreateRequire(import.meta.url);" },
  logLevel: "warning",
});

const builder = new URL("build-validators.mjs", dist);
// The code that shapes the validators: the schema modules and ajv's version.
const fingerprint = createHash("sha256");
for (const file of readdirSync(new URL("../src/schemas/", import.meta.url)).sort()) {
  if (file.endsWith(".ts")) fingerprint.update(readFileSync(new URL(`../src/schemas/${file}`, import.meta.url)));
}
fingerprint.update(readFileSync(new URL("../node_modules/ajv/package.json", import.meta.url)));
const { buildValidators } = await import(builder.href);
const started = performance.now();
const result = buildValidators(new URL("../src/schemas/kubernetes-openapi.json", import.meta.url).pathname, new URL("schemas", dist).pathname, fingerprint.digest("hex"));
if (result.built) {
  process.stderr.write(`compiled schema validators: ${result.modules} modules, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
