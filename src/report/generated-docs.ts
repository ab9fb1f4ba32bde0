// Every generated documentation file, as path → content: docs/rules/*.md and the configuration
// schema. `npm run docs` writes them; a test fails when the committed copies are stale.
import { buildConfigSchema } from "../engine/config-schema.js";
import type { AnyRule } from "../rules/rule.js";
import { rulePage, rulesIndexPage } from "./rule-page.js";

export const CONFIG_SCHEMA_FILE = "schema/shipshape-config.schema.json";

export function generatedDocs(rules: readonly AnyRule[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) files.set(`docs/rules/${rule.id}.md`, rulePage(rule));
  files.set("docs/rules/README.md", rulesIndexPage(rules));
  files.set(CONFIG_SCHEMA_FILE, `${JSON.stringify(buildConfigSchema(rules), null, 2)}\n`);
  return files;
}
