// What rules that look across objects need to know about a workload, without its whole pod
// spec: labels, replicas, ports, scheduling. Small enough to keep for every workload of a run.
import { containersOf, portsOf, type ContainerRole, type DeclaredPort } from "./containers.js";
import { asArray, asObject, asString, type JsonObject, type JsonValue, type ObjectPath } from "./json.js";
import { labelsOf, type KubeObject } from "./object.js";
import { describePodSecurityViolations, evaluatePodSecurity, type PodSecurityViolation } from "./pod-security/index.js";
import type { PodTemplate, WorkloadClass, WorkloadKinds } from "./workloads.js";

export interface ContainerSummary {
  readonly name: string;
  readonly role: ContainerRole;
  /** Relative to the pod spec. */
  readonly path: ObjectPath;
  readonly ports: ReadonlyArray<DeclaredPort & { readonly protocol: string; readonly hostPort: number | undefined }>;
}

export interface WorkloadSummary {
  /** Path of the pod template (metadata and spec) in the object. */
  readonly podTemplatePath: ObjectPath;
  readonly workloadClass: WorkloadClass;
  /** Replicas the object asks for (1 when the field is unset); undefined for kinds without replicas (DaemonSet, Job, Pod). */
  readonly replicas: number | undefined;
  /** Whether `replicas` is written in the manifest (an HPA may own it otherwise). */
  readonly replicasWritten: boolean;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerSummary[];
  readonly affinity: JsonObject | undefined;
  readonly topologySpreadConstraints: readonly JsonValue[];
  readonly tolerations: readonly JsonValue[];
  readonly nodeSelector: JsonObject | undefined;
  /** The pod uses the node's network namespace (`hostNetwork: true`). */
  readonly hostNetwork: boolean;
  /** The pod's `serviceAccountName` (or the deprecated `serviceAccount`); undefined when it names none, which means `default`. */
  readonly serviceAccountName?: string | undefined;
  /** The pod's `automountServiceAccountToken`, when written. */
  readonly automountServiceAccountToken?: boolean | undefined;
  /**
   * The pod's Pod Security verdicts at the latest policy version, which is what a namespace
   * label without a pinned version enforces (evaluations are shared with the object rules);
   * undefined for a level the pod meets.
   */
  readonly podSecurityLatest: { readonly baseline: PodSecurityVerdict | undefined; readonly restricted: PodSecurityVerdict | undefined };
}

/** A failed Pod Security evaluation, kept small: what fails, and where the first failure is. */
export interface PodSecurityVerdict {
  /** `reason (detail), …` of every violated check. */
  readonly text: string;
  /** The first violation's path, relative to the pod ({metadata, spec}). */
  readonly path: ObjectPath;
  /** The container that first violation names, if any. */
  readonly container: string | undefined;
}

/** The verdict of a list of violations against a pod spec; undefined when there are none. */
export function podSecurityVerdict(violations: readonly PodSecurityViolation[], spec: JsonObject): PodSecurityVerdict | undefined {
  const first = violations[0];
  if (first === undefined) return undefined;
  const path = first.paths[0] ?? ["spec"];
  const [, list, index] = path;
  const entry = typeof list === "string" && typeof index === "number" && /^(initContainers|containers|ephemeralContainers)$/.test(list) ? asObject(asArray(spec[list])[index]) : undefined;
  return { text: describePodSecurityViolations(violations), path, container: asString(entry?.name) };
}

export function summarizeWorkload(object: KubeObject, template: PodTemplate, workloads: WorkloadKinds): WorkloadSummary {
  const spec = template.spec;
  const replicasPath = template.kind.replicasPath;
  let written = false;
  if (replicasPath !== undefined) {
    let holder: unknown = object;
    for (const step of replicasPath) holder = asObject(holder)?.[step as string];
    written = holder !== undefined && holder !== null;
  }
  return {
    podTemplatePath: template.path,
    workloadClass: template.workloadClass,
    replicas: workloads.replicasOf(object),
    replicasWritten: written,
    podLabels: labelsOf(template.metadata),
    containers: containersOf(spec).map((ref) => ({
      name: ref.name,
      role: ref.role,
      path: ref.path,
      ports: portsOf(ref.container).map((port) => {
        const written = asObject(asArray(ref.container.ports)[port.index]);
        const hostPort = written?.hostPort;
        return { ...port, protocol: asString(written?.protocol) ?? "TCP", hostPort: typeof hostPort === "number" && hostPort > 0 ? hostPort : undefined };
      }),
    })),
    affinity: asObject(spec.affinity),
    topologySpreadConstraints: asArray(spec.topologySpreadConstraints),
    tolerations: asArray(spec.tolerations),
    nodeSelector: asObject(spec.nodeSelector),
    hostNetwork: spec.hostNetwork === true,
    serviceAccountName: asString(spec.serviceAccountName) || asString(spec.serviceAccount) || undefined,
    automountServiceAccountToken: typeof spec.automountServiceAccountToken === "boolean" ? spec.automountServiceAccountToken : undefined,
    podSecurityLatest: {
      baseline: podSecurityVerdict(evaluatePodSecurity({ metadata: template.metadata, spec }, "baseline", "latest"), spec),
      restricted: podSecurityVerdict(evaluatePodSecurity({ metadata: template.metadata, spec }, "restricted", "latest"), spec),
    },
  };
}
