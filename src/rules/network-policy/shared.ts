// What the network-policy rules share: the run's policies by namespace, the namespaces where
// custom policy kinds or operators make the input incomplete, and wording for messages.
import { asObject, type JsonObject } from "../../model/json.js";
import { createsUnseenPods, customPolicyScope, CUSTOM_POLICY_KIND_NAMES, isNetworkPolicy, POD_CREATING_CUSTOM_KIND_NAMES, readNetworkPolicy, templateSelector, type Direction, type NetworkPolicyView } from "../../model/network-policy.js";
import { folderOf, podsAreInInput } from "../../model/partial-input.js";
import { derivedKey, namespaceKeyOf, type IndexedResource, type ResourceIndex } from "../../model/resource-index.js";
import { describeSelector, parseSelectorMap, requiredPairs, type LabelSelector } from "../../model/selectors.js";
import { formatLabelPairs, kindAndName } from "../../model/object.js";

export const SEED_SECTION = "4.5 Network policies";

/** Kinds every rule of the practice keeps: policies of all flavours and pod-creating custom resources. */
export const POLICY_KINDS: readonly string[] = ["NetworkPolicy", ...CUSTOM_POLICY_KIND_NAMES.filter((k) => k !== "NetworkPolicy")];
export const OPERATOR_KINDS: readonly string[] = POD_CREATING_CUSTOM_KIND_NAMES;

export interface EgressOption {
  readonly egress: boolean;
}

export const EGRESS_OPTION_SCHEMA = {
  type: "boolean",
  description: "Also judge egress (outgoing traffic). Off by default: ingress isolation is the practice's core, and egress policies need every destination listed, DNS included.",
} as const;

export function directionsOf(options: EgressOption): Direction[] {
  return options.egress ? ["ingress", "egress"] : ["ingress"];
}

/** A networking.k8s.io/v1 NetworkPolicy of the run, read. */
export interface PolicyOfRun {
  readonly resource: IndexedResource;
  readonly view: NetworkPolicyView;
}

/** The networking.k8s.io/v1 NetworkPolicies of the run, by namespace key. */
export function policiesByNamespace(index: ResourceIndex): ReadonlyMap<string, readonly PolicyOfRun[]> {
  return index.derive(policiesCache, computePoliciesByNamespace);
}

/**
 * Input order: by file, then document and item (keys are "file#document#item"). The index holds
 * objects in the order workers finished; whatever a message names first must not depend on it.
 */
