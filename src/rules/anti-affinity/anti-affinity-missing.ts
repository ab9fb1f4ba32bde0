import { AUTOSCALER_KINDS, autoscalersOf, describeAutoscaler } from "../../model/disruption.js";
import { defineIndexRule } from "../rule.js";
import type { WorkloadSummary } from "../../model/workload-summary.js";
import { DEFAULT_TOPOLOGY_KEYS, describePodLabels, describeWorkload, replicatedFloor, SEED_SECTION, SPREADING_OPTIONS, spreadingEntries, type SpreadingOptions } from "./spreading.js";

/**
 * Pods that claim a port of the node (a hostPort, or a declared port on the host network) never
 * share a node: the scheduler already spreads them one per node.
 */
function holdsHostPort(summary: WorkloadSummary): boolean {
  return summary.containers.some((c) => c.ports.some((p) => p.hostPort !== undefined || (summary.hostNetwork && p.containerPort !== undefined)));
}

/** "the hostname or zone" for the default keys; the keys themselves otherwise. */
function describeKeys(keys: readonly string[]): string {
  const defaults = keys.length === DEFAULT_TOPOLOGY_KEYS.length && keys.every((k) => DEFAULT_TOPOLOGY_KEYS.includes(k));
  return defaults ? "the node (kubernetes.io/hostname) or zone" : keys.join(" or ");
}

export default defineIndexRule<SpreadingOptions>({
  id: "anti-affinity-missing",
  practice: "anti-affinity",
  severity: "warning",
  summary: "Replicated workloads should spread their pods across nodes",
  needs: { kinds: AUTOSCALER_KINDS, workloads: true, paths: [["spec", "template", "spec", "affinity"]] },
  options: SPREADING_OPTIONS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "Replicas protect a service only if they fail independently. The scheduler places pods where they fit best, and nothing in a plain pod template stops it from putting every replica on the same node; when that node fails, is drained or is upgraded, all replicas go down together and the service is unavailable until they are rescheduled elsewhere.",
      "A pod anti-affinity term on `kubernetes.io/hostname` that selects the workload's own pods tells the scheduler to keep them on different nodes; a `topologySpreadConstraint` on the hostname or zone key does the same with a tolerance (`maxSkew`) and scales better to many replicas.",
    ].join("\n\n"),
    fix: "Add a `preferredDuringSchedulingIgnoredDuringExecution` pod anti-affinity term with `topologyKey: kubernetes.io/hostname` and a `labelSelector` that matches the pod template's own labels, or a `topologySpreadConstraint` on `kubernetes.io/hostname` (or `topology.kubernetes.io/zone`) with the same selector. Use the required form only when there are always more nodes than replicas: otherwise extra replicas stay Pending.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels: {app: web}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    notes: [
      "Checked on long-running workloads with a replica count (Deployment, StatefulSet, ReplicaSet, ReplicationController, custom kinds such as Argo Rollouts) that run more than one replica; with a HorizontalPodAutoscaler or KEDA ScaledObject, its minimum decides. DaemonSets are never reported (one pod per node already), nor Jobs and bare Pods, nor workloads pinned to one node by a `kubernetes.io/hostname` nodeSelector, nor pods that claim a port of the node (a `hostPort`, or a declared port with `hostNetwork: true`), which the scheduler already keeps one per node.",
      "Accepted: required or preferred `podAntiAffinity` terms and `topologySpreadConstraints` (either `whenUnsatisfiable`) whose `topologyKey` is `kubernetes.io/hostname`, `topology.kubernetes.io/zone` or the legacy `failure-domain.beta.kubernetes.io/zone` (the `topologyKeys` option changes the list, e.g. for a provider's own zone label). A spreading entry whose selector does not match the workload's own pods is reported by `anti-affinity-selector-mismatch` instead.",
      "Clusters apply default soft topology spreading (hostname and zone, `ScheduleAnyway`) to pods that belong to a Service or a controller. It only weighs in scoring, and resource fit often outweighs it, so an explicit entry is still recommended.",
    ].join("\n\n"),
  },
  check({ index, options, report, judgedAmong }) {
    const autoscalers = autoscalersOf(index);
    const keys = new Set(options.topologyKeys);
    for (const namespace of index.namespacesInUse()) {
      for (const workload of judgedAmong(index.workloadsIn(namespace))) {
        const floor = replicatedFloor(workload, autoscalers);
        if (floor === undefined || spreadingEntries(index, workload, keys).length > 0) continue;
        const summary = workload.workload;
        if (summary === undefined || holdsHostPort(summary)) continue;
        const runs = floor.autoscaler === undefined ? `runs ${floor.replicas} replicas` : `runs at least ${floor.replicas} replicas (${describeAutoscaler(floor.autoscaler)})`;
        report({
          resource: workload,
          path: [...summary.podTemplatePath, "spec", "affinity"],
          message: `${describeWorkload(workload)} ${runs} but has no pod anti-affinity or topologySpreadConstraint on ${describeKeys(options.topologyKeys)}: the scheduler may put them all on one node, and losing that node takes them all down; add a preferred podAntiAffinity term on kubernetes.io/hostname whose labelSelector matches its pods (${describePodLabels(summary.podLabels)})`,
        });
      }
    }
  },
});
