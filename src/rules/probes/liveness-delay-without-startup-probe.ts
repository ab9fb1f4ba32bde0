import { runningContainersOf } from "../../model/containers.js";
import { probeOf, probeTiming } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export interface LivenessDelayOptions {
  readonly slowStartSeconds: number;
}

export default defineObjectRule<LivenessDelayOptions>({
  id: "liveness-delay-without-startup-probe",
  practice: "probes",
  severity: "info",
  summary: "Slow-starting containers should use a startupProbe instead of a long liveness delay",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "A long `initialDelaySeconds` on a liveness probe is a guess at how long the container takes to start. Guess too short and a start that happens to be slow (a cold cache, a busy node, a large migration) is killed by liveness before it finishes, again and again: a restart loop that only shows up in production. Guess long, and the delay is paid in full on every start, even when the application was up in a few seconds.",
      "A `startupProbe` replaces the guess with a measurement: liveness and readiness are held off until the startup probe succeeds once, which can take anywhere up to `failureThreshold × periodSeconds`, and then liveness takes over at its normal pace. Slow starts get all the time they need and fast starts lose none.",
    ].join("\n\n"),
    fix: "Add a `startupProbe` with the same check as the liveness probe, a short `periodSeconds` and a `failureThreshold` such that `failureThreshold × periodSeconds` covers the slowest start you expect, and remove the liveness probe's `initialDelaySeconds`.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
spec:
  selector:
    matchLabels: {app: ledger}
  template:
    metadata:
      labels: {app: ledger}
    spec:
      containers:
        - name: ledger
          image: registry.example.com/ledger:3.0.2
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/ready
              port: http
          livenessProbe:
            httpGet:
              path: /_/healthz
              port: http
            initialDelaySeconds: 120
            failureThreshold: 6
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
spec:
  selector:
    matchLabels: {app: ledger}
  template:
    metadata:
      labels: {app: ledger}
    spec:
      containers:
        - name: ledger
          image: registry.example.com/ledger:3.0.2
          ports:
            - name: http
              containerPort: 8080
          startupProbe:
            httpGet:
              path: /_/healthz
              port: http
            periodSeconds: 5
            failureThreshold: 60
          readinessProbe:
            httpGet:
              path: /_/ready
              port: http
          livenessProbe:
            httpGet:
              path: /_/healthz
              port: http
            failureThreshold: 6
`,
    notes: "Only liveness delays count: a long readiness delay merely postpones traffic and cannot cause a restart loop. A container without a liveness probe needs no startup probe, since nothing would kill it while it starts. Startup probes are on by default since Kubernetes 1.18 and stable since 1.20. Checked on app containers and sidecars of every workload class.",
  },
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        slowStartSeconds: {
          type: "integer",
          minimum: 1,
          description: "A liveness probe's initialDelaySeconds at or above which the container counts as a slow starter that should have a startupProbe.",
        },
      },
    },
    defaults: { slowStartSeconds: 30 },
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      const liveness = probeOf(ref, "livenessProbe");
      if (liveness === undefined || probeOf(ref, "startupProbe") !== undefined) continue;
      const delay = probeTiming(liveness, "initialDelaySeconds");
      if (delay.path === undefined || delay.value < options.slowStartSeconds) continue;
      report({
        path: podSpecPath(podTemplate, ...delay.path),
        message: `Container "${ref.name}" waits ${delay.value}s before its first liveness check: use a startupProbe instead, so a slower start is not killed and a faster one is not held back`,
        container: ref.name,
      });
    }
  },
});
