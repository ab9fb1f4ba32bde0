// PodDisruptionBudget arithmetic as the disruption controller does it, and the replica counts it
// works from (including what a HorizontalPodAutoscaler can scale a workload down to).
import { asNumber, asObject, asString, type JsonObject } from "./json.js";
import { apiGroupOf, type KubeObject } from "./object.js";
import { derivedKey, namespaceKeyOf, type IndexedResource, type ResourceIndex } from "./resource-index.js";
import { parseLabelSelector, type LabelSelector } from "./selectors.js";

/** An IntOrString field that takes a count or a percentage (`minAvailable`, `maxUnavailable`). */
export type IntOrPercent =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number }
  | { readonly kind: "invalid"; readonly reason: string };

/**
 * Reads a count or percentage as the API server validates it: a non-negative integer, or a
 * string of digits followed by `%`, at most 100%. undefined when the field is absent or null.
 */
export function parseIntOrPercent(value: unknown): IntOrPercent | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return { kind: "invalid", reason: `${value} is not a whole number` };
    if (value < 0) return { kind: "invalid", reason: `${value} is negative` };
    return { kind: "int", value };
  }
  if (typeof value === "string") {
    const match = /^([0-9]+)%$/.exec(value);
    if (match === null) return { kind: "invalid", reason: `"${value}" is neither an integer nor a percentage such as "50%"` };
    const percent = Number(match[1]);
    if (percent > 100) return { kind: "invalid", reason: `"${value}" is more than 100%` };
    return { kind: "percent", value: percent };
  }
  return { kind: "invalid", reason: "it is neither an integer nor a percentage" };
}

/** `3` or `"50%"`, as written. */
export function formatIntOrPercent(value: IntOrPercent): string {
  switch (value.kind) {
    case "int":
      return String(value.value);
    case "percent":
      return `"${value.value}%"`;
    case "invalid":
      return "an invalid value";
  }
}

/**
 * A count or a percentage of `total`, as intstr.GetScaledValueFromIntOrPercent computes it: a
 * percentage is rounded up when `roundUp` (the disruption controller always rounds up), down
 * otherwise.
 */
export function scaledValue(value: Exclude<IntOrPercent, { kind: "invalid" }>, total: number, roundUp: boolean): number {
  if (value.kind === "int") return value.value;
  // value × total is a whole number, so its quotient and remainder by 100 are exact.
  const product = value.value * total;
  const whole = Math.floor(product / 100);
  return roundUp && product % 100 !== 0 ? whole + 1 : whole;
}

/** What a budget asks for. `none`: neither field is set (the controller then allows no disruption). */
export type Budget =
  | { readonly field: "maxUnavailable" | "minAvailable"; readonly value: Exclude<IntOrPercent, { kind: "invalid" }> }
  | { readonly field: "none" };

export interface BudgetProblem {
  /** The field at fault, relative to the PodDisruptionBudget. */
  readonly path: readonly string[];
  readonly reason: string;
}

/** The budget of a PodDisruptionBudget's spec, or why the API server would reject it. */
export function readBudget(spec: JsonObject | undefined): { readonly budget: Budget | undefined; readonly problems: readonly BudgetProblem[] } {
  const problems: BudgetProblem[] = [];
  const min = parseIntOrPercent(spec?.minAvailable);
  const max = parseIntOrPercent(spec?.maxUnavailable);
  if (min?.kind === "invalid") problems.push({ path: ["spec", "minAvailable"], reason: `minAvailable ${min.reason}` });
  if (max?.kind === "invalid") problems.push({ path: ["spec", "maxUnavailable"], reason: `maxUnavailable ${max.reason}` });
  if (min !== undefined && max !== undefined) problems.push({ path: ["spec", "maxUnavailable"], reason: "minAvailable and maxUnavailable cannot both be set; keep one of them" });
  const policy = spec?.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== null && policy !== "IfHealthyBudget" && policy !== "AlwaysAllow") {
    problems.push({ path: ["spec", "unhealthyPodEvictionPolicy"], reason: `unhealthyPodEvictionPolicy ${JSON.stringify(policy)} is neither IfHealthyBudget nor AlwaysAllow` });
  }
  if (problems.length > 0) return { budget: undefined, problems };
  // The controller reads maxUnavailable first.
  if (max !== undefined && max.kind !== "invalid") return { budget: { field: "maxUnavailable", value: max }, problems };
  if (min !== undefined && min.kind !== "invalid") return { budget: { field: "minAvailable", value: min }, problems };
  return { budget: { field: "none" }, problems };
}

