// The V8 code cache of the bundled command line: which build a cache file belongs to, and how
// the file is laid out. Used by the launcher (src/cli/launch.ts); the build (scripts/build.mjs)
// writes the build id line and runs the launcher once to record the cache.
import { readFileSync } from "node:fs";

/** Set by the build, in the process it runs to record which functions a lint compiles. */
export const WRITE_CACHE_ENV = "SHIPSHAPE_WRITE_CODE_CACHE";
/** A comment line near the end of the bundle: a hash of the bundle without it, written by the build. */
export const BUILD_ID_PREFIX = "//# shipshape-build=";

/** The bundle's build id, from its last line; undefined when it has none. */
export function buildIdOf(code: string): string | undefined {
  const at = code.lastIndexOf(BUILD_ID_PREFIX);
  if (at === -1) return undefined;
  const end = code.indexOf("\n", at);
  return code.slice(at + BUILD_ID_PREFIX.length, end === -1 ? undefined : end).trim() || undefined;
}

/** The bundle as the launcher compiles it: a CommonJS module's function, the code cache's source. */
export function wrapBundle(code: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
}

/** A cache file: one header line naming the build it belongs to, then V8's data. */
export function cacheFileContent(buildId: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`shipshape-code-cache ${buildId}\n`, "ascii"), data]);
}

/** V8's data from a cache file, when the file belongs to this build. */
export function cachedDataFor(buildId: string | undefined, file: Buffer): Buffer | undefined {
  if (buildId === undefined) return undefined;
  const end = file.indexOf(0x0a);
  if (end === -1 || file.toString("ascii", 0, end) !== `shipshape-code-cache ${buildId}`) return undefined;
  return file.subarray(end + 1);
}

/** The cache file's bytes, or undefined when there is none (or it cannot be read). */
export function readCacheFile(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
