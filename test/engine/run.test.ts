// The rule runner: a rule that throws fails alone; the others still report.
import { describe, expect, it } from "vitest";
import { RuleSet } from "../../src/engine/run.js";
import { ImageScanIndex } from "../../src/model/image-scans.js";
import type { KubeObject } from "../../src/model/object.js";
import { defineObjectRule } from "../../src/rules/rule.js";

const docs = { seed: "test", why: "", fix: "", before: "", after: "" };
const broken = defineObjectRule({ id: "broken", practice: "probes", severity: "error", summary: "throws", docs, check: () => { throw new Error("boom"); } });
const working = defineObjectRule({ id: "working", practice: "probes", severity: "warning", summary: "reports", docs, check: ({ report }) => report({ path: ["metadata"], message: "seen" }) });

describe("RuleSet", () => {
  it("reports a rule that throws as a failure and keeps the other rules' findings", () => {
    const rules = new RuleSet({ rules: [{ rule: broken, severity: "error", options: {} }, { rule: working, severity: "warning", options: {} }], workloadKinds: [] }, new ImageScanIndex());
    const object: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
    const { findings, failures } = rules.checkObject(object);
    expect(failures).toEqual([{ rule: "broken", message: "boom" }]);
    expect(findings).toEqual([{ rule: "working", practice: "probes", severity: "warning", message: "seen", path: ["metadata"] }]);
  });
});
