import { runningContainersOf } from "../../model/containers.js";
import { probeOf, servesPorts } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "liveness-probe-missing",
  practice: "probes",
  severity: "warning",
  summary: "Containers that serve traffic should have a liveness probe",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "The kubelet restarts a container whose process exits, but not one whose process is still there and no longer works: a deadlock, an exhausted thread pool, an event loop stuck on a bad request. A liveness probe is the only way Kubernetes notices that state and restarts the container.",
      "For a server this matters more than for anything else: with only a readiness probe, a hung server is taken out of traffic and stays out for good, so the Deployment quietly runs with fewer working replicas than it claims, and nothing restarts it.",
    ].join("\n\n"),
    fix: "Add a `livenessProbe` that checks only that the process itself can still answer (a cheap `/_/healthz` that touches no database or downstream service), and make it more tolerant than the readiness probe (a higher `failureThreshold`), so that a busy container is first taken out of traffic and only restarted if it does not recover. If the application exits by itself whenever it is broken, a liveness probe adds little: exempt the container and say so.",
    before: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: search
spec:
  serviceName: search
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/search:7.2.0
          ports:
            - name: http
              containerPort: 9200
          readinessProbe:
            httpGet:
              path: /_/ready
              port: http
`,
    after: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: search
spec:
  serviceName: search
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/search:7.2.0
          ports:
            - name: http
              containerPort: 9200
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
    notes: [
      "Scope: app containers and sidecars of long-running workloads that declare at least one port, the same containers `readiness-probe-missing` checks. Workers without ports are not checked: whether a hung worker can be detected at all depends on the program (an exec probe that checks a heartbeat file, for example), and a liveness probe that cannot really tell is worse than none, because it restarts healthy containers under load. Batch workloads and plain init containers are never checked.",
      "Polaris asks for a liveness probe on every container, and kube-score only when a Service in the same input selects the pod; shipshape takes the middle path to avoid reporting workers that have no way to be probed.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || podTemplate.workloadClass !== "long-running") return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      if (!servesPorts(ref.container) || probeOf(ref, "livenessProbe") !== undefined) continue;
      report({
        path: podSpecPath(podTemplate, ...ref.path),
        message: `Container "${ref.name}" serves ports but has no livenessProbe: if it hangs without exiting, nothing restarts it; add a livenessProbe that checks only the process itself`,
        container: ref.name,
      });
    }
  },
});
