import { describe, expect, it } from "vitest";
import {
  isBlanketToleration,
  isSystemTaintKey,
  nodePinningOf,
  nodeSelectorRequirementMatches,
  nodeSelectorTermMatches,
  podFitsNode,
  requiredNodeSelectorTerms,
  toleratesTaint,
  tolerationOf,
  tolerationsTolerate,
  type Taint,
} from "../../src/model/scheduling.js";
import type { JsonObject, JsonValue } from "../../src/model/json.js";

const taint = (key: string, value: string, effect: string): Taint => ({ key, value, effect });
const tolerates = (toleration: JsonValue, t: Taint) => {
  const parsed = tolerationOf(toleration);
  return parsed !== undefined && toleratesTaint(parsed, t);
};

describe("tolerations against taints", () => {
  const pool = taint("dedicated", "pci", "NoSchedule");

  it("Equal (the default operator) needs the same key, value and effect", () => {
    expect(tolerates({ key: "dedicated", value: "pci", effect: "NoSchedule" }, pool)).toBe(true);
    expect(tolerates({ key: "dedicated", operator: "Equal", value: "pci", effect: "NoSchedule" }, pool)).toBe(true);
    expect(tolerates({ key: "dedicated", value: "gpu", effect: "NoSchedule" }, pool)).toBe(false);
    expect(tolerates({ key: "other", value: "pci", effect: "NoSchedule" }, pool)).toBe(false);
    expect(tolerates({ key: "dedicated", value: "pci", effect: "NoExecute" }, pool)).toBe(false);
  });

  it("an empty value matches a taint with an empty value only", () => {
    expect(tolerates({ key: "dedicated", effect: "NoSchedule" }, pool)).toBe(false);
    expect(tolerates({ key: "dedicated", effect: "NoSchedule" }, taint("dedicated", "", "NoSchedule"))).toBe(true);
  });

  it("Exists ignores the value", () => {
    expect(tolerates({ key: "dedicated", operator: "Exists", effect: "NoSchedule" }, pool)).toBe(true);
    expect(tolerates({ key: "dedicated", operator: "Exists" }, taint("dedicated", "anything", "NoExecute"))).toBe(true);
  });

  it("an empty effect matches every effect", () => {
    expect(tolerates({ key: "dedicated", value: "pci" }, pool)).toBe(true);
    expect(tolerates({ key: "dedicated", value: "pci" }, taint("dedicated", "pci", "NoExecute"))).toBe(true);
    expect(tolerates({ key: "dedicated", value: "pci" }, taint("dedicated", "pci", "PreferNoSchedule"))).toBe(true);
  });

  it("Exists without a key tolerates everything (of its effect)", () => {
    expect(tolerates({ operator: "Exists" }, pool)).toBe(true);
    expect(tolerates({ operator: "Exists" }, taint("node.kubernetes.io/not-ready", "", "NoExecute"))).toBe(true);
    expect(tolerates({ operator: "Exists", effect: "NoExecute" }, pool)).toBe(false);
    expect(isBlanketToleration(tolerationOf({ operator: "Exists" }) ?? { key: "x", operator: "", value: "", effect: "" })).toBe(true);
    expect(isBlanketToleration(tolerationOf({ key: "dedicated", operator: "Exists" }) ?? { key: "", operator: "", value: "", effect: "" })).toBe(false);
  });

  it("an unknown operator tolerates nothing", () => {
    expect(tolerates({ key: "dedicated", operator: "In", value: "pci" }, pool)).toBe(false);
  });

  it("a list tolerates a taint when any entry does; entries that are not mappings are skipped", () => {
    expect(tolerationsTolerate(["junk", { key: "a", operator: "Exists" }, { key: "dedicated", operator: "Exists" }], pool)).toBe(true);
    expect(tolerationsTolerate([{ key: "a", operator: "Exists" }], pool)).toBe(false);
    expect(tolerationOf("junk")).toBeUndefined();
  });

  it("knows the taints Kubernetes and autoscalers set themselves", () => {
    expect(isSystemTaintKey("node.kubernetes.io/not-ready")).toBe(true);
    expect(isSystemTaintKey("node-role.kubernetes.io/control-plane")).toBe(true);
    expect(isSystemTaintKey("CriticalAddonsOnly")).toBe(true);
    expect(isSystemTaintKey("nvidia.com/gpu")).toBe(true);
    expect(isSystemTaintKey("karpenter.sh/disrupted")).toBe(true);
    expect(isSystemTaintKey("dedicated")).toBe(false);
  });
});

