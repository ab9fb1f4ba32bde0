// What the sensitive-isolation rules share: their options, and which workloads are sensitive.
import { isRepellingEffect, isSystemTaintKey, tolerationOf, type Toleration } from "../../model/scheduling.js";
import type { IndexedResource, JsonSchema } from "../rule.js";
import { kindAndName } from "../../model/object.js";

export const SEED_SECTION = "2.4 Separate Sensitive Workloads";

export const DEFAULT_MARKER = "security.shipshape.dev/sensitive";

export interface SensitiveOptions {
  /** Label that marks a workload, its pod template or its namespace as sensitive. */
  readonly markerKey: string;
  /** The value that label must have. */
  readonly markerValue: string;
  /** Namespaces whose workloads are all sensitive. */
  readonly namespaces: readonly string[];
  /** Key of the taint that reserves the sensitive pool's nodes. */
  readonly taintKey: string;
}

export const SENSITIVE_DEFAULTS: SensitiveOptions = { markerKey: DEFAULT_MARKER, markerValue: "true", namespaces: [], taintKey: DEFAULT_MARKER };

export const SENSITIVE_OPTIONS_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    markerKey: { type: "string", minLength: 1, description: "Label that marks a workload, its pod template or its Namespace as sensitive." },
    markerValue: { type: "string", description: "Value the marker label must have (YAML `true` unquoted reads as \"true\")." },
    namespaces: { type: "array", items: { type: "string", minLength: 1 }, description: "Namespaces whose workloads are all sensitive, whether or not their Namespace object is in the input." },
    taintKey: { type: "string", minLength: 1, description: "Key of the taint that keeps other pods off the sensitive node pool." },
  },
};

export const OPTIONS_NOTE =
  "Both rules of this practice read the same options (`markerKey`, `markerValue`, `namespaces`, `taintKey`); give them the same values.";

/** Workloads the rules judge: everything that runs pods (a PodTemplate object runs nothing). */
export function workloadsOf(index: { all(): Iterable<IndexedResource> }): IndexedResource[] {
  const out: IndexedResource[] = [];
  for (const resource of index.all()) if (resource.workload !== undefined && resource.kind !== "PodTemplate") out.push(resource);
  return out;
}

/**
 * Why a workload is sensitive, for messages ("its namespace \"vault\" is labelled …"), or
 * undefined when it is not.
 */
export function sensitivityOf(resource: IndexedResource, namespaceLabels: (name: string) => Readonly<Record<string, string>> | undefined, options: SensitiveOptions): string | undefined {
  const marker = `${options.markerKey}=${options.markerValue}`;
  if (resource.labels[options.markerKey] === options.markerValue) return `labelled ${marker}`;
  if (resource.workload?.podLabels[options.markerKey] === options.markerValue) return `its pods are labelled ${marker}`;
  const namespace = resource.namespace;
  if (namespace === undefined || namespace === "") return undefined;
  if (options.namespaces.includes(namespace)) return `namespace "${namespace}" is configured as sensitive`;
  if (namespaceLabels(namespace)?.[options.markerKey] === options.markerValue) return `its namespace "${namespace}" is labelled ${marker}`;
  return undefined;
}

/**
 * A toleration that lets the pod onto nodes reserved with a taint of their own: a named key
 * (not one of the taints Kubernetes and autoscalers set), an effect that keeps other pods off,
 * and an operator the API server knows. Tolerating every taint says nothing about a pool.
 */
export function isPoolToleration(toleration: Toleration): boolean {
  if (toleration.key === "" || isSystemTaintKey(toleration.key)) return false;
  if (toleration.operator !== "Equal" && toleration.operator !== "Exists") return false;
  return toleration.effect === "" || isRepellingEffect(toleration.effect);
}

/** Why a toleration does not show a reserved pool, for messages; undefined when it does. */
export function whyNotPoolToleration(toleration: Toleration): string | undefined {
  if (isPoolToleration(toleration)) return undefined;
  if (toleration.key === "") return toleration.operator === "Exists" ? "tolerating every taint shows no reserved pool" : "a toleration without a key must use operator Exists";
  if (isSystemTaintKey(toleration.key)) return `${toleration.key} is a taint the platform sets, not one that reserves a pool`;
  if (toleration.operator !== "Equal" && toleration.operator !== "Exists") return `${toleration.key} has operator ${toleration.operator}, which tolerates nothing`;
  return `${toleration.key}:${toleration.effect} does not keep other pods off`;
}

/** The pool tolerations of a workload, with their index in the pod spec. */
export function poolTolerationsOf(resource: IndexedResource): Array<{ readonly index: number; readonly toleration: Toleration }> {
  const out: Array<{ index: number; toleration: Toleration }> = [];
  (resource.workload?.tolerations ?? []).forEach((value, index) => {
    const toleration = tolerationOf(value);
    if (toleration !== undefined && isPoolToleration(toleration)) out.push({ index, toleration });
  });
  return out;
}

/** "key=value:NoSchedule", "key (any value)", as a taint is usually written. */
export function describeToleratedTaint(toleration: Toleration): string {
  const value = toleration.operator === "Exists" ? " (any value)" : `=${toleration.value}`;
  return `${toleration.key}${value}${toleration.effect === "" ? "" : `:${toleration.effect}`}`;
}

/** `Deployment "web"` (with its namespace when it has one), for messages. */
export function describeWorkload(resource: IndexedResource): string {
  return `${kindAndName(resource)}${resource.namespace !== undefined && resource.namespace !== "" ? ` in namespace "${resource.namespace}"` : ""}`;
}
