// Linting from tests: the real pipeline on texts, with a configuration given as data.
import { resolveConfig, type ResolvedConfig } from "../../src/engine/config.js";
import { lintTexts, type LintOutcome } from "../../src/input/run-lint.js";
import type { ImageScan } from "../../src/model/image-scans.js";
import { ALL_RULES } from "../../src/rules/index.js";

export function configFrom(value: unknown): ResolvedConfig {
  const result = resolveConfig(value, ALL_RULES, "test-config");
  if (!result.ok) throw new Error(`invalid test configuration: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.config;
}

/** A configuration with only the named rules on. */
export function onlyRules(rules: Record<string, unknown>): ResolvedConfig {
  const settings: Record<string, unknown> = {};
  for (const rule of ALL_RULES) settings[rule.id] = "off";
  for (const [id, setting] of Object.entries(rules)) settings[id] = setting;
  return configFrom({ rules: settings });
}

export function lint(text: string, config: ResolvedConfig = configFrom({}), options: { file?: string; imageScans?: ImageScan[]; today?: string } = {}): LintOutcome {
  return lintTexts([{ file: options.file ?? "test.yaml", text }], config, options);
}

/** Several files linted together, as one run. */
export function lintFiles(files: Array<{ file: string; text: string }>, config: ResolvedConfig = configFrom({}), options: { imageScans?: ImageScan[]; today?: string } = {}): LintOutcome {
  return lintTexts(files, config, options);
}