export function compareResources(a: IndexedResource, b: IndexedResource): number {
  const fileA = a.file ?? "";
  const fileB = b.file ?? "";
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  const restA = a.key.slice(fileA.length).split("#");
  const restB = b.key.slice(fileB.length).split("#");
  for (let i = 0; i < Math.max(restA.length, restB.length); i++) {
    const x = restA[i] ?? "";
    const y = restB[i] ?? "";
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== "" && y !== "" && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The first of some resources in input order. */
export function firstOf<R extends IndexedResource>(resources: readonly R[]): R | undefined {
  let first: R | undefined;
  for (const resource of resources) if (first === undefined || compareResources(resource, first) < 0) first = resource;
  return first;
}

/** The Namespace object of that name, the first in input order when the run declares it twice. */
export function namespaceObject(index: ResourceIndex, name: string): IndexedResource | undefined {
  if (name === "" || index.namespace(name) === undefined) return undefined;
  return firstOf(index.ofKind("Namespace").filter((r) => r.apiVersion === "v1" && r.name === name));
}

// Several rules of the practice ask the same questions of one run: each is answered once per index.
const policiesCache = derivedKey<ReadonlyMap<string, readonly PolicyOfRun[]>>("NetworkPolicies by namespace", { kinds: ["NetworkPolicy"] });
const customCache = derivedKey<CustomPolicies>("custom network policies", { kinds: CUSTOM_POLICY_KIND_NAMES });
const unseenCache = derivedKey<ReadonlySet<string>>("namespaces with unseen pods", { kinds: OPERATOR_KINDS });

function computePoliciesByNamespace(index: ResourceIndex): Map<string, PolicyOfRun[]> {
  const out = new Map<string, PolicyOfRun[]>();
  for (const resource of index.ofKind("NetworkPolicy")) {
    if (!isNetworkPolicy(resource)) continue;
    const namespace = namespaceKeyOf(resource) ?? "";
    let list = out.get(namespace);
    if (list === undefined) out.set(namespace, (list = []));
    list.push({ resource, view: readNetworkPolicy(resource.object) });
  }
  for (const list of out.values()) list.sort((a, b) => compareResources(a.resource, b.resource));
  return out;
}

/** A v1 NetworkPolicy of the run with the workloads of its namespace it selects. */
export interface PolicySelection extends PolicyOfRun {
  readonly namespace: string;
  /** The selector pod templates are judged by; undefined when it names only labels controllers add. */
  readonly selector: LabelSelector | undefined;
  /** "all": every pod of the namespace (an empty selector, or one on controller-added labels only). */
  readonly selected: readonly IndexedResource[] | "all";
}

const selectionsCache = derivedKey<readonly PolicySelection[]>("NetworkPolicy selections", { kinds: ["NetworkPolicy"], workloads: true });

/** What each NetworkPolicy of the run selects, computed once for the rules that ask. */
export function policySelections(index: ResourceIndex): readonly PolicySelection[] {
  return index.derive(selectionsCache, (idx) => {
    const out: PolicySelection[] = [];
    for (const [namespace, policies] of policiesByNamespace(idx)) {
      for (const { resource, view } of policies) {
        const selector = templateSelector(view.podSelector);
        const selected = selector === undefined || selector.kind === "everything" ? "all" : workloadsSelected(idx, namespace, selector);
        out.push({ resource, view, namespace, selector, selected });
      }
    }
    return out;
  });
}

/**
 * Where plugin policy kinds (Cilium, Calico, Antrea, AdminNetworkPolicy) appear: a cluster-wide
 * one may protect any pod, a namespaced one any pod of its namespace. Their rules are not read,
 * so pods there are never called unprotected.
 */
export interface CustomPolicies {
  /** `CiliumClusterwideNetworkPolicy "x"`, when the run has a cluster-wide one. */
  readonly clusterWide: string | undefined;
  readonly namespaces: ReadonlySet<string>;
}

export function customPolicies(index: ResourceIndex): CustomPolicies {
  return index.derive(customCache, computeCustomPolicies);
}

function computeCustomPolicies(index: ResourceIndex): CustomPolicies {
  let clusterWide: string | undefined;
  const namespaces = new Set<string>();
  for (const kind of CUSTOM_POLICY_KIND_NAMES) {
    for (const resource of index.ofKind(kind)) {
      const scope = customPolicyScope(resource);
      if (scope === "cluster") clusterWide ??= `${resource.kind} "${resource.name ?? ""}"`;
      else if (scope === "namespace") namespaces.add(namespaceKeyOf(resource) ?? "");
    }
  }
  return { clusterWide, namespaces };
}

/** Namespaces holding custom resources whose operators run pods the input does not show. */
export function namespacesWithUnseenPods(index: ResourceIndex): ReadonlySet<string> {
  return index.derive(unseenCache, computeUnseen);
}

function computeUnseen(index: ResourceIndex): Set<string> {
  const out = new Set<string>();
  for (const kind of OPERATOR_KINDS) {
    // "Service" is one of them (Knative's): skip the core group's thousands without a lookup.
    for (const resource of index.ofKind(kind)) if (resource.apiVersion !== "v1" && createsUnseenPods(resource)) out.add(namespaceKeyOf(resource) ?? "");
  }
  return out;
}

/** Workloads of a namespace a selector matches (the index unions `In` values itself). */
export function workloadsSelected(index: ResourceIndex, namespace: string, selector: LabelSelector): IndexedResource[] {
  return index.workloadsSelectedBy(namespace, selector);
}

/** A Service of the run that sends traffic to pods chosen by a selector, with the workloads it selects. */
export interface SelectingService {
  readonly resource: IndexedResource;
  readonly spec: JsonObject;
  readonly namespace: string;
  /** The selector as written. */
  readonly written: LabelSelector;
  /** The part of it pod templates can be judged by. */
  readonly selector: LabelSelector;
  readonly selected: readonly IndexedResource[];
}

const servicesCache = derivedKey<readonly SelectingService[]>("selecting Services", { kinds: ["Service", ...OPERATOR_KINDS], workloads: true });

/**
 * The run's v1 Services that select pods by labels (not ExternalName, not selector-less), outside
 * namespaces where operators run pods the input does not show, with what they select.
 */
export function selectingServices(index: ResourceIndex): readonly SelectingService[] {
  return index.derive(servicesCache, (idx) => {
    const unseen = namespacesWithUnseenPods(idx);
    const out: SelectingService[] = [];
    for (const resource of idx.ofKind("Service")) {
      if (resource.apiVersion !== "v1") continue;
      const spec = asObject(resource.object.spec) ?? {};
      if (spec.type === "ExternalName") continue;
      const written = parseSelectorMap(spec.selector);
      const selector = templateSelector(written);
      if (selector === undefined || selector.kind !== "labels") continue;
      const namespace = namespaceKeyOf(resource) ?? "";
      if (unseen.has(namespace)) continue;
      out.push({ resource, spec, namespace, written, selector, selected: workloadsSelected(idx, namespace, selector) });
    }
    return out;
  });
}

/** `namespace "shop"`, or words for objects that name none. */
export function describeNamespace(namespace: string): string {
  return namespace === "" ? "the namespace chosen at apply time (the objects name none)" : `namespace "${namespace}"`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describeResource(resource: Pick<IndexedResource, "kind" | "name">): string {
  return kindAndName(resource, "(unnamed)");
}

export function describeLabels(labels: Readonly<Record<string, string>>): string {
  return formatLabelPairs(labels, "no labels");
}

/** The pods a policy's podSelector picks, for messages. */
export function describePodSelector(selector: LabelSelector): string {
  return selector.kind === "everything" ? "every pod of the namespace" : `pods ${describeSelector(selector)}`;
}

/**
 * For a selector that matches no pod template: a workload that meets every requirement but one,
 * which is usually a typo or a renamed label. Runs only for selectors already found to match
 * nothing, so it costs one index lookup per requirement.
 */
export function nearMiss(index: ResourceIndex, namespace: string, selector: LabelSelector): string {
  return oneLabelOff(index, namespace, selector) || inOtherNamespace(index, namespace, selector);
}

/** Runs with more namespaces than this get no "in another namespace" hint: it would cost what the check costs. */
const HINT_NAMESPACES = 20;

/** A workload of another namespace that the selector matches: the object is in the wrong namespace. */
function inOtherNamespace(index: ResourceIndex, namespace: string, selector: LabelSelector): string {
  const namespaces = index.namespacesInUse();
  if (namespaces.length > HINT_NAMESPACES) return "";
  for (const other of namespaces) {
    if (other === namespace) continue;
    const match = firstOf(workloadsSelected(index, other, selector));
    if (match !== undefined) return ` (the pods of ${describeResource(match)} in ${describeNamespace(other)} have them; selectors only reach pods of their own namespace)`;
  }
  return "";
}

function oneLabelOff(index: ResourceIndex, namespace: string, selector: LabelSelector): string {
  if (selector.kind !== "labels" || selector.requirements.length < 2) return "";
  for (let i = 0; i < selector.requirements.length; i++) {
    const requirement = selector.requirements[i];
    if (requirement === undefined) continue;
    const rest: LabelSelector = { kind: "labels", requirements: selector.requirements.filter((_, j) => j !== i) };
    const candidate = firstOf(workloadsSelected(index, namespace, rest));
    if (candidate?.workload === undefined) continue;
    const actual = candidate.workload.podLabels[requirement.key];
    const has = actual === undefined ? `no ${requirement.key} label` : `${requirement.key}=${actual}`;
    return ` (the pods of ${describeResource(candidate)} meet every other requirement, but have ${has})`;
  }
  return "";
}

/**
 * Partial input, one step beyond `podsAreInInput`: the folder's workloads of the namespace must
 * include one the selector is evidently written for: in the same file, named like the object or
 * like one of the selector's values, or with pod labels sharing a pair with the selector. A
 * Service for pods installed some other way (a Helm chart, an operator) often sits beside
 * unrelated workloads; it matches none of them and has nothing in common with them either.
 */
export function intendedPodsAreInInput(index: ResourceIndex, resource: IndexedResource, selector: LabelSelector): boolean {
  if (!podsAreInInput(index, resource)) return false;
  const folder = folderOf(resource.file);
  const pairs = new Set(requiredPairs(selector));
  const values = new Set(selector.kind === "labels" ? selector.requirements.flatMap((r) => r.values) : []);
  return index.workloadsIn(namespaceKeyOf(resource) ?? "").some((workload) => {
    if (folderOf(workload.file) !== folder) return false;
    if (workload.file === resource.file || (workload.name !== undefined && (workload.name === resource.name || values.has(workload.name)))) return true;
    return Object.entries(workload.workload?.podLabels ?? {}).some(([key, value]) => pairs.has(`${key}=${value}`));
  });
}
