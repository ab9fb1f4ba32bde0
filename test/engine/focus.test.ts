// A run focused on one object (the webhook's review) keeps the cross-resource findings about that
// object only, and the same ones an unfocused run gives about it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { ALL_RULES } from "../../src/rules/index.js";
import { isKubeObject, type KubeObject } from "../../src/model/object.js";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { emptyResult, indexRecordOf } from "../../src/input/process.js";
import { finishUnplaced } from "../../src/input/run-lint.js";
import { onlyRules } from "../helpers/lint.js";
import { compliantDeployment } from "../helpers/workloads.js";

describe("a focused run", () => {
  const config = onlyRules({ "pdb-missing": "warning", "network-policy-missing": "warning" });
  const linter = buildLinter(linterSpecOf(config, []));
  const records = ["web", "cart", "search"].map((name) =>
    indexRecordOf(compliantDeployment(name, {}, { replicas: 3 }), { key: `cache#${name}`, file: "", locate: () => undefined, source: undefined }, linter.ruleSet, linter.input),
  );
  const parts = [{ ...emptyResult(""), records }];
  const about = (key: string) => (f: { resource?: { name?: string } }) => `cache#${f.resource?.name ?? ""}` === key;

  it("reports about the focused object only, what the unfocused run reports about it", () => {
    const everything = finishUnplaced(parts, linter, config);
    const focused = finishUnplaced(parts, linter, config, { focus: "cache#cart" });
    expect(everything.findings.map((f) => f.resource?.name).sort()).toEqual(["cart", "cart", "search", "search", "web", "web"]);
    expect(focused.findings).toEqual(everything.findings.filter(about("cache#cart")));
    expect(focused.findings.map((f) => f.rule).sort()).toEqual(["network-policy-missing", "pdb-missing"]);
  });

  it("reports nothing when the focused object is not in the run", () => {
    expect(finishUnplaced(parts, linter, config, { focus: "cache#elsewhere" }).findings).toEqual([]);
  });
});

describe("every cross-resource rule, focused on each object of its failing fixtures", () => {
  const fixtures = path.resolve(import.meta.dirname, "../rules/fixtures");
  const indexRules = ALL_RULES.filter((rule) => rule.scope === "index");
  const readYaml = (file: string): unknown => (existsSync(file) ? yaml.load(readFileSync(file, "utf8")) : undefined);
  /** The objects of a case: one file, or every file of a case folder. */
  const objectsOf = (casePath: string): KubeObject[] => {
    const files = statSync(casePath).isDirectory() ? readdirSync(casePath).filter((f) => f.endsWith(".yaml")).map((f) => path.join(casePath, f)) : [casePath];
    return files.flatMap((file) => yaml.loadAll(readFileSync(file, "utf8")).filter(isKubeObject));
  };
  const identity = (r: { apiVersion?: string; kind?: string; namespace?: string; name?: string } | undefined) => `${r?.apiVersion}/${r?.kind}/${r?.namespace ?? ""}/${r?.name ?? ""}`;

  it("say the same about each object as an unfocused run (objects kept whole, as the webhook keeps them)", () => {
    const rulesCompared = new Set<string>();
    for (const rule of indexRules) {
      const dir = path.join(fixtures, rule.id, "fail");
      if (!existsSync(dir)) continue;
      const folderOptions = readYaml(path.join(fixtures, rule.id, "options.yaml"));
      for (const entry of readdirSync(dir).filter((f) => !f.endsWith(".expected.yaml") && !f.endsWith(".options.yaml") && !f.endsWith(".kube-version"))) {
        const casePath = path.join(dir, entry);
        const options = readYaml(`${casePath.replace(/\.yaml$/, "")}.options.yaml`) ?? folderOptions;
        const config = onlyRules({ [rule.id]: options === undefined ? "on" : { severity: "on", options } });
        const linter = buildLinter(linterSpecOf(config, []));
        const records = objectsOf(casePath)
          .filter((object) => linter.ruleSet.needsIndex(object))
          .map((object, i) => indexRecordOf(object, { key: `case#${i}`, file: "", locate: () => undefined, source: undefined }, linter.ruleSet, linter.input));
        const parts = [{ ...emptyResult(""), records }];
        const everything = finishUnplaced(parts, linter, config).findings;
        const counts = new Map<string, number>();
        for (const record of records) counts.set(identity(record), (counts.get(identity(record)) ?? 0) + 1);
        for (const record of records) {
          // Two objects of the same identity cannot be told apart by their findings: skipped.
          if (counts.get(identity(record)) !== 1) continue;
          const focused = finishUnplaced(parts, linter, config, { focus: record.key }).findings;
          expect(focused, `${rule.id} ${entry}: ${record.kind} ${record.name ?? ""}`).toEqual(everything.filter((f) => identity(f.resource) === identity(record)));
          if (focused.length > 0) rulesCompared.add(rule.id);
        }
      }
    }
    // The failing fixtures fail here too for every rule: the comparisons covered findings, not only silence.
    expect(rulesCompared.size).toBe(indexRules.length);
  });
});
