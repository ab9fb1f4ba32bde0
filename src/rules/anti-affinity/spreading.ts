// How a workload's pod spreads its own replicas: the pod anti-affinity terms and topology
// spread constraints on a node or zone key, and whether each one really applies to the
// workload's own pods (its label selector, label keys and namespaces).
import { Autoscalers, replicaFloorOf, type ReplicaFloor } from "../../model/disruption.js";
import { asArray, asObject, asString, type JsonObject, type ObjectPath } from "../../model/json.js";
import { namespaceKeyOf, type IndexedResource, type ResourceIndex } from "../../model/resource-index.js";
import { describeSelector, parseLabelSelector, selectorMatches } from "../../model/selectors.js";
import { formatLabelPairs, kindAndName } from "../../model/object.js";

export const SEED_SECTION = "4.2 Specify pod anti-affinity";

export const DEFAULT_TOPOLOGY_KEYS: readonly string[] = ["kubernetes.io/hostname", "topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"];

export interface SpreadingOptions {
  /** Node label keys whose domains count as spreading (a node, a zone). */
  readonly topologyKeys: readonly string[];
}

export const SPREADING_OPTIONS = {
  schema: {
    type: "object",
    additionalProperties: false,
    properties: {
      topologyKeys: {
        type: "array",
        items: { type: "string", minLength: 1 },
        minItems: 1,
        uniqueItems: true,
        description: "Node label keys that count as spreading when an anti-affinity term or a topology spread constraint uses them (default: the hostname and zone keys).",
      },
    },
  },
  defaults: { topologyKeys: DEFAULT_TOPOLOGY_KEYS },
} as const;

export type SpreadingSource = "required pod anti-affinity term" | "preferred pod anti-affinity term" | "topologySpreadConstraint";

export interface SpreadingEntry {
  readonly source: SpreadingSource;
  readonly topologyKey: string;
  /** Path of the term or constraint, relative to the workload. */
  readonly path: ObjectPath;
  /** Why the entry does not spread the workload's own pods; undefined when it does. */
  readonly problem: SpreadingProblem | undefined;
}

export interface SpreadingProblem {
  /** The field of the term or constraint at fault. */
  readonly field: "labelSelector" | "mismatchLabelKeys" | "namespaces" | "namespaceSelector";
  /** Why, and what to do, for the message. */
  readonly text: string;
}

/** Labels that controllers add to every pod they create, beside the template's own. */
const CONTROLLER_LABELS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["pod-template-hash"],
  ReplicaSet: ["pod-template-hash"],
  Rollout: ["rollouts-pod-template-hash"],
  StatefulSet: ["controller-revision-hash", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index"],
  CloneSet: ["controller-revision-hash"],
};

/** A workload in scope: long-running, with more than one replica at its lowest. */
export function replicatedFloor(workload: IndexedResource, autoscalers: Autoscalers): ReplicaFloor | undefined {
  const summary = workload.workload;
  if (summary === undefined || summary.workloadClass !== "long-running") return undefined;
  const floor = replicaFloorOf(workload, autoscalers);
  if (floor === undefined || floor.replicas < 2) return undefined;
  // Pinned to one node by name: spreading is impossible by design.
  if (asString(summary.nodeSelector?.["kubernetes.io/hostname"]) !== undefined) return undefined;
  return floor;
}

