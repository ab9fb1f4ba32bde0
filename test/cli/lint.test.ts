// The lint command end to end: inputs, formats, colours and the exit-code contract.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLEAN_POD, PRIVILEGED_POD, parseReport, runCli, scratch } from "../helpers/cli.js";

describe("shipshape lint", () => {
  it("exits 1 with an error finding and reports it at its position", () => {
    const dir = scratch({ "pod.yaml": PRIVILEGED_POD });
    const result = runCli(["lint", "pod.yaml", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(1);
    const report = parseReport(result);
    const privileged = report.findings.find((f) => f.rule === "privileged-container");
    expect(privileged).toMatchObject({ practice: "non-root", severity: "error", location: { file: "pod.yaml", line: 11, column: 9 }, resource: { kind: "Pod", name: "bad", namespace: "shop" }, container: "app" });
    expect(report.version).toBe(1);
    expect(report.summary.resources).toBe(1);
    expect(report.summary.errors).toBeGreaterThan(0);
  });

  it("exits 0 when nothing reaches the threshold, and --fail-on lowers it", () => {
    const dir = scratch({ "pod.yaml": CLEAN_POD });
    const relaxed = runCli(["lint", "pod.yaml", "--no-config"], { cwd: dir });
    expect(relaxed.status, relaxed.stdout).toBe(0);
    const strict = runCli(["lint", "pod.yaml", "--no-config", "--fail-on", "warning"], { cwd: dir });
    expect(strict.status).toBe(1);
    const never = runCli(["lint", "pod.yaml", "--no-config", "--fail-on", "none"], { cwd: dir });
    expect(never.status).toBe(0);
  });

  it("reads folders recursively (.yaml, .yml, .json) and standard input", () => {
    const dir = scratch({
      "a/one.yaml": CLEAN_POD,
      "a/b/two.yml": CLEAN_POD.replace("name: good", "name: two"),
      "a/b/three.json": JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "shop" } }),
      "a/notes.txt": "not yaml",
    });
    const report = parseReport(runCli(["lint", "a", "--format", "json", "--no-config"], { cwd: dir }));
    expect(report.summary.files).toBe(3);
    expect(report.summary.resources).toBe(3);
    const stdin = parseReport(runCli(["lint", "-", "--format", "json", "--no-config"], { cwd: dir, input: PRIVILEGED_POD }));
    expect(stdin.findings.find((f) => f.rule === "privileged-container")?.location).toEqual({ file: "<stdin>", line: 11, column: 9 });
  });

  it("flattens List kinds and skips documents that are not Kubernetes objects with a note", () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a, namespace: shop}
  - ${PRIVILEGED_POD.split("\n").join("\n    ").trimEnd()}
---
# a Helm values file slipped in
replicaCount: 2
image:
  tag: latest
`;
    const dir = scratch({ "list.yaml": list });
    const report = parseReport(runCli(["lint", "list.yaml", "--format", "json", "--no-config"], { cwd: dir }));
    expect(report.summary.resources).toBe(2);
    expect(report.findings.find((f) => f.rule === "privileged-container")?.location).toEqual({ file: "list.yaml", line: 17, column: 13 });
    expect(report.notes).toEqual([expect.objectContaining({ level: "note", message: expect.stringContaining("not a Kubernetes object") })]);
  });

  it("writes colours only on a terminal, never with NO_COLOR, and when forced", () => {
    const dir = scratch({ "pod.yaml": PRIVILEGED_POD });
    const plain = runCli(["lint", "pod.yaml", "--no-config"], { cwd: dir });
    expect(plain.stdout).not.toContain("\u001b[");
    const forced = runCli(["lint", "pod.yaml", "--no-config"], { cwd: dir, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[");
    const noColor = runCli(["lint", "pod.yaml", "--no-config"], { cwd: dir, env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\u001b[");
    const flag = runCli(["lint", "pod.yaml", "--no-config", "--color"], { cwd: dir, env: { NO_COLOR: "1" } });
    expect(flag.stdout).toContain("\u001b[");
  });

  it("groups the text report by file and object", () => {
    const dir = scratch({ "pod.yaml": PRIVILEGED_POD });
    const text = runCli(["lint", "pod.yaml", "--no-config"], { cwd: dir }).stdout;
    expect(text).toMatch(/^pod\.yaml\n {2}Pod shop\/bad\n/);
    expect(text).toMatch(/11:9 +error +Container "app" runs privileged.*privileged-container \(non-root\)/);
    expect(text).toMatch(/✖ \d+ findings \(\d+ errors?, \d+ warnings?, \d+ info\): 1 resource in 1 file/);
  });

  it("exits 2 on a bad argument or option", () => {
    expect(runCli(["lint", "--format", "xml"]).status).toBe(2);
    expect(runCli(["lint", "--no-such-flag"]).status).toBe(2);
    expect(runCli(["frobnicate"]).status).toBe(2);
    expect(runCli(["--help"]).status).toBe(0);
    expect(runCli(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 for a missing path but still checks and reports the other inputs", () => {
    const dir = scratch({ "pod.yaml": PRIVILEGED_POD });
    const result = runCli(["lint", "pod.yaml", "missing.yaml", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(2);
    const report = parseReport(result);
    expect(report.findings.some((f) => f.rule === "privileged-container")).toBe(true);
    expect(report.notes).toContainEqual(expect.objectContaining({ level: "error", message: "cannot read missing.yaml: no such file or directory" }));
    expect(result.stderr).toContain("missing.yaml");
  });

  it("exits 2 for binary, invalid UTF-8 and unreadable files, naming each cause, and checks the rest", () => {
    const dir = scratch({
      "good.yaml": PRIVILEGED_POD,
      "image.yaml": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      "latin1.yaml": Buffer.concat([Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
    });
    symlinkSync(path.join(dir, "loop.yaml"), path.join(dir, "loop.yaml"));
    const result = runCli(["lint", ".", "loop.yaml", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(2);
    const report = parseReport(result);
    const errors = report.notes.filter((n) => n.level === "error").map((n) => n.message);
    expect(errors).toContainEqual(expect.stringMatching(/image\.yaml: not a text file: it contains a NUL byte at byte offset 8/));
    expect(errors).toContainEqual(expect.stringMatching(/latin1\.yaml: not valid UTF-8: invalid byte 0xe9 at line 4, column 12/));
    expect(errors).toContainEqual(expect.stringMatching(/loop\.yaml: .*(symbolic links|ELOOP)/));
    expect(report.findings.some((f) => f.rule === "privileged-container" && f.location?.file === "good.yaml")).toBe(true);
  });

  it("treats an empty file, or one with only comments and markers, as zero resources", () => {
    const dir = scratch({ "empty.yaml": "", "comments.yaml": "# nothing here\n---\n# still nothing\n---\n...\n" });
    const result = runCli(["lint", ".", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(0);
    const report = parseReport(result);
    expect(report.summary).toMatchObject({ resources: 0, findings: 0, files: 2 });
    expect(report.notes).toEqual([]);
  });

  it("refuses a file it cannot open even when running as root", () => {
    const dir = scratch({ "pod.yaml": CLEAN_POD });
    // A folder named like a manifest cannot be read as one.
    const result = runCli(["lint", "pod.yaml", "pod.yaml/inner.yaml", "--format", "json", "--no-config"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(parseReport(result).notes).toContainEqual(expect.objectContaining({ level: "error", message: expect.stringContaining("pod.yaml/inner.yaml: a part of the path is not a directory") }));
  });
});
