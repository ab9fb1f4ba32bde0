import { closestResourcesPath, containerHolder, podHolder, resourceContainersOf, resourceEntry } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { SEED_SECTION } from "./shared.js";

export default defineObjectRule({
  id: "memory-limit-missing",
  practice: "resources",
  severity: "warning",
  summary: "Every container must have a memory limit",
  docs: {
    seed: SEED_SECTION,
    why: [
      "Memory cannot be throttled: a container that leaks or spikes without a limit takes memory from everything on the node until the kernel's OOM killer or the kubelet's eviction picks victims, often pods that did nothing wrong. With a limit, the container that exceeds it is the one restarted, and the failure stays where the bug is.",
      "The seed warns of the other side: a pod that goes above its limit is terminated, so set the limit from the memory the container really needs at its peak, not from a guess.",
    ].join("\n\n"),
    fix: "Set `resources.limits.memory` on every container, at or a little above its peak use; `memory-request-below-limit` explains why making it equal to the request is the safest choice.",
    before: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/report:3.2.1
              resources:
                requests:
                  cpu: 500m
                  memory: 512Mi
`,
    after: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/report:3.2.1
              resources:
                requests:
                  cpu: 500m
                  memory: 512Mi
                limits:
                  memory: 512Mi
`,
    notes: "A pod-level memory limit (`spec.resources.limits.memory`, beta since Kubernetes 1.34) bounds every container together and satisfies the rule. Init containers and sidecars count; ephemeral containers cannot have resources. A LimitRange default limit of the namespace is not assumed. CPU limits are a separate question with a different answer: see `cpu-limit-policy`.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    const pod = podHolder(podTemplate.spec);
    if (pod !== undefined && resourceEntry(pod, "limits", "memory") !== undefined) return;
    for (const ref of resourceContainersOf(podTemplate.spec)) {
      const holder = containerHolder(ref);
      if (resourceEntry(holder, "limits", "memory") !== undefined) continue;
      report({
        path: podSpecPath(podTemplate, ...closestResourcesPath(holder, "limits")),
        message: `Container "${ref.name}" has no memory limit, so a leak in it can starve the whole node: set resources.limits.memory`,
        container: ref.name,
      });
    }
  },
});
