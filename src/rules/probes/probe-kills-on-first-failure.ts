import { runningContainersOf } from "../../model/containers.js";
import { probeOf, probeTiming } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "probe-kills-on-first-failure",
  practice: "probes",
  severity: "warning",
  summary: "Liveness and startup probes should tolerate more than one failure",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "A failed liveness or startup probe is not a warning: once `failureThreshold` attempts in a row fail, the kubelet kills the container. With `failureThreshold: 1` a single late answer is enough: a garbage-collection pause, a burst of traffic, a slow disk, a node under pressure. The container is restarted while it was working, the requests it was serving are lost, and its replacement starts cold, under the same load.",
      "For a startup probe it is worse still: a startup probe is expected to fail until the application is up, so with a threshold of 1 the container is killed at the first attempt that comes before the application is ready, and never gets to finish starting.",
    ].join("\n\n"),
    fix: "Leave `failureThreshold` at its default of 3 or raise it. For a startup probe, choose `failureThreshold × periodSeconds` to cover the slowest start you expect.",
    before: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:1.9.0
          livenessProbe:
            httpGet:
              path: /_/healthz
              port: 9000
            failureThreshold: 1
`,
    after: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:1.9.0
          livenessProbe:
            httpGet:
              path: /_/healthz
              port: 9000
            failureThreshold: 3
`,
    notes: "Readiness probes are not checked: a readiness failure only pauses traffic until the next success, so a threshold of 1 can be a deliberate choice. Checked on app containers and sidecars of every workload class.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      for (const field of ["livenessProbe", "startupProbe"] as const) {
        const probe = probeOf(ref, field);
        if (probe === undefined) continue;
        const threshold = probeTiming(probe, "failureThreshold");
        if (threshold.path === undefined || threshold.value !== 1) continue;
        const message =
          field === "livenessProbe"
            ? `Container "${ref.name}" is restarted after a single failed livenessProbe: one slow answer under load is enough; set failureThreshold to 3 or more`
            : `Container "${ref.name}" is killed by the first failed startupProbe, so it must be up by the first check; set failureThreshold so failureThreshold × periodSeconds covers its slowest start`;
        report({ path: podSpecPath(podTemplate, ...threshold.path), message, container: ref.name });
      }
    }
  },
});