export interface DisruptionVerdict {
  /** Pods the budget wants healthy (status.desiredHealthy). */
  readonly desiredHealthy: number;
  /** Evictions allowed when all `expectedPods` are healthy (status.disruptionsAllowed). */
  readonly disruptionsAllowed: number;
}

/**
 * What the disruption controller computes for a budget over `expectedPods` pods, all healthy.
 * maxUnavailable and a percentage minAvailable scale with the replicas of the pods' controllers;
 * an integer minAvailable is compared with the number of pods (the same when every pod runs).
 */
export function disruptionsAllowed(budget: Budget, expectedPods: number): DisruptionVerdict {
  let desiredHealthy: number;
  switch (budget.field) {
    case "none":
      // getExpectedPodCount leaves the expected count at 0, and a budget expecting no pods allows nothing.
      return { desiredHealthy: 0, disruptionsAllowed: 0 };
    case "maxUnavailable":
      desiredHealthy = Math.max(0, expectedPods - scaledValue(budget.value, expectedPods, true));
      break;
    case "minAvailable":
      desiredHealthy = scaledValue(budget.value, expectedPods, true);
      break;
  }
  const allowed = expectedPods <= 0 ? 0 : Math.max(0, expectedPods - desiredHealthy);
  return { desiredHealthy, disruptionsAllowed: allowed };
}

/** True when a budget allows no eviction whatever the number of pods: maxUnavailable 0 or "0%", minAvailable "100%", or no field. */
export function blocksAtAnyScale(budget: Budget): boolean {
  if (budget.field === "none") return true;
  if (budget.field === "maxUnavailable") return budget.value.value === 0;
  return budget.value.kind === "percent" && budget.value.value === 100;
}

/** How a PodDisruptionBudget's selector reads, with why it selects nothing when it does. */
export interface BudgetSelector {
  readonly selector: LabelSelector;
  /** Set when the selector can never select a pod: absent, null, or empty in policy/v1beta1. */
  readonly selectsNoPodBecause?: string;
}

/**
 * A PodDisruptionBudget's selector. policy/v1: absent or null selects nothing, `{}` selects every
 * pod of the namespace. policy/v1beta1: `{}` (or empty matchLabels/matchExpressions) selects
 * nothing, as the API server's conversion of that version keeps it.
 */
export function budgetSelectorOf(apiVersion: string, spec: JsonObject | undefined): BudgetSelector {
  const raw = spec?.selector;
  if (raw === undefined || raw === null) return { selector: parseLabelSelector(null), selectsNoPodBecause: raw === null ? "its selector is null" : "it has no selector" };
  if (apiVersion === "policy/v1beta1") {
    const selector = parseLabelSelector(raw, "nothing");
    if (selector.kind === "nothing") return { selector, selectsNoPodBecause: "an empty selector selects no pod in policy/v1beta1 (it selects every pod only in policy/v1)" };
    return { selector };
  }
  return { selector: parseLabelSelector(raw) };
}

/** A HorizontalPodAutoscaler or KEDA ScaledObject, as far as replica counts go. */
export interface Autoscaler {
  readonly resource: IndexedResource;
  /** Kind and name of the scaled object, and its API group when the reference names one. */
  readonly target: { readonly kind: string; readonly name: string; readonly group: string | undefined };
  /** The fewest replicas it scales the target to. */
  readonly minReplicas: number;
  /** Whether `minReplicas` is written or the default. */
  readonly minWritten: boolean;
}

/** Kinds whose objects scale workloads: the index must keep them whole. */
export const AUTOSCALER_KINDS: readonly string[] = ["HorizontalPodAutoscaler", "ScaledObject"];

/**
 * Kinds of custom resources that the rules read by name, with the one API group they are read
 * in (a kind of the same name in another group is someone else's resource).
 */
export const CUSTOM_KINDS_READ: ReadonlyArray<{ readonly group: string; readonly kind: string }> = [{ group: "keda.sh", kind: "ScaledObject" }];

