// `shipshape rules` and `shipshape explain`.
import { closestId } from "../engine/config.js";
import { rulePage } from "../report/rule-page.js";
import { ALL_RULES, findRule } from "../rules/index.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export function rulesCommand(options: { format: "text" | "json" }): number {
  const rules = [...ALL_RULES].sort((a, b) => (a.practice === b.practice ? (a.id < b.id ? -1 : 1) : a.practice < b.practice ? -1 : 1));
  if (options.format === "json") {
    const list = rules.map((r) => ({ id: r.id, practice: r.practice, severity: r.severity, enabledByDefault: r.disabledByDefault !== true, summary: r.summary }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT_OK;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const practiceWidth = Math.max(...rules.map((r) => r.practice.length));
  for (const r of rules) {
    const severity = r.disabledByDefault === true ? "off" : r.severity;
    process.stdout.write(`${r.id.padEnd(idWidth)}  ${r.practice.padEnd(practiceWidth)}  ${severity.padEnd(7)}  ${r.summary}\n`);
  }
  return EXIT_OK;
}

export function explainCommand(id: string): number {
  const rule = findRule(id);
  if (rule === undefined) {
    const hint = closestId(id, ALL_RULES.map((r) => r.id));
    process.stderr.write(`shipshape: unknown rule "${id}"${hint !== undefined ? ` (did you mean "${hint}"?)` : ""}; \`shipshape rules\` lists them\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(rulePage(rule));
  return EXIT_OK;
}