describe("node selector requirements", () => {
  const labels = { pool: "pci", cores: "16", "kubernetes.io/os": "linux" };
  const req = (key: string, operator: string, values: string[] = []) => ({ key, operator, values });

  it("In and NotIn (NotIn holds when the label is absent)", () => {
    expect(nodeSelectorRequirementMatches(req("pool", "In", ["pci", "gpu"]), labels)).toBe(true);
    expect(nodeSelectorRequirementMatches(req("pool", "In", ["gpu"]), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("pool", "NotIn", ["gpu"]), labels)).toBe(true);
    expect(nodeSelectorRequirementMatches(req("zone", "NotIn", ["a"]), labels)).toBe(true);
    expect(nodeSelectorRequirementMatches(req("pool", "NotIn", ["pci"]), labels)).toBe(false);
  });

  it("In and NotIn without values are malformed and match nothing", () => {
    expect(nodeSelectorRequirementMatches(req("pool", "In"), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("zone", "NotIn"), labels)).toBe(false);
  });

  it("Exists and DoesNotExist (with values they are malformed)", () => {
    expect(nodeSelectorRequirementMatches(req("pool", "Exists"), labels)).toBe(true);
    expect(nodeSelectorRequirementMatches(req("zone", "Exists"), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("zone", "DoesNotExist"), labels)).toBe(true);
    expect(nodeSelectorRequirementMatches(req("pool", "DoesNotExist"), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("pool", "Exists", ["pci"]), labels)).toBe(false);
  });

  it("Gt and Lt compare integers and need exactly one value", () => {
    expect(nodeSelectorRequirementMatches(req("cores", "Gt", ["8"]), labels)).toBe(true);
    expect(nodeSelectorRequirementMatches(req("cores", "Lt", ["8"]), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("cores", "Gt", ["8", "9"]), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("pool", "Gt", ["1"]), labels)).toBe(false);
    expect(nodeSelectorRequirementMatches(req("absent", "Lt", ["1"]), labels)).toBe(false);
  });

  it("a term needs every requirement; an empty term matches no node", () => {
    const node = { labels, name: "node-1" };
    expect(nodeSelectorTermMatches({ matchExpressions: [req("pool", "In", ["pci"]), req("cores", "Gt", ["4"])], matchFields: [] }, node)).toBe(true);
    expect(nodeSelectorTermMatches({ matchExpressions: [req("pool", "In", ["pci"]), req("cores", "Gt", ["32"])], matchFields: [] }, node)).toBe(false);
    expect(nodeSelectorTermMatches({ matchExpressions: [], matchFields: [] }, node)).toBe(false);
  });

  it("matchFields knows metadata.name with In or NotIn and one value", () => {
    const node = { labels, name: "node-1" };
    expect(nodeSelectorTermMatches({ matchExpressions: [], matchFields: [req("metadata.name", "In", ["node-1"])] }, node)).toBe(true);
    expect(nodeSelectorTermMatches({ matchExpressions: [], matchFields: [req("metadata.name", "In", ["node-2"])] }, node)).toBe(false);
    expect(nodeSelectorTermMatches({ matchExpressions: [], matchFields: [req("metadata.name", "NotIn", ["node-2"])] }, node)).toBe(true);
    expect(nodeSelectorTermMatches({ matchExpressions: [], matchFields: [req("metadata.uid", "In", ["x"])] }, node)).toBe(false);
    expect(nodeSelectorTermMatches({ matchExpressions: [], matchFields: [req("metadata.name", "In", ["a", "b"])] }, node)).toBe(false);
  });
});

describe("pods on nodes", () => {
  const affinity = (terms: JsonValue[]): JsonObject => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const pciNode = { labels: { pool: "pci", "kubernetes.io/os": "linux" } };
  const webNode = { labels: { pool: "web", "kubernetes.io/os": "linux" } };

  it("nodeSelector needs every label; required affinity terms are alternatives", () => {
    const pod = { nodeSelector: { "kubernetes.io/os": "linux" }, affinity: affinity([{ matchExpressions: [{ key: "pool", operator: "In", values: ["pci"] }] }, { matchExpressions: [{ key: "pool", operator: "In", values: ["gpu"] }] }]) };
    expect(podFitsNode(pod, pciNode)).toBe(true);
    expect(podFitsNode(pod, webNode)).toBe(false);
    expect(podFitsNode({ nodeSelector: { pool: "pci", disk: "ssd" }, affinity: undefined }, pciNode)).toBe(false);
    expect(podFitsNode({ nodeSelector: undefined, affinity: undefined }, webNode)).toBe(true);
  });

  it("a required affinity without terms fits no node", () => {
    expect(requiredNodeSelectorTerms(affinity([]))).toEqual([]);
    expect(podFitsNode({ nodeSelector: undefined, affinity: affinity([]) }, pciNode)).toBe(false);
    expect(requiredNodeSelectorTerms({ nodeAffinity: {} })).toBeUndefined();
  });

  it("is pinned by a nodeSelector on a pool label, not on labels every node has", () => {
    expect(nodePinningOf({ nodeSelector: { pool: "pci" }, affinity: undefined })).toMatchObject({ pinned: true, by: "nodeSelector" });
    expect(nodePinningOf({ nodeSelector: { "kubernetes.io/os": "linux" }, affinity: undefined })).toEqual({ pinned: false, loose: ["nodeSelector kubernetes.io/os=linux matches nodes of every pool"] });
    expect(nodePinningOf({ nodeSelector: undefined, affinity: undefined })).toEqual({ pinned: false, loose: [] });
  });

  it("is pinned by required affinity only when every term requires a pool label with In or Exists (or names nodes)", () => {
    const pool = { matchExpressions: [{ key: "pool", operator: "In", values: ["pci"] }] };
    const exists = { matchExpressions: [{ key: "dedicated-pci", operator: "Exists" }] };
    const named = { matchFields: [{ key: "metadata.name", operator: "In", values: ["node-1"] }] };
    const zone = { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["a"] }] };
    const notIn = { matchExpressions: [{ key: "pool", operator: "NotIn", values: ["web"] }] };
    expect(nodePinningOf({ nodeSelector: undefined, affinity: affinity([pool, exists, named]) })).toMatchObject({ pinned: true, by: "nodeAffinity" });
    expect(nodePinningOf({ nodeSelector: undefined, affinity: affinity([pool, zone]) }).pinned).toBe(false);
    expect(nodePinningOf({ nodeSelector: undefined, affinity: affinity([notIn]) }).pinned).toBe(false);
  });

  it("preferred affinity does not pin, and says so", () => {
    const preferred = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "pool", operator: "In", values: ["pci"] }] } }] } };
    expect(nodePinningOf({ nodeSelector: undefined, affinity: preferred })).toEqual({ pinned: false, loose: ["preferred node affinity is not a requirement"] });
  });
});
