// Start-up of the command line. The program is one bundled CommonJS script (dist/cli.cjs), run
// here through the V8 code cache written when it was built (dist/cli.cjs.cache): a run then
// skips parsing and compiling the code it uses, about a quarter of a small lint's wall time.
// Node 20 keeps no compile cache for ES modules, which is why the program is not one.
//
// A cache made by another Node version, other V8 flags or another build is refused (by V8, or by
// the build id) and the script is compiled as usual: slower, never wrong.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { buildIdOf, cacheFileContent, cachedDataFor, readCacheFile, wrapBundle, WRITE_CACHE_ENV } from "./code-cache.js";

/** Runs the bundled program. */
export function launch(bundle: string): void {
  // The build writes the bundle in ASCII only (scripts/build.mjs): Latin-1 reads it exactly, and fast.
  const code = readFileSync(bundle, "latin1");
  const cacheFile = `${bundle}.cache`;
  const buildId = buildIdOf(code);
  const cache = readCacheFile(cacheFile);
  const cachedData = cache === undefined ? undefined : cachedDataFor(buildId, cache);
  const script = new vm.Script(wrapBundle(code), {
    filename: bundle,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  if (process.env[WRITE_CACHE_ENV] === "1" && buildId !== undefined) {
    // After the run, so that the functions it compiled are in the cache too.
    process.once("exit", () => writeFileSync(cacheFile, cacheFileContent(buildId, script.createCachedData())));
  }
  const main = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  main.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

launch(path.join(path.dirname(fileURLToPath(import.meta.url)), "cli.cjs"));
