// `shipshape rules` and `shipshape explain`: generated from the rules' metadata.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { runCli } from "../helpers/cli.js";

describe("shipshape rules", () => {
  it("lists every rule with its practice and default severity", () => {
    const result = runCli(["rules"]);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(ALL_RULES.length);
    expect(result.stdout).toMatch(/^privileged-container +non-root +error +Containers must not run privileged$/m);
    expect(result.stdout).toMatch(/^image-digest-required +image-scan +off +/m);
  });
  it("lists them as JSON", () => {
    const list = JSON.parse(runCli(["rules", "--format", "json"]).stdout) as Array<{ id: string; practice: string; severity: string; enabledByDefault: boolean }>;
    expect(list.map((r) => r.id).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
    expect(list.find((r) => r.id === "image-digest-required")?.enabledByDefault).toBe(false);
  });
});

describe("shipshape explain", () => {
  it("prints the rule's generated page", () => {
    const result = runCli(["explain", "run-as-non-root"]);
    expect(result.status).toBe(0);
    const page = readFileSync(path.resolve(import.meta.dirname, "../../docs/rules/run-as-non-root.md"), "utf8");
    expect(result.stdout).toBe(page);
    expect(result.stdout).toContain("## Why");
    expect(result.stdout).toContain("1.5 Do not use root user in your containers");
  });
  it("exits 2 for an unknown rule, with a suggestion", () => {
    const result = runCli(["explain", "run-as-nonroot"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown rule "run-as-nonroot" (did you mean "run-as-non-root"?)');
  });
});
