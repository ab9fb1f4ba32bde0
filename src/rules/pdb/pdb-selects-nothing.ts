import { asObject } from "../../model/json.js";
import { createsUnseenPods, POD_CREATING_CUSTOM_KIND_NAMES } from "../../model/operators.js";
import type { IndexedResource, ResourceIndex } from "../../model/resource-index.js";
import { parseSelectorMap, selectorMatches, type LabelSelector } from "../../model/selectors.js";
import { defineIndexRule } from "../rule.js";
import { BUDGET_KINDS, budgetsOf, describeSelector, inNamespace, podsCouldBeInInput, SEED_SECTION } from "./budgets.js";

/** The label sets a namespace's Services route to, read once per namespace. */
function serviceTargets(index: ResourceIndex<IndexedResource>): (namespace: string) => ReadonlyArray<Readonly<Record<string, string>>> {
  const byNamespace = new Map<string, Array<Record<string, string>>>();
  return (namespace) => {
    let targets = byNamespace.get(namespace);
    if (targets === undefined) {
      targets = [];
      for (const service of index.inNamespace("Service", namespace)) {
        const target = parseSelectorMap(asObject(service.object.spec)?.selector);
        if (target.kind === "labels") targets.push(Object.fromEntries(target.requirements.map((r) => [r.key, r.values[0] ?? ""])));
      }
      byNamespace.set(namespace, targets);
    }
    return targets;
  };
}

/**
 * Whether the selector looks meant for pods made without a template in the input: it matches
 * the selector of a Service (which routes to those pods) or the labels of an operator's custom
 * resource in the namespace.
 */
function selectsPodsMadeElsewhere(index: ResourceIndex<IndexedResource>, services: ReadonlyArray<Readonly<Record<string, string>>>, namespace: string, selector: LabelSelector): boolean {
  if (services.some((labels) => selectorMatches(selector, labels))) return true;
  for (const kind of POD_CREATING_CUSTOM_KIND_NAMES) {
    for (const resource of index.inNamespace(kind, namespace)) {
      if (createsUnseenPods(resource) && selectorMatches(selector, resource.labels)) return true;
    }
  }
  return false;
}

export default defineIndexRule({
  id: "pdb-selects-nothing",
  practice: "pdb",
  severity: "warning",
  summary: "A PodDisruptionBudget must select the pods it is meant to protect",
  needs: { kinds: [...BUDGET_KINDS, "Service", ...POD_CREATING_CUSTOM_KIND_NAMES], workloads: true, paths: [["spec", "selector"]] },
  docs: {
    seed: SEED_SECTION,
    why: [
      "A budget protects exactly the pods its selector matches in its own namespace, nothing else. A selector copied from another application, a label renamed in the pod template but not in the budget, or a budget applied to the wrong namespace leaves the workload with no protection while everyone believes it has one.",
      "Some selectors can never match a pod: a missing or null `selector`, and in the old `policy/v1beta1` API an empty selector `{}` (which in `policy/v1` means every pod of the namespace).",
    ].join("\n\n"),
    fix: "Make `spec.selector` match the labels of the pod template you mean to protect (usually a copy of the workload's own `spec.selector`), in the workload's namespace. Use `policy/v1`, where `{}` selects every pod of the namespace.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
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
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
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
    matchLabels: {app.kubernetes.io/name: web}
`,
    notes: [
      "A budget without a selector, with a null one, or with an empty one in `policy/v1beta1` is reported wherever it is: it can never select a pod.",
      "Otherwise the budget is reported only when the pods it would select could be in the input: the run holds workloads of the budget's namespace from the budget's own folder. A budget linted alone, or next to files of other namespaces, is not reported, since its workload may be in another file or repository.",
      "Pods created by operators from custom resources (Prometheus, Alertmanager, Kafka clusters and the like) have no pod template in the input; a budget whose selector matches the labels of such a custom resource, or of a Service (which selects the same pods), in its namespace is taken to protect pods made elsewhere and is not reported.",
    ].join("\n\n"),
  },
  reportsOn: ["PodDisruptionBudget"],
  check({ index, report }) {
    const couldBeInInput = podsCouldBeInInput(index);
    const servicesOf = serviceTargets(index);
    for (const view of budgetsOf(index).budgets) {
      const name = `PodDisruptionBudget "${view.resource.name ?? ""}"`;
      const why = view.selector.selectsNoPodBecause;
      if (why !== undefined) {
        report({ resource: view.resource, path: ["spec", "selector"], message: `${name} can never select a pod: ${why}; write a selector that matches the labels of the pods to protect` });
        continue;
      }
      if (view.selector.selector.kind === "invalid" || view.selected.length > 0 || !couldBeInInput(view.resource)) continue;
      if (selectsPodsMadeElsewhere(index, servicesOf(view.namespace), view.namespace, view.selector.selector)) continue;
      report({
        resource: view.resource,
        path: ["spec", "selector"],
        message: `${name} selects no pod: no workload${inNamespace(view.namespace)} has pod labels matching ${describeSelector(view.selector.selector)}; make the selector match the labels of the pod template it should protect`,
      });
    }
  },
});
