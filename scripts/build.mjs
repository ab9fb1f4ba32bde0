// Bundles the command line into dist/ so that start-up reads one file instead of hundreds (with a
// V8 code cache recorded by one lint of the examples), then
// compiles the bundled Kubernetes schemas into validators (dist/schemas/, rebuilt only when the
// schemas or the code that compiles them change).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
// Everything but the compiled schemas, which have their own freshness stamp.
for (const entry of (() => { try { return readdirSync(dist); } catch { return []; } })()) {
  if (entry !== "schemas") rmSync(new URL(entry, dist), { recursive: true, force: true });
}
/** What every bundle shares: Node 20, everything bundled, into dist/. */
const node = { outdir: "dist", bundle: true, platform: "node", target: "node20", logLevel: "warning" };
// The command line: one CommonJS script, so that the launcher can run it through V8's code
// cache (src/cli/launch.ts); Node 20 has no code cache for ES modules.
await build({
  ...node,
  entryPoints: { cli: "src/cli/main.ts" },
  format: "cjs",
  sourcemap: true,
  outExtension: { ".js": ".cjs" },
  define: { "import.meta.url": "__ssImportMetaUrl" },
  banner: { js: "var __ssImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...node, entryPoints: { launch: "src/cli/launch.ts" }, format: "esm", outExtension: { ".js": ".mjs" } });
// Lint workers and the schema compiler: ES modules sharing chunks.
await build({
  ...node,
  entryPoints: { worker: "src/input/lint-worker.ts", "build-validators": "src/schemas/build-validators.ts" },
  format: "esm",
  splitting: true,
  sourcemap: true,
  outExtension: { ".js": ".mjs" },
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __ssCreateRequire } from 'node:module'; const require = __ssCreateRequire(import.meta.url);" },
});

// The build id the launcher matches the code cache against (BUILD_ID_PREFIX in src/cli/code-cache.ts),
// written before the source map's line, which must stay last.
// Characters beyond ASCII (in a few comments and one regular expression of the dependencies) are
// written as \u escapes, which mean the same in identifiers, strings, regular expressions and
// comments: the launcher then reads the bundle as Latin-1, five times faster than decoding UTF-8.
const bundle = new URL("cli.cjs", dist);
const text = readFileSync(bundle, "utf8").replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const mapLine = text.lastIndexOf("//# sourceMappingURL=");
const buildId = createHash("sha256").update(text).digest("hex").slice(0, 32);
writeFileSync(bundle, `${text.slice(0, mapLine)}//# shipshape-build=${buildId}\n${text.slice(mapLine)}`);

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

// The code cache, last (the lint needs the compiled schemas): recorded by one lint of the bundled
// examples, so that it holds the functions a lint runs, not only the top level.
const examples = new URL("../examples/", import.meta.url);
if (existsSync(examples)) {
  const training = spawnSync(process.execPath, [new URL("../bin/shipshape.js", import.meta.url).pathname, "lint", "examples", "--no-config"], {
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...process.env, SHIPSHAPE_WRITE_CODE_CACHE: "1" },
    stdio: "ignore",
  });
  // Exit 1 is the examples' findings; anything else means the lint did not run as users' lints do.
  if (training.status !== 0 && training.status !== 1) process.stderr.write(`build: the lint that records the code cache exited ${training.status ?? training.signal}\n`);
  if (!existsSync(new URL("cli.cjs.cache", dist))) process.stderr.write("build: the code cache was not written; start-up will compile the bundle on every run\n");
}
