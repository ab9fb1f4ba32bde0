// Where a pod may run, as the scheduler decides it: tolerations against taints, nodeSelector and
// required node affinity against node labels, and which of these constraints single out a
// dedicated set of nodes rather than describing every node of a cluster.
import { asArray, asObject, asString, type JsonObject, type JsonValue } from "./json.js";

export interface Taint {
  readonly key: string;
  readonly value: string;
  /** NoSchedule, PreferNoSchedule or NoExecute. */
  readonly effect: string;
}

export interface Toleration {
  /** "" tolerates every key (only valid with operator Exists). */
  readonly key: string;
  /** "Equal" (the default when unset) or "Exists"; anything else tolerates nothing. */
  readonly operator: string;
  readonly value: string;
  /** "" tolerates every effect. */
  readonly effect: string;
}

/** A toleration as written in a pod spec; undefined when the entry is not a mapping. */
export function tolerationOf(value: JsonValue | undefined): Toleration | undefined {
  const entry = asObject(value);
  if (entry === undefined) return undefined;
  return {
    key: asString(entry.key) ?? "",
    operator: asString(entry.operator) ?? "Equal",
    value: asString(entry.value) ?? "",
    effect: asString(entry.effect) ?? "",
  };
}

/** Whether a toleration tolerates a taint, exactly as Kubernetes' Toleration.ToleratesTaint decides. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== "" && toleration.effect !== taint.effect) return false;
  if (toleration.key !== "" && toleration.key !== taint.key) return false;
  switch (toleration.operator) {
    case "":
    case "Equal":
      return toleration.value === taint.value;
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** Whether any of a pod's tolerations tolerates the taint. */
export function tolerationsTolerate(tolerations: readonly JsonValue[], taint: Taint): boolean {
  return tolerations.some((value) => {
    const toleration = tolerationOf(value);
    return toleration !== undefined && toleratesTaint(toleration, taint);
  });
}

/** `operator: Exists` without a key: tolerates every taint (of its effect, or of all effects). */
export function isBlanketToleration(toleration: Toleration): boolean {
  return toleration.key === "" && toleration.operator === "Exists";
}

/** Effects that keep pods off a node (PreferNoSchedule only discourages). */
export function isRepellingEffect(effect: string): boolean {
  return effect === "NoSchedule" || effect === "NoExecute";
}

/** Whether a toleration lets a pod onto nodes with a repelling taint of that effect ("" = any effect). */
export function toleratesRepellingEffect(toleration: Toleration): boolean {
  return toleration.effect === "" || isRepellingEffect(toleration.effect);
}

const SYSTEM_TAINT_KEYS = new Set([
  "node-role.kubernetes.io/master",
  "node-role.kubernetes.io/control-plane",
  "CriticalAddonsOnly",
  "ToBeDeletedByClusterAutoscaler",
  "DeletionCandidateOfClusterAutoscaler",
  // Accelerator and capacity-type taints that clouds add to every node of that hardware.
  "nvidia.com/gpu",
  "amd.com/gpu",
  "google.com/tpu",
  "aws.amazon.com/neuron",
  "cloud.google.com/gke-spot",
  "cloud.google.com/gke-preemptible",
  "kubernetes.azure.com/scalesetpriority",
  "eks.amazonaws.com/compute-type",
]);

/**
 * Taints that Kubernetes, cloud providers and autoscalers put on nodes themselves (node
 * conditions, start-up, control plane, system pools, scale-down, accelerator and spot nodes),
 * as opposed to a taint an operator puts on a node pool to reserve it for some workloads.
 */
export function isSystemTaintKey(key: string): boolean {
  return (
    SYSTEM_TAINT_KEYS.has(key) ||
    key.startsWith("node.kubernetes.io/") ||
    key.startsWith("node.cloudprovider.kubernetes.io/") ||
    key.startsWith("karpenter.sh/") ||
    key.startsWith("karpenter.k8s.aws/")
  );
}

/** A requirement of a node selector term (matchExpressions or matchFields). */
export interface NodeSelectorRequirement {
  readonly key: string;
  /** In, NotIn, Exists, DoesNotExist, Gt, Lt. */
  readonly operator: string;
  readonly values: readonly string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
  readonly matchFields: readonly NodeSelectorRequirement[];
}

function requirementsOf(value: JsonValue | undefined): NodeSelectorRequirement[] {
  return asArray(value).flatMap((item) => {
    const entry = asObject(item);
    if (entry === undefined) return [];
    const values = asArray(entry.values).map((v) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : ""));
    return [{ key: asString(entry.key) ?? "", operator: asString(entry.operator) ?? "", values }];
  });
}

/**
 * The terms of `nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`; undefined when the
 * pod has no required node affinity (then only its nodeSelector constrains it).
 */
