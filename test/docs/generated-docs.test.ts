// The committed documentation matches what the rules' metadata generates, and every rule's
// example does what it says: the "before" manifest triggers the rule, the "after" one does not.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedDocs } from "../../src/report/generated-docs.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { lint, onlyRules } from "../helpers/lint.js";
import { fixtureScans } from "../helpers/scans.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("generated documentation", () => {
  const files = generatedDocs(ALL_RULES);
  it("is up to date (run `npm run docs`)", () => {
    const stale = [...files].filter(([file, content]) => !existsSync(path.join(root, file)) || readFileSync(path.join(root, file), "utf8") !== content).map(([file]) => file);
    expect(stale).toEqual([]);
  });
  it("has no page for a rule that does not exist", () => {
    const extra = readdirSync(path.join(root, "docs/rules")).filter((name) => !files.has(`docs/rules/${name}`));
    expect(extra).toEqual([]);
  });
});

// Input rules whose examples are fragments of a manifest rather than whole ones.
const FRAGMENT_EXAMPLES = new Set(["exemption-invalid", "exemption-expired", "exemption-unused", "kube-version-end-of-life", "cluster-version-outdated", "deprecated-api-requested", "log-shipper-missing", "server-dry-run-rejected", "server-dry-run-warning", "encryption-not-verifiable", "audit-logging-not-verifiable"]);

describe("rule examples", () => {
  for (const rule of ALL_RULES.filter((r) => !FRAGMENT_EXAMPLES.has(r.id))) {
    it(`${rule.id}: before triggers it, after does not`, () => {
      const example = rule.docs.example;
      const config = onlyRules({ [rule.id]: example?.options !== undefined ? { severity: "on", options: example.options } : "on" });
      const options = example?.withImageScan !== undefined ? { imageScans: fixtureScans() } : {};
      const before = lint(rule.docs.before, config, options).findings.filter((f) => f.rule === rule.id);
      const after = lint(rule.docs.after, config, options).findings.filter((f) => f.rule === rule.id);
      expect(before.length, "findings on the before example").toBeGreaterThan(0);
      expect(after.map((f) => f.message)).toEqual([]);
    });
  }
});
