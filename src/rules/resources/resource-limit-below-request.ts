import { compareQuantities } from "../../model/quantity.js";
import { resourceEntries, resourceEntry, resourceHoldersOf } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { holderName, SEED_SECTION, written } from "./shared.js";

export default defineObjectRule({
  id: "resource-limit-below-request",
  practice: "resources",
  severity: "error",
  summary: "A limit cannot be lower than the request for the same resource",
  docs: {
    seed: SEED_SECTION,
    why: "A request is what the container is guaranteed and a limit the most it may use, so a limit below the request makes no sense, and the API server rejects the pod (`must be less than or equal to … limit`). In a Deployment or a CronJob the template is accepted and the error only appears when the controller tries to create pods, which then never exist: the rollout hangs or the job silently never runs.",
    fix: "Make the limit at least the request; for memory, make them equal (see `memory-request-below-limit`). Often the two values were swapped, or a unit is wrong (`512Mi` against `1G`).",
    before: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/migrate:1.0.0
          resources:
            requests:
              cpu: "1"
              memory: 1Gi
            limits:
              cpu: 500m
              memory: 1Gi
`,
    after: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/migrate:1.0.0
          resources:
            requests:
              cpu: 500m
              memory: 1Gi
            limits:
              cpu: 500m
              memory: 1Gi
`,
    notes: "Every resource written in both lists is compared (CPU, memory, ephemeral storage, huge pages, extended resources), exactly: `100m` equals `0.1`, `1Gi` is more than `1G`. The finding points at the request, as the API server's error does. Pod-level resources are checked too. Values that are not valid quantities are left to `resource-quantity-invalid`.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const holder of resourceHoldersOf(podTemplate.spec)) {
      for (const request of resourceEntries(holder, "requests")) {
        const limit = resourceEntry(holder, "limits", request.resource);
        if (request.quantity === undefined || limit?.quantity === undefined) continue;
        if (compareQuantities(limit.quantity, request.quantity) >= 0) continue;
        report({
          path: podSpecPath(podTemplate, ...request.path),
          message: `${holderName(holder)} requests ${request.resource}: ${written(request.value)} but limits it to ${written(limit.value)}, and the API server rejects a limit below the request: raise the limit or lower the request`,
          ...(holder.container !== undefined ? { container: holder.container.name } : {}),
        });
      }
    }
  },
});
