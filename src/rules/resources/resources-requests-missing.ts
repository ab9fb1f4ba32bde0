import { closestResourcesPath, containerHolder, effectiveRequest, podHolder, resourceContainersOf } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { SEED_SECTION } from "./shared.js";

const COMPUTE = ["cpu", "memory"] as const;

export default defineObjectRule({
  id: "resources-requests-missing",
  practice: "resources",
  severity: "warning",
  summary: "Every container must request CPU and memory",
  docs: {
    seed: SEED_SECTION,
    why: [
      "The scheduler places pods by their requests: it puts a pod only on a node with that much CPU and memory unreserved. A container without requests counts as needing nothing, so nodes get packed with more work than they can run, and under memory pressure the kubelet evicts pods without requests first (their QoS class is BestEffort).",
      "Requests are also what the seed means by helping Kubernetes pack workloads: the Horizontal Pod Autoscaler measures utilisation against them, and capacity planning starts from them.",
    ].join("\n\n"),
    fix: "Set `resources.requests.cpu` and `resources.requests.memory` on every container, from what it uses in steady state (`kubectl top pod --containers`, or your metrics over a week). Init containers and sidecars need them too.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 256Mi
`,
    notes: [
      "A request left out while the limit is set is not reported: the API server copies the limit into the request. Pod-level resources (`spec.resources`, beta since Kubernetes 1.34) cover every container for the resources they set. Init containers count (the scheduler reserves the largest init request, or the sum of the app containers if larger), and so do sidecars (init containers with `restartPolicy: Always`, which run for the pod's whole life); ephemeral containers cannot have resources and are skipped.",
      "A LimitRange of the namespace can fill in default requests at admission; this rule judges the manifest alone and does not assume one, so workloads that rely on a LimitRange can exempt the rule for their namespace.",
      "Unlike kube-score, one finding per container names everything missing, and no ephemeral-storage request is asked for.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    const pod = podHolder(podTemplate.spec);
    for (const ref of resourceContainersOf(podTemplate.spec)) {
      const holder = containerHolder(ref);
      const missing = COMPUTE.filter((resource) => effectiveRequest(holder, resource) === undefined && (pod === undefined || effectiveRequest(pod, resource) === undefined));
      if (missing.length === 0) continue;
      const both = missing.length === 2;
      const what = both ? "no CPU or memory request" : missing[0] === "cpu" ? "no CPU request" : "no memory request";
      const reserved = both ? "nothing" : missing[0] === "cpu" ? "no CPU" : "no memory";
      report({
        path: podSpecPath(podTemplate, ...closestResourcesPath(holder, "requests")),
        message: `Container "${ref.name}" has ${what}, so the scheduler reserves ${reserved} for it: set resources.requests.${both ? "cpu and resources.requests.memory" : missing[0]}`,
        container: ref.name,
      });
    }
  },
});
