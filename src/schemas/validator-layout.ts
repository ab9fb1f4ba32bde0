// How the ahead-of-time validators are laid out, shared by the build step and the loader.
import type { Options } from "ajv";
import vm from "node:vm";

/** Every problem of an object, no message strings in the generated code (we write our own). */
export const VALIDATOR_OPTIONS: Options = { allErrors: true, strict: false, inlineRefs: false, messages: false, validateFormats: false };

/** The module of an API group: "core" for the core group. */
export function groupModuleKey(group: string): string {
  return group === "" ? "core" : group;
}

/** The export of a kind's validator in its group's module. */
export function exportName(version: string, kind: string): string {
  return `${version}_${kind}`;
}

/**
 * Runs a compiled CommonJS module through V8's code cache when one is given (and valid for this
 * Node), so that loading skips parsing and compiling.
 */
export function compileModule(
  file: string,
  code: string,
  cachedData: Buffer | undefined,
  requireFn: (id: string) => unknown,
): { script: vm.Script; exports: Record<string, unknown>; cacheRejected: boolean } {
  const script = new vm.Script(`(function (exports, require, module) {${code}\n})`, { filename: file, ...(cachedData !== undefined ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;
  const module = { exports: {} as Record<string, unknown> };
  wrapper(module.exports, requireFn, module);
  return { script, exports: module.exports, cacheRejected: script.cachedDataRejected === true };
}
