// PodDisruptionBudget arithmetic, checked against what the disruption controller computes.
import { describe, expect, it } from "vitest";
import {
  Autoscalers,
  autoscalerOf,
  blocksAtAnyScale,
  budgetSelectorOf,
  disruptionsAllowed,
  parseIntOrPercent,
  readBudget,
  replicaFloorOf,
  scaledValue,
  type Budget,
} from "../../src/model/disruption.js";
import type { KubeObject } from "../../src/model/object.js";
import { ResourceIndex, type IndexedResource } from "../../src/model/resource-index.js";
import { selectorMatches } from "../../src/model/selectors.js";
import type { WorkloadSummary } from "../../src/model/workload-summary.js";

const percent = (value: number) => ({ kind: "percent" as const, value });
const int = (value: number) => ({ kind: "int" as const, value });
let documents = 0;

function resource(object: KubeObject, workload?: Partial<WorkloadSummary>): IndexedResource {
  const metadata = object.metadata as { name?: string; namespace?: string } | undefined;
  return {
    key: `test.yaml#${(documents += 1)}`,
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: metadata?.name,
    namespace: metadata?.namespace,
    labels: {},
    file: "test.yaml",
    object,
    workload:
      workload === undefined
        ? undefined
        : ({ podTemplatePath: ["spec", "template"], workloadClass: "long-running", replicas: 1, replicasWritten: false, podLabels: {}, containers: [], affinity: undefined, topologySpreadConstraints: [], tolerations: [], nodeSelector: undefined, hostNetwork: false, ...workload } as WorkloadSummary),
  };
}

describe("int-or-percent values", () => {
  it("read integers and percentage strings as the API server validates them", () => {
    expect(parseIntOrPercent(undefined)).toBeUndefined();
    expect(parseIntOrPercent(null)).toBeUndefined();
    expect(parseIntOrPercent(2)).toEqual(int(2));
    expect(parseIntOrPercent(0)).toEqual(int(0));
    expect(parseIntOrPercent("25%")).toEqual(percent(25));
    expect(parseIntOrPercent("0%")).toEqual(percent(0));
    expect(parseIntOrPercent("100%")).toEqual(percent(100));
    expect(parseIntOrPercent("2")?.kind, "a quoted number is a string, not a percentage").toBe("invalid");
    expect(parseIntOrPercent("101%")?.kind).toBe("invalid");
    expect(parseIntOrPercent(-1)?.kind).toBe("invalid");
    expect(parseIntOrPercent(1.5)?.kind).toBe("invalid");
    expect(parseIntOrPercent("50 %")?.kind).toBe("invalid");
  });

  it("scale percentages of a total, rounding up as the disruption controller does", () => {
    expect(scaledValue(percent(60), 1, true)).toBe(1);
    expect(scaledValue(percent(60), 2, true)).toBe(2);
    expect(scaledValue(percent(60), 3, true)).toBe(2);
    expect(scaledValue(percent(60), 5, true)).toBe(3);
    expect(scaledValue(percent(67), 3, true)).toBe(3);
    expect(scaledValue(percent(50), 3, true)).toBe(2);
    expect(scaledValue(percent(50), 3, false)).toBe(1);
    expect(scaledValue(percent(25), 3, true)).toBe(1);
    expect(scaledValue(percent(0), 7, true)).toBe(0);
    expect(scaledValue(int(4), 2, true), "an integer is not scaled").toBe(4);
  });
});

describe("budgets", () => {
  it("take maxUnavailable or minAvailable, and reject both or malformed values", () => {
    expect(readBudget({ maxUnavailable: 1 })).toEqual({ budget: { field: "maxUnavailable", value: int(1) }, problems: [] });
    expect(readBudget({ minAvailable: "50%" })).toEqual({ budget: { field: "minAvailable", value: percent(50) }, problems: [] });
    expect(readBudget({}).budget).toEqual({ field: "none" });
    expect(readBudget(undefined).budget).toEqual({ field: "none" });
    const both = readBudget({ minAvailable: 1, maxUnavailable: 1 });
    expect(both.budget).toBeUndefined();
    expect(both.problems.map((p) => p.reason)).toEqual(["minAvailable and maxUnavailable cannot both be set; keep one of them"]);
    expect(readBudget({ minAvailable: "2" }).problems[0]?.path).toEqual(["spec", "minAvailable"]);
    expect(readBudget({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" }).problems).toEqual([]);
    expect(readBudget({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "Never" }).problems[0]?.path).toEqual(["spec", "unhealthyPodEvictionPolicy"]);
  });

  it("allow what the controller allows when every expected pod is healthy", () => {
    const budget = (b: Budget) => b;
    expect(disruptionsAllowed(budget({ field: "maxUnavailable", value: int(1) }), 3)).toEqual({ desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(disruptionsAllowed(budget({ field: "maxUnavailable", value: int(0) }), 3).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "maxUnavailable", value: percent(0) }), 3).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "maxUnavailable", value: percent(10) }), 3), "10% of 3 rounds up to one pod").toEqual({ desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(disruptionsAllowed(budget({ field: "maxUnavailable", value: int(5) }), 3), "desired never goes below zero").toEqual({ desiredHealthy: 0, disruptionsAllowed: 3 });
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: int(3) }), 3).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: int(4) }), 3).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: int(2) }), 3).disruptionsAllowed).toBe(1);
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: percent(100) }), 5).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: percent(60) }), 1).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: percent(60) }), 2).disruptionsAllowed).toBe(0);
    expect(disruptionsAllowed(budget({ field: "minAvailable", value: percent(60) }), 3).disruptionsAllowed).toBe(1);
    expect(disruptionsAllowed(budget({ field: "none" }), 3), "no field: the controller expects no pods and allows nothing").toEqual({ desiredHealthy: 0, disruptionsAllowed: 0 });
    expect(disruptionsAllowed(budget({ field: "maxUnavailable", value: int(1) }), 0).disruptionsAllowed, "no expected pods: nothing allowed").toBe(0);
  });

  it("know which budgets block at any scale", () => {
    expect(blocksAtAnyScale({ field: "maxUnavailable", value: int(0) })).toBe(true);
    expect(blocksAtAnyScale({ field: "maxUnavailable", value: percent(0) })).toBe(true);
    expect(blocksAtAnyScale({ field: "minAvailable", value: percent(100) })).toBe(true);
    expect(blocksAtAnyScale({ field: "none" })).toBe(true);
    expect(blocksAtAnyScale({ field: "maxUnavailable", value: percent(1) })).toBe(false);
    expect(blocksAtAnyScale({ field: "minAvailable", value: int(2) })).toBe(false);
  });
});

