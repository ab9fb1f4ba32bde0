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
