import { autoscalersOf, describeAutoscaler, replicaFloorOf } from "../../model/disruption.js";
import type { KubeObject } from "../../model/object.js";
import { namespaceKeyOf } from "../../model/resource-index.js";
import { defineIndexRule } from "../rule.js";
import { BUDGET_KINDS, coveredByBudget, describePodLabels, describeResource, inNamespace, SEED_SECTION } from "./budgets.js";

export default defineIndexRule({
  id: "pdb-missing",
  practice: "pdb",
  severity: "warning",
  summary: "Workloads that run more than one replica need a PodDisruptionBudget",
  needs: { kinds: BUDGET_KINDS, workloads: true, paths: [["spec", "replicas"], ["metadata", "name"]] },
  docs: {
    seed: SEED_SECTION,
    why: [
      "Pods go away for planned reasons all the time: a node is drained for an upgrade, the cluster autoscaler removes an underused node, an operator moves workloads off a node pool. These are voluntary disruptions, and the eviction API only holds them back for pods that a PodDisruptionBudget covers. Without a budget, a drain evicts every replica it finds on its nodes at once, and a rolling node upgrade can take down all replicas of a service before any replacement is ready.",
      "A budget turns those evictions into a queue: `maxUnavailable: 1` lets the drain take one pod, waits for its replacement to become ready elsewhere, then takes the next. Running several replicas only buys availability if they are not all disrupted together.",
    ].join("\n\n"),
    fix: "Add a PodDisruptionBudget in the workload's namespace whose `selector` matches the pod template's labels (usually the workload's own `spec.selector`). Prefer `maxUnavailable: 1` (or a percentage): it keeps drains moving whatever the replica count, where a `minAvailable` close to the replica count can block them.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
  namespace: shop
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`,
    notes: [
      "Checked on long-running workloads with a replica count (Deployment, StatefulSet, ReplicaSet, ReplicationController, and custom kinds such as Argo Rollouts) that run more than one replica. When a HorizontalPodAutoscaler (any `autoscaling` version) or a KEDA ScaledObject scales the workload (same namespace, `scaleTargetRef` kind and name, and API group when the reference names one), its minimum decides, because the autoscaler overwrites `spec.replicas`: a workload whose autoscaler can scale it down to one replica is not reported, and one without `replicas` whose HPA keeps at least two is.",
      "DaemonSets are not checked: a drain leaves their pods in place (`kubectl drain --ignore-daemonsets`), and there is one per node, so a node drain disrupts at most one of them anyway. Jobs, CronJobs and bare Pods are not checked either: batch pods are meant to finish, and a bare Pod is a single pod that nothing recreates.",
      "A budget counts only when it is in the run, in the same namespace (objects without a namespace count as one namespace), and its selector matches the pod template's labels as Kubernetes matches them (policy/v1beta1 budgets with an empty selector select nothing). The finding is raised even when only part of an application is linted: a budget kept in another repository can be exempted on the workload.",
      "kube-score checks Deployments and StatefulSets and ignores autoscalers; Polaris checks Deployments only; kube-linter has no such check.",
    ].join("\n\n"),
  },
  check({ index, workloads, report, judgedAmong }) {
    const autoscalers = autoscalersOf(index);
    for (const namespace of index.namespacesInUse()) {
      for (const workload of judgedAmong(index.workloadsIn(namespace))) {
        const summary = workload.workload;
        if (summary === undefined || summary.workloadClass !== "long-running") continue;
        const floor = replicaFloorOf(workload, autoscalers);
        if (floor === undefined || floor.replicas < 2 || coveredByBudget(index, workload)) continue;
        const replicasPath = workloads.find({ apiVersion: workload.apiVersion, kind: workload.kind } as KubeObject)?.replicasPath;
        const runs =
          floor.autoscaler === undefined ? `runs ${floor.replicas} replicas` : `runs at least ${floor.replicas} replicas (${describeAutoscaler(floor.autoscaler)})`;
        report({
          resource: workload,
          path: floor.autoscaler === undefined && summary.replicasWritten && replicasPath !== undefined ? replicasPath : ["metadata", "name"],
          message: `${describeResource(workload)} ${runs} but no PodDisruptionBudget${inNamespace(namespaceKeyOf(workload) ?? "")} selects its pods (${describePodLabels(workload)}): a node drain or upgrade may evict them all at once; add a budget such as maxUnavailable: 1`,
        });
      }
    }
  },
});
