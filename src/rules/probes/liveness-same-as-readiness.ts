import { runningContainersOf } from "../../model/containers.js";
import { probeOf, sameProbeCheck, probeTiming, secondsToGiveUp } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "liveness-same-as-readiness",
  practice: "probes",
  severity: "info",
  summary: "A liveness probe identical to the readiness probe restarts containers that are only busy",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "Using the same check for liveness and readiness is often fine, and this rule is only a note. The two probes answer different questions, though: readiness asks \"can you take a request now?\", liveness asks \"are you still working at all?\". A container can be busy without being broken.",
      "The seed's example is a single-threaded server (PHP, a Node.js process blocked on a heavy computation, a Python worker with one thread): while it handles one long request it cannot answer the health endpoint. It is not ready, and readiness should take it out of traffic, but it is alive, and it will be ready again in a moment. With identical probes, liveness fails at exactly the same moment and restarts it, throwing away the request in flight and often causing a chain of restarts under load.",
    ].join("\n\n"),
    fix: "Keep the check if it is cheap, but make liveness more patient than readiness: a higher `failureThreshold` (or `periodSeconds`, or `timeoutSeconds`), so a busy container is first taken out of traffic and is restarted only if it does not recover. Better still, point liveness at an endpoint that only proves the process is responsive (`/_/healthz`) and readiness at one that says whether it can serve (`/_/ready`).",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: php
          image: registry.example.com/shop-php:8.3.4
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/health
              port: http
          livenessProbe:
            httpGet:
              path: /_/health
              port: http
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: php
          image: registry.example.com/shop-php:8.3.4
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/health
              port: http
          livenessProbe:
            httpGet:
              path: /_/health
              port: http
            failureThreshold: 6
`,
    notes: [
      "Two probes count as identical when they run the same check (the same handler and settings, after Kubernetes' defaults are applied and named ports are resolved: `port: http` and `port: 8080` are the same when `http` is 8080) and give up after the same time (`failureThreshold × periodSeconds`) with the same `timeoutSeconds`. The initial delay does not matter here. When the same check gives up *sooner* for liveness than for readiness, `liveness-fails-before-readiness` reports it instead, as a warning.",
      "kube-score's `pod-probes-identical` is the only peer check of this kind; it reports identical probes as a problem, shipshape only as information, since the setup is often acceptable.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      const liveness = probeOf(ref, "livenessProbe");
      const readiness = probeOf(ref, "readinessProbe");
      if (liveness === undefined || readiness === undefined) continue;
      if (!sameProbeCheck(liveness, readiness, ref.container)) continue;
      if (secondsToGiveUp(liveness) !== secondsToGiveUp(readiness)) continue;
      if (probeTiming(liveness, "timeoutSeconds").value !== probeTiming(readiness, "timeoutSeconds").value) continue;
      report({
        path: podSpecPath(podTemplate, ...liveness.path),
        message: `Container "${ref.name}" uses the same check for liveness and readiness: if it can be busy but alive (a single-threaded server on a long request), liveness restarts it when readiness should only pause its traffic; give liveness a higher failureThreshold or its own endpoint`,
        container: ref.name,
      });
    }
  },
});
