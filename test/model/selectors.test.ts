// Label selectors and the resource index, as Kubernetes defines them.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/model/object.js";
import { ResourceIndex, type IndexedResource } from "../../src/model/resource-index.js";
import { describeSelector, parseLabelSelector, parseSelectorMap, selectorMatches } from "../../src/model/selectors.js";
import type { WorkloadSummary } from "../../src/model/workload-summary.js";

const web = { app: "web", tier: "front" };

describe("label selectors", () => {
  it("select nothing when null or absent, everything when empty", () => {
    expect(selectorMatches(parseLabelSelector(undefined), web)).toBe(false);
    expect(selectorMatches(parseLabelSelector(null), web)).toBe(false);
    expect(selectorMatches(parseLabelSelector({}), web)).toBe(true);
    expect(selectorMatches(parseLabelSelector({ matchLabels: {}, matchExpressions: [] }), {})).toBe(true);
    expect(selectorMatches(parseLabelSelector({}, "nothing"), web)).toBe(false);
  });
  it("require every matchLabels pair and every expression", () => {
    expect(selectorMatches(parseLabelSelector({ matchLabels: { app: "web" } }), web)).toBe(true);
    expect(selectorMatches(parseLabelSelector({ matchLabels: { app: "web", tier: "back" } }), web)).toBe(false);
    const expressions = (operator: string, values?: string[]) => parseLabelSelector({ matchExpressions: [{ key: "tier", operator, ...(values ? { values } : {}) }] });
    expect(selectorMatches(expressions("In", ["front", "back"]), web)).toBe(true);
    expect(selectorMatches(expressions("In", ["back"]), web)).toBe(false);
    expect(selectorMatches(expressions("NotIn", ["back"]), web)).toBe(true);
    expect(selectorMatches(expressions("NotIn", ["front"]), web)).toBe(false);
    expect(selectorMatches(expressions("NotIn", ["front"]), { app: "x" }), "NotIn holds when the key is absent").toBe(true);
    expect(selectorMatches(expressions("Exists"), web)).toBe(true);
    expect(selectorMatches(expressions("Exists"), { app: "x" })).toBe(false);
    expect(selectorMatches(expressions("DoesNotExist"), { app: "x" })).toBe(true);
    expect(selectorMatches(expressions("DoesNotExist"), web)).toBe(false);
  });
  it("reject expressions the API server refuses", () => {
    expect(parseLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }).kind).toBe("invalid");
    expect(parseLabelSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }).kind).toBe("invalid");
    expect(parseLabelSelector({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] }).kind).toBe("invalid");
  });
  it("read a Service's map selector; an empty one selects no pods", () => {
    expect(selectorMatches(parseSelectorMap({ app: "web" }), web)).toBe(true);
    expect(selectorMatches(parseSelectorMap({}), web)).toBe(false);
    expect(selectorMatches(parseSelectorMap(undefined), web)).toBe(false);
  });
  it("describe themselves for messages", () => {
    expect(describeSelector(parseLabelSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "t", operator: "NotIn", values: ["a", "b"] }] }))).toBe("app=web, t notin (a,b)");
  });
});

function workload(name: string, namespace: string | undefined, podLabels: Record<string, string>): IndexedResource {
  const summary: WorkloadSummary = { podTemplatePath: ["spec", "template"], workloadClass: "long-running", replicas: 2, replicasWritten: true, podLabels, containers: [], affinity: undefined, topologySpreadConstraints: [], tolerations: [], nodeSelector: undefined, hostNetwork: false, podSecurityLatest: { baseline: undefined, restricted: undefined } };
  const object: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name } };
  return { key: name, apiVersion: "apps/v1", kind: "Deployment", name, namespace, labels: {}, workload: summary, file: "x.yaml", object };
}

describe("resource index", () => {
  const index = new ResourceIndex();
  index.add(workload("web", "shop", { app: "web", tier: "front" }));
  index.add(workload("api", "shop", { app: "api", tier: "back" }));
  index.add(workload("other", "ops", { app: "web" }));
  index.add(workload("loose", undefined, { app: "web" }));
  it("finds the workloads a selector matches, in its namespace only", () => {
    expect(index.workloadsSelectedBy("shop", parseLabelSelector({ matchLabels: { app: "web" } })).map((r) => r.name)).toEqual(["web"]);
    expect(index.workloadsSelectedBy("shop", parseLabelSelector({})).map((r) => r.name)).toEqual(["web", "api"]);
    expect(index.workloadsSelectedBy("shop", parseLabelSelector({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] })).map((r) => r.name)).toEqual(["api"]);
    expect(index.workloadsSelectedBy("shop", parseLabelSelector(null))).toEqual([]);
  });
  it("groups objects that name no namespace together", () => {
    expect(index.workloadsSelectedBy("", parseSelectorMap({ app: "web" })).map((r) => r.name)).toEqual(["loose"]);
    expect(index.namespacesInUse()).toEqual(["", "ops", "shop"]);
  });
});
