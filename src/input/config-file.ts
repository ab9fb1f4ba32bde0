// Finding, reading and checking `.shipshape.yaml`. Problems come back with the file, line and
// column they are at, so that a broken configuration is easy to fix (and never half-applied).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { resolveConfig, type ConfigProblem, type ResolvedConfig } from "../engine/config.js";
import type { AnyRule } from "../rules/rule.js";
import { decodeText } from "./decode.js";
import { describeFsError } from "./discover.js";
import { parseYamlDocument, type SourceMap } from "./yaml.js";

export const CONFIG_FILE_NAMES = [".shipshape.yaml", ".shipshape.yml"];

/** The nearest configuration file in `from` or a folder above it. */
export function findConfigFile(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export type LoadedConfig =
  | { readonly ok: true; readonly config: ResolvedConfig; readonly dir: string; readonly map: SourceMap | undefined }
  | { readonly ok: false; readonly messages: readonly string[] };

/**
 * Loads the configuration: the given file, else the nearest one found upward from `cwd`,
 * else the defaults. `explicit` false with no file found is fine; a given file that cannot be
 * read is an error.
 */
export async function loadConfig(rules: readonly AnyRule[], cwd: string, given: string | undefined, search: boolean): Promise<LoadedConfig> {
  const file = given !== undefined ? path.resolve(cwd, given) : search ? findConfigFile(cwd) : undefined;
  if (file === undefined) {
    const result = resolveConfig(undefined, rules, undefined);
    if (!result.ok) return { ok: false, messages: result.problems.map((p) => p.message) };
    return { ok: true, config: result.config, dir: cwd, map: undefined };
  }
  const shown = path.relative(cwd, file) || file;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false, messages: [`cannot read configuration ${shown}: ${describeFsError(error)}`] };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, messages: [`cannot read configuration ${shown}: ${decoded.reason}`] };
  const parsed = parseYamlDocument(decoded.text);
  if (!parsed.ok) {
    const at = parsed.map.positionOf(parsed.problem.offset);
    return { ok: false, messages: [`${shown}:${at.line}:${at.column}: invalid YAML: ${parsed.problem.message}`] };
  }
  if (parsed.problems.length > 0) {
    return {
      ok: false,
      messages: parsed.problems.map((p) => {
        const at = parsed.map.positionOf(p.offset);
        return `${shown}:${at.line}:${at.column}: ${p.message}`;
      }),
    };
  }
  const result = resolveConfig(parsed.value, rules, shown);
  if (!result.ok) return { ok: false, messages: result.problems.map((p) => describeProblem(shown, parsed.map, p)) };
  return { ok: true, config: result.config, dir: path.dirname(file), map: parsed.map };
}

function describeProblem(file: string, map: SourceMap, problem: ConfigProblem): string {
  const at = problem.atKey === true ? map.locate(problem.path) : map.locateValue(problem.path);
  return `${file}:${at.line}:${at.column}: ${problem.message}`;
}
