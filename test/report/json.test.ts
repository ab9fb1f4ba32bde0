// The JSON report's text: valid JSON, the documented shape, one finding per line.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import { formatJson } from "../../src/report/json.js";

const finding: Finding = {
  rule: "privileged-container",
  practice: "non-root",
  severity: "error",
  message: 'Container "a\\"b" runs privileged: ünïcode and a "quote"',
  resource: { apiVersion: "v1", kind: "Pod", namespace: "shop", name: "p" },
  location: { file: "dir/p.yaml", line: 3, column: 7 },
  path: "spec.containers[0].securityContext.privileged",
  container: 'a"b',
};

describe("JSON report", () => {
  const summary = { resources: 1, findings: 2, errors: 1, warnings: 1, infos: 0, suppressed: 0, files: 1 };
  const minimal: Finding = { rule: "yaml-syntax", practice: "manifest-lint", severity: "warning", message: "x", location: { file: "f", line: 1, column: 1 } };
  const text = formatJson({ findings: [finding, minimal], suppressed: [], notes: [{ level: "note", message: "skipped" }], summary, toolVersion: "9.9.9" });
  it("is valid JSON with every field as given", () => {
    const report = JSON.parse(text) as { version: number; findings: unknown[]; notes: unknown[]; suppressed: unknown[]; summary: unknown; tool: unknown };
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: "shipshape", version: "9.9.9" });
    expect(report.findings).toEqual([finding, minimal]);
    expect(report.suppressed).toEqual([]);
    expect(report.summary).toEqual(summary);
  });
  it("writes one finding per line", () => {
    const lines = text.split("\n").filter((l) => l.includes('"rule"'));
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]?.trim().replace(/,$/, "") ?? "")).toEqual(finding);
  });
});

describe("JSON report strings", () => {
  it("escapes quotes, backslashes, control characters and lone surrogates exactly as JSON.stringify", () => {
    const messages = ['plain', 'a "quote"', "back\\slash", "tab\there", "nl\nhere", "lone \ud800 surrogate", "pair 😀", "ünïcode", "\u2028"];
    for (const message of messages) {
      const finding: Finding = { rule: "r", practice: "probes", severity: "info", message };
      const text = formatJson({ findings: [finding], suppressed: [], notes: [], summary: { resources: 0, findings: 1, errors: 0, warnings: 0, infos: 1, suppressed: 0, files: 0 }, toolVersion: "1" });
      expect((JSON.parse(text) as { findings: Finding[] }).findings[0]?.message).toBe(message);
      expect(text).toContain(JSON.stringify(message));
    }
  });
});
