// Hostile and broken input: never a crash or a hang, bounded memory, a finding at the exact
// place where the YAML is wrong, and every other document and file still checked.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, PRIVILEGED_POD, parseReport, runCli, scratch } from "../helpers/cli.js";

describe("bad input", () => {
  it("reports a syntax error at its line and column, and checks the documents around it", () => {
    const text = `${PRIVILEGED_POD}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  key: "unterminated
---
${PRIVILEGED_POD.replace("name: bad", "name: after")}`;
    const dir = scratch({ "mixed.yaml": text, "other.yaml": PRIVILEGED_POD.replace("name: bad", "name: other") });
    const result = runCli(["lint", ".", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(1);
    const report = parseReport(result);
    const syntax = report.findings.filter((f) => f.rule === "yaml-syntax");
    expect(syntax).toEqual([expect.objectContaining({ practice: "manifest-lint", severity: "error", location: { file: "mixed.yaml", line: 19, column: 1 } })]);
    expect(syntax[0]?.message).toContain("unexpected end of the stream within a double quoted scalar");
    const privileged = report.findings.filter((f) => f.rule === "privileged-container").map((f) => `${f.location?.file}:${f.resource?.name}`);
    expect(privileged).toEqual(["mixed.yaml:bad", "mixed.yaml:after", "other.yaml:other"]);
  });

  it("reports tabs used for indentation at their position", () => {
    const dir = scratch({ "tabs.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabbed\n" });
    const finding = parseReport(runCli(["lint", ".", "--format", "json", "--no-config"], { cwd: dir })).findings.find((f) => f.rule === "yaml-syntax");
    expect(finding?.location).toMatchObject({ line: 4 });
    expect(finding?.message).toMatch(/tab/);
  });

  it("reports every duplicate key at the repeated key, and still checks the object", () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: dup
  namespace: shop
  name: dup-again
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      securityContext:
        privileged: false
        privileged: true
`;
    const dir = scratch({ "dup.yaml": text });
    const result = runCli(["lint", ".", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(1);
    const report = parseReport(result);
    const duplicates = report.findings.filter((f) => f.rule === "yaml-duplicate-key");
    expect(duplicates.map((f) => [f.location?.line, f.location?.column])).toEqual([[6, 3], [13, 9]]);
    expect(duplicates[0]?.message).toContain('Duplicate key "name" (first defined on line 4');
    // The last value wins, as in the API server: the container is privileged.
    expect(report.findings.find((f) => f.rule === "privileged-container")?.resource?.name).toBe("dup-again");
  });

  it("refuses an alias bomb without expanding it", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
    const dir = scratch({ "bomb.yaml": bomb, "pod.yaml": PRIVILEGED_POD });
    const started = Date.now();
    const result = runCli(["lint", ".", "--format", "json", "--no-config"], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.status).toBe(1);
    const report = parseReport(result);
    expect(report.findings.find((f) => f.rule === "yaml-syntax" && f.location?.file === "bomb.yaml")?.message).toMatch(/alias bomb/);
    expect(report.findings.some((f) => f.rule === "privileged-container" && f.location?.file === "pod.yaml")).toBe(true);
  });

  it("refuses nesting 10,000 levels deep, in block and flow style", () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    let block = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nspec:\n";
    for (let i = 0; i < 10_000; i++) block += `${" ".repeat(i + 1)}k:\n`;
    const dir = scratch({ "flow.yaml": flow, "block.yaml": block, "pod.yaml": PRIVILEGED_POD });
    const result = runCli(["lint", ".", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(1);
    const report = parseReport(result);
    const syntax = report.findings.filter((f) => f.rule === "yaml-syntax").map((f) => `${f.location?.file}: ${f.message}`);
    expect(syntax).toEqual([expect.stringMatching(/^block\.yaml: .*nesting exceeded/), expect.stringMatching(/^flow\.yaml: .*nesting exceeded/)]);
    expect(report.findings.some((f) => f.rule === "privileged-container")).toBe(true);
  });

  it("lints a 50 MB file in bounded memory and time", () => {
    const dir = scratch();
    const docs: string[] = [];
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const doc = PRIVILEGED_POD.replace("name: bad", `name: pod-${i}`).replace("  namespace: shop\n", `  namespace: shop\n  annotations:\n    note: "${"x".repeat(400)}"\n`);
      docs.push(doc);
      size += doc.length + 4;
    }
    // One broken document in the middle must not hide the others.
    docs[Math.floor(docs.length / 2)] = "apiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n";
    writeFileSync(path.join(dir, "big.yaml"), docs.join("---\n"));
    const started = Date.now();
    // Two worker threads, so that the file is also cut into pieces shared between them.
    const result = spawnSync("/usr/bin/time", ["-f", "maxrss_kb=%M", process.execPath, BIN, "lint", "big.yaml", "--format", "json", "--no-config", "--threads", "2"], { cwd: dir, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024, timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(result.status).toBe(1);
    const report = parseReport({ status: result.status, stdout: result.stdout, stderr: result.stderr });
    expect(report.summary.resources).toBe(docs.length - 1);
    expect(report.findings.filter((f) => f.rule === "yaml-syntax")).toHaveLength(1);
    expect(report.findings.filter((f) => f.rule === "privileged-container")).toHaveLength(docs.length - 1);
    const rssMb = Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]) / 1024;
    console.log(`50 MB file: ${docs.length} documents in ${seconds.toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB`);
    // The report itself (hundreds of thousands of findings) dominates memory; the bound keeps it honest.
    expect(rssMb).toBeLessThan(2048);
  }, 300_000);
});