export function requiredNodeSelectorTerms(affinity: JsonObject | undefined): NodeSelectorTerm[] | undefined {
  const required = asObject(asObject(affinity?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  if (required === undefined) return undefined;
  return asArray(required.nodeSelectorTerms).map((item) => {
    const term = asObject(item);
    return { matchExpressions: requirementsOf(term?.matchExpressions), matchFields: requirementsOf(term?.matchFields) };
  });
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Whether a node's labels (or fields) satisfy one requirement, as labels.Selector does it:
 * NotIn and DoesNotExist hold when the key is absent; Gt and Lt need one integer value and a
 * label that is an integer; a malformed requirement matches nothing.
 */
export function nodeSelectorRequirementMatches(requirement: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const actual = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case "In":
      return requirement.values.length > 0 && actual !== undefined && requirement.values.includes(actual);
    case "NotIn":
      return requirement.values.length > 0 && (actual === undefined || !requirement.values.includes(actual));
    case "Exists":
      return requirement.values.length === 0 && has;
    case "DoesNotExist":
      return requirement.values.length === 0 && !has;
    case "Gt":
    case "Lt": {
      const bound = requirement.values[0];
      if (requirement.values.length !== 1 || bound === undefined || !INTEGER.test(bound) || actual === undefined || !INTEGER.test(actual)) return false;
      return requirement.operator === "Gt" ? BigInt(actual) > BigInt(bound) : BigInt(actual) < BigInt(bound);
    }
    default:
      return false;
  }
}

/** The node a term is matched against: its labels, and its name for `matchFields` (metadata.name). */
export interface NodeFacts {
  readonly labels: Readonly<Record<string, string>>;
  readonly name?: string;
}

/** One term: every requirement holds. An empty term matches no node. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeFacts): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  if (!term.matchExpressions.every((r) => nodeSelectorRequirementMatches(r, node.labels))) return false;
  // Only metadata.name is a node field, with In or NotIn and exactly one value.
  for (const field of term.matchFields) {
    if (field.key !== "metadata.name" || (field.operator !== "In" && field.operator !== "NotIn") || field.values.length !== 1) return false;
    if (node.name !== undefined && !nodeSelectorRequirementMatches(field, { "metadata.name": node.name })) return false;
  }
  return true;
}

/** Whether the pod may be scheduled on the node: its nodeSelector and any one required affinity term. */
export function podFitsNode(pod: { readonly nodeSelector: JsonObject | undefined; readonly affinity: JsonObject | undefined }, node: NodeFacts): boolean {
  for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
    if (node.labels[key] !== (typeof value === "string" ? value : String(value))) return false;
  }
  const terms = requiredNodeSelectorTerms(pod.affinity);
  return terms === undefined || terms.some((term) => nodeSelectorTermMatches(term, node));
}

/**
 * Node labels that every node of a cluster carries or that describe hardware and location rather
 * than a pool: selecting on them does not set a workload apart.
 */
const GENERIC_NODE_LABELS = new Set([
  "kubernetes.io/os",
  "kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "topology.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "node.kubernetes.io/instance-type",
  "beta.kubernetes.io/instance-type",
]);

export function isGenericNodeLabel(key: string): boolean {
  return GENERIC_NODE_LABELS.has(key);
}

/** How a pod is tied to particular nodes. */
export interface NodePinning {
  /** The pod can only run on nodes singled out by a label other than the generic ones (or by name). */
  readonly pinned: boolean;
  /** "nodeSelector" or "nodeAffinity", when pinned. */
  readonly by?: "nodeSelector" | "nodeAffinity";
  /** The constraints the pod has that do not pin it, for messages ("nodeSelector kubernetes.io/os=linux"). */
  readonly loose: readonly string[];
}

/** A requirement that narrows the pod to nodes carrying a pool's label (or to named nodes). */
function requirementPins(requirement: NodeSelectorRequirement): boolean {
  if (isGenericNodeLabel(requirement.key) || requirement.key === "") return false;
  if (requirement.operator === "In") return requirement.values.length > 0;
  return requirement.operator === "Exists";
}

/**
 * Whether the pod is pinned to a dedicated set of nodes: a nodeSelector entry on a non-generic
 * label, or a required node affinity every term of which (terms are alternatives) requires such a
 * label with In or Exists, or names nodes with matchFields. Preferred affinity does not pin.
 */
export function nodePinningOf(pod: { readonly nodeSelector: JsonObject | undefined; readonly affinity: JsonObject | undefined }): NodePinning {
  const loose: string[] = [];
  const selector = Object.entries(pod.nodeSelector ?? {});
  if (selector.some(([key]) => !isGenericNodeLabel(key))) return { pinned: true, by: "nodeSelector", loose };
  if (selector.length > 0) loose.push(`nodeSelector ${selector.map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ")} matches nodes of every pool`);
  const terms = requiredNodeSelectorTerms(pod.affinity);
  if (terms !== undefined && terms.length > 0) {
    const pins = terms.every((term) => term.matchExpressions.some(requirementPins) || term.matchFields.some((f) => f.key === "metadata.name" && f.operator === "In" && f.values.length === 1));
    if (pins) return { pinned: true, by: "nodeAffinity", loose };
    loose.push("a term of its required node affinity admits nodes of any pool");
  }
  if (asArray(asObject(pod.affinity?.nodeAffinity)?.preferredDuringSchedulingIgnoredDuringExecution).length > 0) {
    loose.push("preferred node affinity is not a requirement");
  }
  return { pinned: false, loose };
}
