import { compareQuantities, formatCores, parseExactQuantity, parseQuantity } from "../../model/quantity.js";
import { containerHolder, effectiveRequest, resourceContainersOf } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { SEED_SECTION } from "./shared.js";

export interface CpuRequestHighOptions {
  /** Requests above this many cores are reported. */
  readonly maxCores: number;
}

export default defineObjectRule<CpuRequestHighOptions>({
  id: "cpu-request-high",
  practice: "resources",
  severity: "info",
  summary: "CPU requests above one core deserve a review",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        maxCores: { type: "number", exclusiveMinimum: 0, description: "Requests above this many cores are reported (1 = one core; 0.5 = 500m)." },
      },
    },
    defaults: { maxCores: 1 },
  },
  docs: {
    seed: SEED_SECTION,
    why: [
      "A request reserves CPU on a node whether the container uses it or not. Most services are single-threaded or spend their time waiting on I/O, so a request above one core is often reserved and never used, while it makes the pod harder to place (it needs a node with that much free) and leaves the rest of the cluster short. The seed's advice is to keep CPU requests at one core or below unless the application is built to use several cores in parallel.",
      "The rule asks for a review, not a change: a JVM with parallel garbage collection, a database, or a batch job that really runs many threads may need more.",
    ].join("\n\n"),
    fix: "Check what the container uses (`kubectl top pod --containers`, or CPU usage over a busy week). If it does not keep more than one core busy, lower `resources.requests.cpu` to its real use; if it does, keep the request and exempt the workload with a reason.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:2.3.0
          resources:
            requests:
              cpu: "4"
              memory: 1Gi
            limits:
              memory: 1Gi
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:2.3.0
          resources:
            requests:
              cpu: 500m
              memory: 1Gi
            limits:
              memory: 1Gi
`,
    notes: "The request compared is the one the scheduler uses: when only a CPU limit is written, the API server copies it into the request, and the finding points at the limit. Each container is judged on its own (init containers and sidecars included); a pod with several containers of one core each is not reported. Info by default.",
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined) return;
    const threshold = parseExactQuantity(options.maxCores);
    if (threshold === undefined) return;
    for (const ref of resourceContainersOf(podTemplate.spec)) {
      const request = effectiveRequest(containerHolder(ref), "cpu");
      if (request?.quantity === undefined || compareQuantities(request.quantity, threshold) <= 0) continue;
      const copied = request.list === "limits" ? " (its CPU limit, copied into the request)" : "";
      report({
        path: podSpecPath(podTemplate, ...request.path),
        message: `Container "${ref.name}" requests ${formatCores(parseQuantity(request.value) ?? 0)} of CPU${copied}, more than ${formatCores(options.maxCores)}: lower it unless the application keeps several cores busy in parallel`,
        container: ref.name,
      });
    }
  },
});
