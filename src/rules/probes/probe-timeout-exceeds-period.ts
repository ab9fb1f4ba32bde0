import { PROBE_FIELDS, runningContainersOf } from "../../model/containers.js";
import { probeOf, probeTiming } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "probe-timeout-exceeds-period",
  practice: "probes",
  severity: "warning",
  summary: "A probe's timeoutSeconds should not be longer than its periodSeconds",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "The kubelet runs each probe of a container one attempt at a time. When an attempt is still waiting for its answer at the moment the next one is due, the next attempt starts only after it times out. A probe whose `timeoutSeconds` is longer than its `periodSeconds` therefore does not run at the period it states when the endpoint is slow: each failure takes `timeoutSeconds`, and the container is restarted or taken out of traffic after `failureThreshold × timeoutSeconds` rather than the `failureThreshold × periodSeconds` the manifest suggests.",
      "It also means a struggling endpoint is probed back to back, with no pause, exactly when it is least able to answer.",
    ].join("\n\n"),
    fix: "Make `periodSeconds` at least as long as `timeoutSeconds`. If the health endpoint really needs several seconds to answer, make it cheaper: a probe should be a quick check of the process itself.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:4.1.0
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /_/ready
          port: http
        periodSeconds: 2
        timeoutSeconds: 5
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:4.1.0
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /_/ready
          port: http
        periodSeconds: 5
        timeoutSeconds: 2
`,
    notes: "Kubernetes' defaults (`periodSeconds: 10`, `timeoutSeconds: 1`) apply when a field is unset or 0. A timeout equal to the period is not reported: the probe then still runs at its stated pace. Liveness, readiness and startup probes of app containers and sidecars are checked in every kind of workload.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      for (const field of PROBE_FIELDS) {
        const probe = probeOf(ref, field);
        if (probe === undefined) continue;
        const timeout = probeTiming(probe, "timeoutSeconds");
        const period = probeTiming(probe, "periodSeconds");
        if (timeout.value <= period.value) continue;
        const failures = probeTiming(probe, "failureThreshold").value;
        report({
          path: podSpecPath(podTemplate, ...(timeout.path ?? period.path ?? probe.path)),
          message: `Container "${ref.name}": the ${field} timeoutSeconds (${timeout.value}) is longer than its periodSeconds (${period.value}), so failures are detected after about ${failures * timeout.value}s rather than ${failures * period.value}s; make periodSeconds at least ${timeout.value} or shorten timeoutSeconds`,
          container: ref.name,
        });
      }
    }
  },
});
