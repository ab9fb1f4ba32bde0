import { compareQuantities } from "../../model/quantity.js";
import { resourceEntry, resourceHoldersOf } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { holderName, SEED_SECTION, written } from "./shared.js";

export default defineObjectRule({
  id: "memory-request-below-limit",
  practice: "resources",
  severity: "info",
  summary: "Memory requests should equal memory limits",
  docs: {
    seed: SEED_SECTION,
    why: [
      "The seed suggests setting request equal to limit most of the time; for memory the reason is concrete. The scheduler reserves only the request, so a container whose limit is higher is counting on memory nobody reserved for it. When several such containers grow on the same node at once, the node runs out: the kernel OOM-kills processes and the kubelet evicts pods, starting with those using most beyond their requests, even though every container stayed under its own limit.",
      "With request equal to limit the memory is really reserved: a container can only be killed for exceeding its own limit, which is a bug you can see. When every container of the pod does the same for CPU too, the pod gets the Guaranteed QoS class and is the last to be evicted.",
    ].join("\n\n"),
    fix: "Raise `resources.requests.memory` to the limit (or lower the limit to what the container really needs). Leaving the request out also works: the API server then copies the limit into it.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
      resources:
        requests:
          cpu: 250m
          memory: 128Mi
        limits:
          memory: 1Gi
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
      resources:
        requests:
          cpu: 250m
          memory: 1Gi
        limits:
          memory: 1Gi
`,
    notes: "Info by default: overcommitting memory is a legitimate trade-off for batch work or bursty services on nodes with headroom, as long as it is deliberate. Reported only when both values are written and valid; a limit below the request is `resource-limit-below-request`. Pod-level resources are checked the same way.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const holder of resourceHoldersOf(podTemplate.spec)) {
      const request = resourceEntry(holder, "requests", "memory");
      const limit = resourceEntry(holder, "limits", "memory");
      if (request?.quantity === undefined || limit?.quantity === undefined) continue;
      if (compareQuantities(request.quantity, limit.quantity) >= 0) continue;
      report({
        path: podSpecPath(podTemplate, ...request.path),
        message: `${holderName(holder)} requests ${written(request.value)} of memory but may use up to ${written(limit.value)}, counting on memory the scheduler never reserved: set the request equal to the limit`,
        ...(holder.container !== undefined ? { container: holder.container.name } : {}),
      });
    }
  },
});
