// Where each kind keeps its pod, and what kind of work that pod does.
import { asNumber, asObject, asString, getIn, type JsonObject, type ObjectPath } from "./json.js";
import { apiGroupOf, type KubeObject } from "./object.js";

/**
 * Long-running pods serve or work until stopped (probes, graceful shutdown and spreading matter);
 * batch pods run to completion.
 */
export type WorkloadClass = "long-running" | "batch";

export interface WorkloadKind {
  /** API group ("" for core, "apps", "argoproj.io"); "*" matches any group. */
  readonly group: string;
  readonly kind: string;
  /** Path of the pod template: an object with `metadata` and `spec` (a PodSpec). */
  readonly podTemplatePath: ObjectPath;
  /** Path of the replica count, when the kind has one. */
  readonly replicasPath?: ObjectPath;
  readonly workloadClass: WorkloadClass;
}

/** The pod of a workload, with where it sits in the object. */
export interface PodTemplate {
  /** Path of the object holding `metadata` and `spec`: [] for a Pod, ["spec","template"] for a Deployment. */
  readonly path: ObjectPath;
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
  readonly workloadClass: WorkloadClass;
  readonly kind: WorkloadKind;
}

const TEMPLATE: ObjectPath = ["spec", "template"];
const REPLICAS: ObjectPath = ["spec", "replicas"];

export const BUILT_IN_WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { group: "", kind: "Pod", podTemplatePath: [], workloadClass: "long-running" },
  { group: "", kind: "PodTemplate", podTemplatePath: ["template"], workloadClass: "long-running" },
  { group: "", kind: "ReplicationController", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps", kind: "Deployment", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps", kind: "ReplicaSet", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps", kind: "StatefulSet", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps", kind: "DaemonSet", podTemplatePath: TEMPLATE, workloadClass: "long-running" },
  // Kinds removed long ago still appear in old manifests; the upgrade practice reports them.
  { group: "extensions", kind: "Deployment", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "extensions", kind: "ReplicaSet", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "extensions", kind: "DaemonSet", podTemplatePath: TEMPLATE, workloadClass: "long-running" },
  { group: "batch", kind: "Job", podTemplatePath: TEMPLATE, workloadClass: "batch" },
  { group: "batch", kind: "CronJob", podTemplatePath: ["spec", "jobTemplate", "spec", "template"], workloadClass: "batch" },
];

/** Well-known custom kinds that carry a pod template; the configuration can add more. */
export const DEFAULT_CUSTOM_WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { group: "argoproj.io", kind: "Rollout", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps.kruise.io", kind: "CloneSet", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps.kruise.io", kind: "StatefulSet", podTemplatePath: TEMPLATE, replicasPath: REPLICAS, workloadClass: "long-running" },
  { group: "apps.kruise.io", kind: "DaemonSet", podTemplatePath: TEMPLATE, workloadClass: "long-running" },
  { group: "keda.sh", kind: "ScaledJob", podTemplatePath: ["spec", "jobTargetRef", "template"], workloadClass: "batch" },
];

/** Looks up kinds by group and kind; built-ins first, then the configured custom kinds. */
export class WorkloadKinds {
  private readonly byKey = new Map<string, WorkloadKind>();

  constructor(custom: readonly WorkloadKind[] = DEFAULT_CUSTOM_WORKLOAD_KINDS) {
    for (const kind of [...BUILT_IN_WORKLOAD_KINDS, ...custom]) this.byKey.set(`${kind.group}/${kind.kind}`, kind);
  }

  find(object: KubeObject): WorkloadKind | undefined {
    return this.byKey.get(`${apiGroupOf(object.apiVersion)}/${object.kind}`) ?? this.byKey.get(`*/${object.kind}`);
  }

  /** The pod an object runs, or undefined when the object is not a workload or has no template. */
  podTemplateOf(object: KubeObject): PodTemplate | undefined {
    const kind = this.find(object);
    if (kind === undefined) return undefined;
    const holder = kind.podTemplatePath.length === 0 ? object : asObject(getIn(object, kind.podTemplatePath));
    if (holder === undefined) return undefined;
    const spec = asObject(holder.spec);
    if (spec === undefined) return undefined;
    let workloadClass = kind.workloadClass;
    // A bare Pod that is not restarted runs to completion.
    if (kind.kind === "Pod" && kind.group === "") {
      const restart = asString(spec.restartPolicy);
      if (restart === "Never" || restart === "OnFailure") workloadClass = "batch";
    }
    return { path: kind.podTemplatePath, metadata: asObject(holder.metadata) ?? {}, spec, workloadClass, kind };
  }

  /** Declared replicas: undefined when the kind has none, 1 when the field is unset (the API default). */
  replicasOf(object: KubeObject): number | undefined {
    const kind = this.find(object);
    if (kind?.replicasPath === undefined) return undefined;
    const value = getIn(object, kind.replicasPath);
    return value === undefined || value === null ? 1 : asNumber(value);
  }
}

/** Parses "spec.template" or "spec.jobTemplate.spec.template" (dots; [n] for indexes). */
export function parseFieldPath(text: string): ObjectPath {
  const path: Array<string | number> = [];
  for (const part of text.split(".")) {
    if (part === "") continue;
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null) {
      path.push(part);
      continue;
    }
    if (match[1] !== "") path.push(match[1] as string);
    for (const index of (match[2] ?? "").matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** Path of a field of the pod spec, relative to the workload object. */
export function podSpecPath(template: PodTemplate, ...rest: ObjectPath): ObjectPath {
  return [...template.path, "spec", ...rest];
}
