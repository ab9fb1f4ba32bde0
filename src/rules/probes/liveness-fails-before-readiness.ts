import { runningContainersOf } from "../../model/containers.js";
import { probeOf, sameProbeCheck, probeTiming, secondsToGiveUp } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "liveness-fails-before-readiness",
  practice: "probes",
  severity: "warning",
  summary: "On the same check, liveness should not give up sooner than readiness",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "When readiness and liveness run the same check, the order in which they give up decides what happens to a container in trouble. The intended order is: readiness fails first and takes the container out of traffic, which often lets it recover; liveness fails only later, if it does not recover, and restarts it.",
      "When liveness gives up sooner (fewer failures or a shorter period), the container is restarted before readiness ever acts: the readiness probe is dead weight, every slow spell becomes a restart, the requests in flight are lost, and under load the restarts spread from pod to pod as the survivors take the extra traffic.",
    ].join("\n\n"),
    fix: "Make `failureThreshold × periodSeconds` of the liveness probe larger than that of the readiness probe, typically by raising the liveness `failureThreshold`.",
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
          image: registry.example.com/api:4.1.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/health
              port: http
            failureThreshold: 3
          livenessProbe:
            httpGet:
              path: /_/health
              port: http
            failureThreshold: 2
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
          image: registry.example.com/api:4.1.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/health
              port: http
            failureThreshold: 3
          livenessProbe:
            httpGet:
              path: /_/health
              port: http
            failureThreshold: 6
`,
    notes: "Only probes that run the same check are compared (same handler and settings once defaults are applied and named ports resolved): when liveness checks something different from readiness (a bare TCP connect against a full readiness endpoint, say), a stricter liveness can be deliberate and shipshape does not judge it. Time to give up is `failureThreshold × periodSeconds` with Kubernetes' defaults (3 and 10 seconds). Probes that are identical in effect are reported by `liveness-same-as-readiness`.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      const liveness = probeOf(ref, "livenessProbe");
      const readiness = probeOf(ref, "readinessProbe");
      if (liveness === undefined || readiness === undefined) continue;
      if (!sameProbeCheck(liveness, readiness, ref.container)) continue;
      const livenessSeconds = secondsToGiveUp(liveness);
      const readinessSeconds = secondsToGiveUp(readiness);
      if (livenessSeconds >= readinessSeconds) continue;
      const at = probeTiming(liveness, "failureThreshold").path ?? probeTiming(liveness, "periodSeconds").path ?? liveness.path;
      report({
        path: podSpecPath(podTemplate, ...at),
        message: `Container "${ref.name}" is restarted after ${livenessSeconds}s of failures but taken out of traffic only after ${readinessSeconds}s on the same check, so readiness never acts; make the livenessProbe's failureThreshold × periodSeconds larger than the readinessProbe's`,
        container: ref.name,
      });
    }
  },
});
