// What rules that look across objects need to know about a workload, without its whole pod
// spec: labels, replicas, ports, scheduling. Small enough to keep for every workload of a run.
import { containersOf, portsOf, type ContainerRole, type DeclaredPort } from "./containers.js";
import { asArray, asObject, asString, type JsonObject, type JsonValue, type ObjectPath } from "./json.js";
import { labelsOf, type KubeObject } from "./object.js";
import { evaluatePodSecurity, type PodSecurityViolation } from "./pod-security/index.js";
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
  /**
   * The pod's Pod Security verdicts at the latest policy version, which is what a namespace
   * label without a pinned version enforces (evaluations are shared with the object rules).
   */
  readonly podSecurityLatest: { readonly baseline: readonly PodSecurityViolation[]; readonly restricted: readonly PodSecurityViolation[] };
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
    podSecurityLatest: {
      baseline: evaluatePodSecurity({ metadata: template.metadata, spec }, "baseline", "latest"),
      restricted: evaluatePodSecurity({ metadata: template.metadata, spec }, "restricted", "latest"),
    },
  };
}