/** Every spreading entry of a workload's pod on one of the topology keys. */
export function spreadingEntries(index: ResourceIndex<IndexedResource>, workload: IndexedResource, topologyKeys: ReadonlySet<string>): SpreadingEntry[] {
  const summary = workload.workload;
  if (summary === undefined) return [];
  const podSpec: ObjectPath = [...summary.podTemplatePath, "spec"];
  const entries: SpreadingEntry[] = [];
  const antiAffinity = asObject(summary.affinity?.podAntiAffinity);
  asArray(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).forEach((item, i) => {
    const term = asObject(item);
    const key = asString(term?.topologyKey);
    if (term === undefined || key === undefined || !topologyKeys.has(key)) return;
    const at = [...podSpec, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", i];
    entries.push({ source: "required pod anti-affinity term", topologyKey: key, path: at, problem: affinityTermProblem(index, workload, term) });
  });
  asArray(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, i) => {
    const term = asObject(asObject(item)?.podAffinityTerm);
    const key = asString(term?.topologyKey);
    if (term === undefined || key === undefined || !topologyKeys.has(key)) return;
    const at = [...podSpec, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", i, "podAffinityTerm"];
    entries.push({ source: "preferred pod anti-affinity term", topologyKey: key, path: at, problem: affinityTermProblem(index, workload, term) });
  });
  summary.topologySpreadConstraints.forEach((item, i) => {
    const constraint = asObject(item);
    const key = asString(constraint?.topologyKey);
    if (constraint === undefined || key === undefined || !topologyKeys.has(key)) return;
    entries.push({ source: "topologySpreadConstraint", topologyKey: key, path: [...podSpec, "topologySpreadConstraints", i], problem: selectorProblem(workload, constraint, "no pod is counted") });
  });
  return entries;
}

/**
 * Why a selector (with its matchLabelKeys and mismatchLabelKeys) misses the workload's own pods.
 * matchLabelKeys only add `key in (own value)`, which the workload's own pods meet.
 */
function selectorProblem(workload: IndexedResource, holder: JsonObject, nullMeans: string): SpreadingProblem | undefined {
  const podLabels = workload.workload?.podLabels ?? {};
  const labels = describePodLabels(podLabels);
  if (holder.labelSelector === undefined || holder.labelSelector === null) return { field: "labelSelector", text: `it has no labelSelector, so ${nullMeans}; add one that matches the pod labels (${labels})` };
  const selector = parseLabelSelector(holder.labelSelector);
  if (selector.kind === "invalid") return { field: "labelSelector", text: `its labelSelector is invalid (${selector.reason}); make it match the pod labels (${labels})` };
  if (!selectorMatches(selector, podLabels)) return { field: "labelSelector", text: `its labelSelector (${describeSelector(selector)}) does not match the pod labels (${labels}); make it match them` };
  const ownKeys = new Set([...Object.keys(podLabels), ...(CONTROLLER_LABELS[workload.kind] ?? [])]);
  const excluding = asArray(holder.mismatchLabelKeys)
    .map(asString)
    .find((key) => key !== undefined && ownKeys.has(key));
  if (excluding !== undefined) return { field: "mismatchLabelKeys", text: `its mismatchLabelKeys "${excluding}" leaves out every pod that shares the workload's own value of that label; remove "${excluding}" from mismatchLabelKeys` };
  return undefined;
}

function affinityTermProblem(index: ResourceIndex<IndexedResource>, workload: IndexedResource, term: JsonObject): SpreadingProblem | undefined {
  const problem = selectorProblem(workload, term, "the term matches no pod");
  if (problem !== undefined) return problem;
  return namespaceProblem(index, workload, term);
}

/** Why a term's namespaces leave out the workload's own namespace, when they certainly do. */
function namespaceProblem(index: ResourceIndex<IndexedResource>, workload: IndexedResource, term: JsonObject): SpreadingProblem | undefined {
  const names = asArray(term.namespaces)
    .map(asString)
    .filter((n): n is string => n !== undefined);
  const rawSelector = term.namespaceSelector;
  // Null or empty namespaces with a null namespaceSelector mean the pod's own namespace.
  if (names.length === 0 && (rawSelector === undefined || rawSelector === null)) return undefined;
  const own = namespaceKeyOf(workload);
  // A workload that names no namespace is applied to one chosen later: it may be listed.
  if (own === undefined || own === "") return undefined;
  if (names.includes(own)) return undefined;
  if (rawSelector !== undefined && rawSelector !== null) {
    const selector = parseLabelSelector(rawSelector);
    if (selector.kind === "everything") return undefined;
    const namespace = index.namespace(own);
    const labels = { ...(namespace?.labels ?? {}), "kubernetes.io/metadata.name": own };
    if (selectorMatches(selector, labels)) return undefined;
    // Without the Namespace object its labels are unknown: it may match.
    if (namespace === undefined && selector.kind !== "invalid" && selector.kind !== "nothing") return undefined;
  }
  const listed = names.length > 0 ? `namespaces ${names.map((n) => `"${n}"`).join(", ")}` : "the namespaces its namespaceSelector selects";
  return {
    field: rawSelector !== undefined && rawSelector !== null ? "namespaceSelector" : "namespaces",
    text: `it only looks at pods in ${listed}, not in the workload's own namespace "${own}"; add that namespace or drop the namespace scoping`,
  };
}

export function describePodLabels(labels: Readonly<Record<string, string>>): string {
  return formatLabelPairs(labels, "none");
}

/** `Deployment "web"`. */
export function describeWorkload(workload: IndexedResource): string {
  return kindAndName(workload);
}
