import { blocksAtAnyScale, describeAutoscaler, disruptionsAllowed, formatIntOrPercent, replicaFloorOf, type Autoscaler } from "../../model/disruption.js";
import { defineIndexRule } from "../rule.js";
import { BUDGET_KINDS, budgetsOf, describeResource, describeResources, describeSelector, SEED_SECTION } from "./budgets.js";

const FIX = "allow at least one eviction (maxUnavailable: 1 is the usual choice)";

export default defineIndexRule({
  id: "pdb-blocks-eviction",
  practice: "pdb",
  severity: "warning",
  summary: "A PodDisruptionBudget must allow at least one voluntary disruption",
  needs: { kinds: BUDGET_KINDS, workloads: true, paths: [["spec"], ["spec", "minAvailable"], ["spec", "maxUnavailable"]] },
  docs: {
    seed: SEED_SECTION,
    why: [
      "A budget exists to pace voluntary disruptions, not to forbid them. When it allows none (`maxUnavailable: 0`, `minAvailable: 100%`, or a `minAvailable` at or above the number of pods it covers), every eviction of those pods is refused: `kubectl drain` retries forever, the cluster autoscaler cannot remove the node, and managed node upgrades stall until a timeout, then either fail or force the pods off without the pacing the budget was meant to give.",
      "The count is the disruption controller's: percentages scale with the replicas of the selected pods' controllers and round up, so `minAvailable: 60%` of one replica is one pod, and of two replicas is two. A budget that sets neither `minAvailable` nor `maxUnavailable` is not defaulted: the controller expects no pods and allows no disruption at all.",
    ].join("\n\n"),
    fix: "Use `maxUnavailable: 1` (or a percentage such as `25%`), which always lets one pod go; or keep `minAvailable` strictly below the replica count, and below the minimum of the workload's HorizontalPodAutoscaler. If the application really cannot lose a pod, give it more replicas rather than a budget of zero.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: web}
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`,
    notes: [
      "`maxUnavailable: 0`, `\"0%\"`, `minAvailable: \"100%\"` and a budget with neither field are reported whatever the input holds. A `minAvailable` is judged against the replicas of the workloads in the run whose pods the budget selects (their sum, as the controller adds up the scale of every controller it finds); when a HorizontalPodAutoscaler or KEDA ScaledObject scales one of them, its minimum is used and the message says so, because that is the count the budget must still allow a disruption at. Budgets over workloads without a replica count (DaemonSets, Jobs, bare Pods) or with a templated count are not judged.",
      "`unhealthyPodEvictionPolicy: AlwaysAllow` does not help here: it only lets pods that are not ready be evicted; ready pods are still held by the budget.",
      "Polaris reports `pdbDisruptionsIsZero` and compares `minAvailable` with the HPA's minimum; kube-linter's `pdb-min-available` and `pdb-max-unavailable` cover the same ground without resolving percentages.",
    ].join("\n\n"),
  },
  reportsOn: ["PodDisruptionBudget"],
  check({ index, report }) {
    const { budgets, autoscalers } = budgetsOf(index);
    for (const view of budgets) {
      const { budget, resource } = view;
      if (budget === undefined || view.selector.selectsNoPodBecause !== undefined || view.selector.selector.kind === "invalid") continue;
      const name = `PodDisruptionBudget "${resource.name ?? ""}"`;
      const pods = `the pods it selects (${describeSelector(view.selector.selector)})`;
      if (budget.field === "none") {
        report({ resource, path: ["spec"], message: `${name} sets neither minAvailable nor maxUnavailable, so the disruption controller allows no eviction of ${pods}: node drains and cluster upgrades wait on them forever; ${FIX}` });
        continue;
      }
      if (blocksAtAnyScale(budget)) {
        report({
          resource,
          path: ["spec", budget.field],
          message: `${name} has ${budget.field} ${formatIntOrPercent(budget.value)}, which allows no voluntary eviction of ${pods}: node drains and cluster upgrades wait on them forever; ${FIX}`,
        });
        continue;
      }
      if (budget.field !== "minAvailable" || view.selected.length === 0) continue;
      // Judged only when every selected workload has a known replica count.
      let expected = 0;
      const scaledBy: Array<{ workload: string; autoscaler: Autoscaler }> = [];
      let known = true;
      for (const workload of view.selected) {
        const floor = replicaFloorOf(workload, autoscalers);
        if (floor === undefined) {
          known = false;
          break;
        }
        expected += floor.replicas;
        if (floor.autoscaler !== undefined) scaledBy.push({ workload: describeResource(workload), autoscaler: floor.autoscaler });
      }
      if (!known || expected === 0) continue;
      const verdict = disruptionsAllowed(budget, expected);
      if (verdict.disruptionsAllowed > 0) continue;
      const of = `${expected} pod${expected === 1 ? "" : "s"} of ${describeResources(view.selected)}`;
      const scalers = view.selected.length === 1 ? scaledBy.map((s) => describeAutoscaler(s.autoscaler)) : scaledBy.map((s) => `${s.workload}: ${describeAutoscaler(s.autoscaler)}`);
      const atMinimum = scalers.length === 0 ? "" : ` at their lowest scale (${scalers.join("; ")})`;
      const rounding = budget.value.kind === "percent" ? `, which rounds up to ${verdict.desiredHealthy}` : "";
      report({
        resource,
        path: ["spec", "minAvailable"],
        message: `${name} requires minAvailable ${formatIntOrPercent(budget.value)} of the ${of}${atMinimum}${rounding}: it allows no voluntary eviction, so node drains and cluster upgrades block on these pods; use maxUnavailable: 1 or a lower minAvailable`,
      });
    }
  },
});
