// Requests and limits of containers and pods, with where each one is written and the defaults
// the API server applies (a request left out takes the limit's value).
import { asObject, type JsonObject, type JsonValue, type ObjectPath } from "./json.js";
import { containersOf, type ContainerRef } from "./containers.js";
import { parseExactQuantity, type ExactQuantity } from "./quantity.js";

export type ResourceList = "requests" | "limits";

/** One entry of `requests` or `limits`. */
export interface ResourceEntry {
  readonly resource: string;
  readonly list: ResourceList;
  readonly value: JsonValue;
  /** Undefined when the value is not a quantity the API server accepts. */
  readonly quantity: ExactQuantity | undefined;
  /** Path relative to the pod spec. */
  readonly path: ObjectPath;
}

/**
 * What declares resources: a container (app, init or sidecar; ephemeral containers cannot) or
 * the pod itself (`spec.resources`, pod-level resources, beta since 1.34).
 */
export interface ResourceHolder {
  /** Undefined for the pod-level block. */
  readonly container: ContainerRef | undefined;
  /** Path of the holder relative to the pod spec: ["containers", 0], or [] for the pod. */
  readonly path: ObjectPath;
  /** The `resources` block, when it is a mapping. */
  readonly resources: JsonObject | undefined;
}

/** Containers that may declare resources: every container except ephemeral ones. */
export function resourceContainersOf(podSpec: JsonObject): ContainerRef[] {
  return containersOf(podSpec).filter((ref) => ref.role !== "ephemeral");
}

export function containerHolder(ref: ContainerRef): ResourceHolder {
  return { container: ref, path: ref.path, resources: asObject(ref.container.resources) };
}

/** The pod-level block, when the pod spec has one. */
export function podHolder(podSpec: JsonObject): ResourceHolder | undefined {
  const resources = asObject(podSpec.resources);
  return resources === undefined ? undefined : { container: undefined, path: [], resources };
}

/** Every holder of a pod: the pod-level block first when present, then each container. */
export function resourceHoldersOf(podSpec: JsonObject): ResourceHolder[] {
  const pod = podHolder(podSpec);
  return [...(pod === undefined ? [] : [pod]), ...resourceContainersOf(podSpec).map(containerHolder)];
}

/** An entry as written; a null value (`memory:` with nothing after it) counts as not written. */
export function resourceEntry(holder: ResourceHolder, list: ResourceList, resource: string): ResourceEntry | undefined {
  const value = asObject(holder.resources?.[list])?.[resource];
  if (value === undefined || value === null) return undefined;
  return { resource, list, value, quantity: parseExactQuantity(value), path: [...holder.path, "resources", list, resource] };
}

/** Every written entry of a list, in the order written. */
export function resourceEntries(holder: ResourceHolder, list: ResourceList): ResourceEntry[] {
  const block = asObject(holder.resources?.[list]);
  if (block === undefined) return [];
  return Object.keys(block).flatMap((resource) => {
    const entry = resourceEntry(holder, list, resource);
    return entry === undefined ? [] : [entry];
  });
}

/** The request the scheduler uses: the written one, else the limit (the API server copies it). */
export function effectiveRequest(holder: ResourceHolder, resource: string): ResourceEntry | undefined {
  return resourceEntry(holder, "requests", resource) ?? resourceEntry(holder, "limits", resource);
}

/** The deepest existing node on the way to `resources.<list>`, relative to the pod spec. */
export function closestResourcesPath(holder: ResourceHolder, list: ResourceList): ObjectPath {
  // An empty `resources: {}` (the API server writes one into every container) counts as not written.
  if (holder.resources === undefined || Object.keys(holder.resources).length === 0) return holder.path;
  if (asObject(holder.resources[list]) === undefined) return [...holder.path, "resources"];
  return [...holder.path, "resources", list];
}

/** Resources measured in bytes, where a fraction of a byte is a mistake. */
export function isByteResource(resource: string): boolean {
  return resource === "memory" || resource === "ephemeral-storage" || resource.startsWith("hugepages-");
}