/** Reads an autoscaler object; undefined when it is not one or names no target. */
export function autoscalerOf(resource: IndexedResource, object: KubeObject = resource.object): Autoscaler | undefined {
  const group = apiGroupOf(object.apiVersion);
  const spec = asObject(object.spec);
  const ref = asObject(spec?.scaleTargetRef);
  const name = asString(ref?.name);
  if (spec === undefined || ref === undefined || name === undefined) return undefined;
  const refApiVersion = asString(ref.apiVersion);
  if (object.kind === "HorizontalPodAutoscaler" && group === "autoscaling") {
    const kind = asString(ref.kind);
    if (kind === undefined) return undefined;
    const min = asNumber(spec.minReplicas);
    return { resource, target: { kind, name, group: refApiVersion === undefined ? undefined : apiGroupOf(refApiVersion) }, minReplicas: min ?? 1, minWritten: min !== undefined };
  }
  if (object.kind === "ScaledObject" && group === "keda.sh") {
    // KEDA defaults the target to an apps/v1 Deployment and minReplicaCount to 0.
    const min = asNumber(spec.minReplicaCount);
    return { resource, target: { kind: asString(ref.kind) ?? "Deployment", name, group: apiGroupOf(refApiVersion ?? "apps/v1") }, minReplicas: min ?? 0, minWritten: min !== undefined };
  }
  return undefined;
}

/** Deployments and ReplicaSets were served under both groups; old references still say extensions. */
function sameGroup(a: string, b: string): boolean {
  const norm = (g: string) => (g === "extensions" ? "apps" : g);
  return norm(a) === norm(b);
}

const AUTOSCALERS = derivedKey<Autoscalers>("the run's autoscalers", { kinds: AUTOSCALER_KINDS });

/** The autoscalers of a run, read once per run whichever rule asks first. */
export function autoscalersOf(index: ResourceIndex<IndexedResource>): Autoscalers {
  return index.derive(AUTOSCALERS, (idx) => new Autoscalers(idx));
}

/** The autoscalers of a run, looked up by the workload they scale. */
export class Autoscalers {
  private readonly byTarget = new Map<string, Autoscaler[]>();

  constructor(index: ResourceIndex<IndexedResource>) {
    for (const kind of AUTOSCALER_KINDS) {
      for (const resource of index.ofKind(kind)) {
        const namespace = namespaceKeyOf(resource);
        if (namespace === undefined) continue;
        const autoscaler = autoscalerOf(resource);
        if (autoscaler === undefined) continue;
        const key = `${namespace}\u0000${autoscaler.target.kind}\u0000${autoscaler.target.name}`;
        let list = this.byTarget.get(key);
        if (list === undefined) this.byTarget.set(key, (list = []));
        list.push(autoscaler);
      }
    }
  }

  /** The autoscaler that scales a workload (same namespace, kind, name and API group), if any. */
  of(workload: IndexedResource): Autoscaler | undefined {
    if (this.byTarget.size === 0) return undefined;
    const namespace = namespaceKeyOf(workload);
    if (namespace === undefined || workload.name === undefined) return undefined;
    const candidates = this.byTarget.get(`${namespace}\u0000${workload.kind}\u0000${workload.name}`) ?? [];
    const group = apiGroupOf(workload.apiVersion);
    return candidates.find((a) => a.target.group === undefined || sameGroup(a.target.group, group));
  }
}

/** The replicas a workload runs at its lowest, and what says so. */
export interface ReplicaFloor {
  readonly replicas: number;
  /** The autoscaler whose minimum this is; undefined when it is the workload's own count. */
  readonly autoscaler: Autoscaler | undefined;
}

/**
 * The fewest replicas a workload runs: its autoscaler's minimum when one scales it (the autoscaler
 * overwrites `spec.replicas`), else its replica count (1 when unset). undefined for kinds without
 * replicas (DaemonSet, Job, Pod) and for counts that are not numbers (templated values).
 */
export function replicaFloorOf(workload: IndexedResource, autoscalers: Autoscalers): ReplicaFloor | undefined {
  const summary = workload.workload;
  if (summary === undefined || summary.replicas === undefined) return undefined;
  // An autoscaler leaves a workload scaled to zero alone.
  if (summary.replicasWritten && summary.replicas === 0) return { replicas: 0, autoscaler: undefined };
  const autoscaler = autoscalers.of(workload);
  if (autoscaler !== undefined) return { replicas: autoscaler.minReplicas, autoscaler };
  return { replicas: summary.replicas, autoscaler: undefined };
}

/** `HorizontalPodAutoscaler "web" has minReplicas 3`, for messages. */
export function describeAutoscaler(autoscaler: Autoscaler): string {
  const field = autoscaler.resource.kind === "ScaledObject" ? "minReplicaCount" : "minReplicas";
  const name = `${autoscaler.resource.kind} "${autoscaler.resource.name ?? ""}"`;
  return autoscaler.minWritten ? `${name} has ${field} ${autoscaler.minReplicas}` : `${name} leaves ${field} at its default of ${autoscaler.minReplicas}`;
}
