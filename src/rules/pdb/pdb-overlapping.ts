import { folderOf } from "../../model/partial-input.js";
import type { IndexedResource } from "../../model/resource-index.js";
import { defineIndexRule } from "../rule.js";
import { BUDGET_KINDS, budgetsOf, describeResources, SEED_SECTION, type BudgetView } from "./budgets.js";

export default defineIndexRule({
  id: "pdb-overlapping",
  practice: "pdb",
  severity: "error",
  summary: "Only one PodDisruptionBudget may select a pod",
  needs: { kinds: BUDGET_KINDS, workloads: true, paths: [["spec", "selector"]] },
  docs: {
    seed: SEED_SECTION,
    why: [
      "The eviction API supports exactly one budget per pod. When two PodDisruptionBudgets select the same pod, every eviction of that pod fails with a server error (\"This pod has more than one PodDisruptionBudget, which the eviction subresource does not support\"): `kubectl drain` stops on it, the cluster autoscaler cannot empty the node, and node upgrades fall back to deleting pods without any budget.",
      "It usually happens when a namespace-wide budget (an empty selector in `policy/v1` selects every pod of the namespace) is added next to per-application budgets, or when an application's budget is copied under a new name and the old one is kept.",
    ].join("\n\n"),
    fix: "Keep one budget per set of pods: delete the extra budget, or narrow one of the selectors (with a label or a `matchExpressions` entry) so that the two sets of pods no longer overlap.",
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
      labels: {app: web, tier: front}
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: front
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {tier: front}
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
      labels: {app: web, tier: front}
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
      "One finding per extra budget: budgets are taken in input order (file, then position), and each budget that selects pods an earlier budget already selects is reported once at its selector, naming the earlier budgets and the workloads they share. Pods are those of the pod templates in the run, matched in the budget's namespace.",
      "Two budgets with the same namespace and name are one object in the cluster (the one applied last wins, as with alternative overlays of the same base) and are not counted twice. Budgets that name no namespace are taken to overlap only when they are in the same folder: from different folders they may well be applied to different namespaces.",
    ].join("\n\n"),
  },
  reportsOn: ["PodDisruptionBudget"],
  check({ index, report }) {
    const { budgets, byWorkload } = budgetsOf(index);
    const identity = (view: BudgetView) => `${view.namespace}\u0000${view.resource.name ?? view.resource.key}`;
    // Each extra budget → the earlier budgets it overlaps and the workloads they share.
    const extras = new Map<BudgetView, { earlier: Set<string>; workloads: IndexedResource[] }>();
    const workloadByKey = new Map<string, IndexedResource>();
    for (const view of budgets) for (const workload of view.selected) workloadByKey.set(workload.key, workload);
    for (const [workloadKey, covering] of byWorkload) {
      const seen = new Map<string, BudgetView>();
      for (const view of covering) {
        const id = identity(view);
        if (seen.has(id)) continue;
        // Budgets that name no namespace overlap for certain only when they are applied together.
        const together = [...seen.values()].filter((earlier) => view.namespace !== "" || folderOf(earlier.resource.file) === folderOf(view.resource.file));
        if (together.length > 0) {
          let entry = extras.get(view);
          if (entry === undefined) extras.set(view, (entry = { earlier: new Set(), workloads: [] }));
          for (const earlier of together) entry.earlier.add(earlier.resource.name ?? "");
          const workload = workloadByKey.get(workloadKey);
          if (workload !== undefined) entry.workloads.push(workload);
        }
        seen.set(id, view);
      }
    }
    for (const view of budgets) {
      const entry = extras.get(view);
      if (entry === undefined) continue;
      const earlier = [...entry.earlier].map((n) => `"${n}"`);
      const others = earlier.length === 1 ? `PodDisruptionBudget ${earlier[0]} also selects` : `PodDisruptionBudgets ${earlier.slice(0, -1).join(", ")} and ${earlier[earlier.length - 1]} also select`;
      report({
        resource: view.resource,
        path: ["spec", "selector"],
        message: `PodDisruptionBudget "${view.resource.name ?? ""}" selects the pods of ${describeResources(entry.workloads)}, which ${others}: the eviction API refuses to evict a pod covered by more than one budget, so node drains fail on these pods; keep one budget per set of pods`,
      });
    }
  },
});
