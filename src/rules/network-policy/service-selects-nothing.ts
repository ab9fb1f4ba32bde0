import { describeSelector } from "../../model/selectors.js";
import { defineIndexRule } from "../rule.js";
import { describeNamespace, intendedPodsAreInInput, nearMiss, OPERATOR_KINDS, SEED_SECTION, selectingServices } from "./shared.js";

export const serviceSelectsNothing = defineIndexRule({
  id: "service-selects-nothing",
  practice: "network-policy",
  severity: "warning",
  summary: "A Service's selector should match the pod template of some workload",
  needs: { kinds: ["Service", ...OPERATOR_KINDS], workloads: true, paths: [["spec", "selector"]] },
  docs: {
    seed: `${SEED_SECTION} (pod-to-Service communication)`,
    why: "A Service sends traffic to the pods whose labels contain every pair of its `selector`. When no pod has them (a typo, a label renamed in the Deployment but not in the Service, the workload's own labels copied instead of its pod template's), the Service has no endpoints: its clients get connection refused or time out, while every object looks healthy on its own.",
    fix: "Make `spec.selector` a subset of the pod template's labels (`spec.template.metadata.labels` of the workload), in the same namespace.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
    tier: front
  ports:
    - port: 80
      targetPort: http
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
    tier: frontend
  ports:
    - port: 80
      targetPort: http
`,
    notes: [
      "Partial input: a Service is reported only when the run includes workloads of its namespace from the Service's own folder, and one of them is evidently what the Service is for: it is in the same file, it is named like the Service or like a value of the selector, or its pod labels share a pair with the selector. So a Service checked alone, kept apart from its workloads, or written for pods installed another way (a Helm chart) beside unrelated workloads is not reported. Services without a selector (ExternalName, or endpoints managed by hand) are never reported.",
      "Pod templates of every workload kind count, including Argo Rollouts and the other custom kinds shipshape knows (kube-score #430 reports Services of Rollouts wrongly). Selector pairs on labels that controllers add to running pods (`statefulset.kubernetes.io/pod-name` for a per-pod Service, `pod-template-hash`, `job-name`, ...) cannot be checked against templates and are ignored. Namespaces holding custom resources whose operators run pods (Prometheus, Alertmanager, Kafka, RayCluster, Knative Service, ...) are skipped.",
      "When a workload has every label of the selector but one, the message names it and the label it has instead.",
    ].join("\n\n"),
  },
  reportsOn: ["Service"],
  check({ index, report }) {
    for (const { resource, namespace, written, selector, selected } of selectingServices(index)) {
      if (selected.length > 0 || !intendedPodsAreInInput(index, resource, selector)) continue;
      report({
        resource,
        path: ["spec", "selector"],
        message: `Service "${resource.name ?? ""}" selects pods ${describeSelector(written)}, but no pod template of ${describeNamespace(namespace)} in the input has these labels${nearMiss(index, namespace, selector)}: the Service has no endpoints`,
      });
    }
  },
});