describe("budget selectors", () => {
  const pod = { app: "web" };
  it("policy/v1: null selects nothing, {} selects every pod", () => {
    expect(budgetSelectorOf("policy/v1", {}).selectsNoPodBecause).toBe("it has no selector");
    expect(budgetSelectorOf("policy/v1", { selector: null }).selectsNoPodBecause).toBe("its selector is null");
    const empty = budgetSelectorOf("policy/v1", { selector: {} });
    expect(empty.selectsNoPodBecause).toBeUndefined();
    expect(selectorMatches(empty.selector, pod)).toBe(true);
  });
  it("policy/v1beta1: {} and empty matchLabels select nothing", () => {
    expect(budgetSelectorOf("policy/v1beta1", { selector: {} }).selectsNoPodBecause).toMatch(/v1beta1/);
    expect(budgetSelectorOf("policy/v1beta1", { selector: { matchLabels: {} } }).selectsNoPodBecause).toMatch(/v1beta1/);
    const labels = budgetSelectorOf("policy/v1beta1", { selector: { matchLabels: { app: "web" } } });
    expect(selectorMatches(labels.selector, pod)).toBe(true);
  });
});

describe("autoscalers and replica floors", () => {
  const deployment = resource({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" } }, { replicas: 1 });
  const hpa = (spec: Record<string, unknown>, namespace = "shop") => resource({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web", namespace }, spec } as KubeObject);

  function floorWith(workload: IndexedResource, ...scalers: IndexedResource[]) {
    const index = new ResourceIndex();
    index.add(workload);
    for (const scaler of scalers) index.add(scaler);
    return replicaFloorOf(workload, new Autoscalers(index));
  }

  it("read an HPA's target and minimum (default 1)", () => {
    const read = autoscalerOf(hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 5 }));
    expect(read?.target).toEqual({ kind: "Deployment", name: "web", group: "apps" });
    expect(read?.minReplicas).toBe(1);
    expect(read?.minWritten).toBe(false);
  });

  it("use the HPA's minimum for the workload it scales", () => {
    expect(floorWith(deployment, hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 3, maxReplicas: 5 }))?.replicas).toBe(3);
    expect(floorWith(deployment, hpa({ scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 3, maxReplicas: 5 }))?.replicas, "apiVersion is optional").toBe(3);
    expect(floorWith(deployment, hpa({ scaleTargetRef: { apiVersion: "extensions/v1beta1", kind: "Deployment", name: "web" }, minReplicas: 3, maxReplicas: 5 }))?.replicas, "old references to extensions").toBe(3);
  });

  it("ignore HPAs of another name, kind, group or namespace", () => {
    expect(floorWith(deployment, hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, minReplicas: 3 }))?.autoscaler).toBeUndefined();
    expect(floorWith(deployment, hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "web" }, minReplicas: 3 }))?.autoscaler).toBeUndefined();
    expect(floorWith(deployment, hpa({ scaleTargetRef: { apiVersion: "argoproj.io/v1alpha1", kind: "Deployment", name: "web" }, minReplicas: 3 }))?.autoscaler).toBeUndefined();
    expect(floorWith(deployment, hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 3 }, "other"))?.autoscaler).toBeUndefined();
  });

  it("read KEDA ScaledObjects, whose minimum defaults to 0", () => {
    const scaled = resource({ apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "web", namespace: "shop" }, spec: { scaleTargetRef: { name: "web" } } } as KubeObject);
    expect(floorWith(deployment, scaled)?.replicas).toBe(0);
  });

  it("leave kinds without replicas, and workloads scaled to zero, alone", () => {
    const daemonSet = resource({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" } }, { replicas: undefined });
    expect(floorWith(daemonSet)).toBeUndefined();
    const zero = resource({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" } }, { replicas: 0, replicasWritten: true });
    expect(floorWith(zero, hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 3 }))?.replicas, "an HPA does not scale a workload at zero").toBe(0);
  });
});
