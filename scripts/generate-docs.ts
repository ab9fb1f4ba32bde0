// Writes the generated documentation (docs/rules/, schema/) from the rules' metadata.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedDocs } from "../src/report/generated-docs.js";
import { ALL_RULES } from "../src/rules/index.js";

const root = path.resolve(import.meta.dirname, "..");
const files = generatedDocs(ALL_RULES);
// Pages of rules that no longer exist go away.
const rulesDir = path.join(root, "docs/rules");
mkdirSync(rulesDir, { recursive: true });
for (const name of readdirSync(rulesDir)) {
  if (!files.has(`docs/rules/${name}`)) rmSync(path.join(rulesDir, name));
}
for (const [file, content] of files) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}
console.log(`wrote ${files.size} files`);
