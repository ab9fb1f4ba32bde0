// The whole real-world corpus (1,280 files from 12 projects): never a crash, never exit 2,
// every object read, and the findings per practice printed for review.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { parseReport, runCli } from "../helpers/cli.js";
import { corpusPath } from "../helpers/shared.js";

const CORPUS = corpusPath("real-world");

interface IndexFile {
  files: Array<{ source: string; path: string; documents: number; kinds: string[] }>;
}

describe("real-world corpus", () => {
  it("is linted completely, without an internal error or an unreadable file", () => {
    const index = JSON.parse(readFileSync(path.join(CORPUS, "index.json"), "utf8")) as IndexFile;
    const expectedObjects = index.files.reduce((n, f) => n + f.kinds.length, 0);
    const sources = [...new Set(index.files.map((f) => f.source))].sort();
    const result = runCli(["lint", ...sources, "--format", "json", "--no-config"], { cwd: CORPUS });
    expect(result.status, result.stderr).not.toBe(2);
    const report = parseReport(result);
    expect(report.notes.filter((n) => n.level === "error")).toEqual([]);
    expect(report.summary.files).toBe(index.files.length);
    expect(report.summary.resources).toBe(expectedObjects);

    const byPractice = new Map<string, number>();
    const byRule = new Map<string, number>();
    for (const f of report.findings) {
      byPractice.set(f.practice, (byPractice.get(f.practice) ?? 0) + 1);
      byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    }
    const lines = [`real-world corpus: ${report.summary.resources} resources in ${report.summary.files} files, ${report.summary.findings} findings (${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.infos} info)`];
    for (const [practice, count] of [...byPractice].sort((a, b) => b[1] - a[1])) lines.push(`  ${practice.padEnd(20)} ${count}`);
    lines.push("  by rule:");
    for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) lines.push(`    ${rule.padEnd(40)} ${count}`);
    console.log(lines.join("\n"));
    // Cross-resource findings per source project, for review.
    const crossRules = new Set(ALL_RULES.filter((r) => r.scope === "index").map((r) => r.id));
    const perSource = new Map<string, Map<string, number>>();
    for (const f of report.findings) {
      if (!crossRules.has(f.rule)) continue;
      const source = f.location?.file.split("/")[0] ?? "";
      let counts = perSource.get(source);
      if (counts === undefined) perSource.set(source, (counts = new Map()));
      counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    }
    const crossLines = ["cross-resource findings per source:"];
    for (const [source, counts] of [...perSource].sort()) crossLines.push(`  ${source}: ${[...counts].sort().map(([rule, n]) => `${rule} ${n}`).join(", ")}`);
    console.log(crossLines.join("\n"));

    // Every finding is placed in a file at a real position.
    expect(report.findings.every((f) => f.location !== undefined && f.location.line >= 1 && f.location.column >= 1)).toBe(true);

    // Worker threads give exactly the same report as one thread.
    const threaded = runCli(["lint", ...sources, "--format", "json", "--no-config", "--threads", "2"], { cwd: CORPUS });
    expect(threaded.status).toBe(result.status);
    expect(threaded.stdout).toBe(result.stdout);
  }, 120_000);

  it("finds no untrue 'selects nothing' in a complete application (the microservices demo)", () => {
    const result = runCli(["lint", "GoogleCloudPlatform__microservices-demo", "--format", "json", "--no-config"], { cwd: CORPUS });
    const report = parseReport(result);
    const selectsNothing = report.findings.filter((f) => /selects-nothing|target-port-unknown/.test(f.rule));
    expect(selectsNothing.map((f) => `${f.rule} ${f.location?.file}:${f.location?.line}`)).toEqual([]);
    // Its policies are read: the one open ingress rule (the public frontend) is reported, nothing else.
    expect(report.findings.filter((f) => f.practice === "network-policy").map((f) => f.rule)).toEqual(["network-policy-allows-all"]);
  });
});
