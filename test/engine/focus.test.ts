// A run focused on one object (the webhook's review) keeps the cross-resource findings about that
// object only, and the same ones an unfocused run gives about it.
import { describe, expect, it } from "vitest";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { indexRecordOf } from "../../src/input/process.js";
import { finishUnplaced } from "../../src/input/run-lint.js";
import { emptyResult } from "../../src/input/process.js";
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
