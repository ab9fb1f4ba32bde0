import { describe, expect, it } from "vitest";
import { CHECKED_BY_THE_API_SERVER, serveConfig } from "../../src/serve/serve-rules.js";
import { findRule } from "../../src/rules/index.js";
import { configFrom } from "../helpers/lint.js";
import { Reviewer } from "../../src/serve/reviewer.js";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { compliantDeployment } from "../helpers/workloads.js";

describe("the rules serve runs", () => {
  const all = configFrom({ rules: { "schema-invalid": "error", "custom-resource-invalid": "error", "schema-unknown-kind": "error", "pdb-missing": "warning" } });
  const ids = (config: ReturnType<typeof configFrom>) => config.rules.map((r) => r.rule.id);

  it("leaves out the schema rules, whose findings the API server refuses before it calls a webhook", () => {
    for (const id of CHECKED_BY_THE_API_SERVER) {
      expect(findRule(id), id).toBeDefined();
      expect(ids(all)).toContain(id);
      expect(ids(serveConfig(all, true))).not.toContain(id);
    }
  });

  it("keeps cross-resource rules only with a cluster, and every other rule either way", () => {
    expect(ids(serveConfig(all, true))).toContain("pdb-missing");
    expect(ids(serveConfig(all, false))).not.toContain("pdb-missing");
    const others = ids(all).filter((id) => !CHECKED_BY_THE_API_SERVER.includes(id) && findRule(id)?.scope !== "index");
    expect(ids(serveConfig(all, false))).toEqual(others);
  });

  it("so that a review does not report a schema problem lint would", () => {
    const config = serveConfig(all, false);
    const reviewer = new Reviewer(buildLinter(linterSpecOf(config, [])), config, undefined);
    const object = compliantDeployment("web", { imagePullpolicy: "Always" });
    const outcome = reviewer.review({ uid: "u", operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, namespace: "shop", name: "web", subResource: undefined, dryRun: false, object, userName: "alice" });
    expect(outcome.denied).not.toContain("schema-invalid");
    const linted = new Reviewer(buildLinter(linterSpecOf(all, [])), all, undefined).review({ uid: "u", operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, namespace: "shop", name: "web", subResource: undefined, dryRun: false, object, userName: "alice" });
    expect(linted.denied).toContain("schema-invalid");
  });
});
