import { describeSelector } from "../../model/selectors.js";
import { defineIndexRule } from "../rule.js";
import { describeNamespace, intendedPodsAreInInput, namespacesWithUnseenPods, nearMiss, OPERATOR_KINDS, policySelections, SEED_SECTION } from "./shared.js";

export const networkPolicySelectsNothing = defineIndexRule({
  id: "network-policy-selects-nothing",
  practice: "network-policy",
  severity: "warning",
  summary: "A NetworkPolicy's podSelector should match some pod",
  needs: { kinds: ["NetworkPolicy", ...OPERATOR_KINDS], workloads: true, paths: [["spec", "podSelector"]] },
  docs: {
    seed: SEED_SECTION,
    why: "A NetworkPolicy protects only the pods its `podSelector` matches in its own namespace. When the labels in the selector are not the labels of the pod template (a typo, a renamed `app` label, the Deployment's name instead of its pod labels, the wrong namespace), the policy isolates nothing, and the pods it was written for stay open while the manifests suggest otherwise.",
    fix: "Make the selector match the pod template's labels (`spec.template.metadata.labels` of the workload, not the workload's own `metadata.labels`), or move the policy to the workload's namespace.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: shop
spec:
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: registry.example.com/db:15.4
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: database}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: api}
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: shop
spec:
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: registry.example.com/db:15.4
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: api}
`,
    notes: [
      "Partial input: a policy is reported only when the run includes workloads of its namespace from the policy's own folder, and one of them is evidently what the policy is for: it is in the same file, it is named like the policy or like a value of the selector, or its pod labels share a pair with the selector. So a folder of policies checked alone, policies kept apart from the workloads (as in a kustomize component), or policies for pods installed another way are not reported. A policy with an empty `podSelector` selects every pod, present and future, and is never reported.",
      "Requirements on labels that controllers add to running pods (`pod-template-hash`, `statefulset.kubernetes.io/pod-name`, `controller-revision-hash`, `job-name`, ...) cannot be checked against templates and are ignored. Namespaces holding custom resources whose operators run pods (Prometheus, Alertmanager, Kafka, RayCluster, CloudNativePG Cluster, ...) are skipped: the pods those selectors are written for are not in the input.",
      "Only the policy's own `podSelector` is judged; peers in `from`/`to` may select pods of other namespaces, which the input rarely holds (Popeye #567 reports those wrongly).",
    ].join("\n\n"),
  },
  reportsOn: ["NetworkPolicy"],
  check({ index, report }) {
    const unseen = namespacesWithUnseenPods(index);
    for (const { resource, view, namespace, selector, selected } of policySelections(index)) {
      if (selected === "all" || selected.length > 0 || selector?.kind !== "labels" || unseen.has(namespace)) continue;
      if (!intendedPodsAreInInput(index, resource, selector)) continue;
      report({
        resource,
        path: ["spec", "podSelector"],
        message: `NetworkPolicy "${resource.name ?? ""}" selects pods ${describeSelector(view.podSelector)}, but no pod template of ${describeNamespace(namespace)} in the input has these labels${nearMiss(index, namespace, selector)}: the policy protects nothing`,
      });
    }
  },
});
