import { runningContainersOf } from "../../model/containers.js";
import { probeOf, servesPorts } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "readiness-probe-missing",
  practice: "probes",
  severity: "warning",
  summary: "Containers that serve traffic need a readiness probe",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "A readiness probe is how a container tells Kubernetes whether it can take traffic right now. Without one, the container counts as ready the moment its process starts: Services route requests to it while it is still loading configuration, warming caches or connecting to its database, and keep routing to it when it is overloaded or stuck. Readiness also paces rolling updates (the next old pod is stopped only when a new one is ready) and decides which pods a PodDisruptionBudget counts as available.",
      "A container that has a liveness probe but no readiness probe is a common half-measure: Kubernetes will eventually restart it when it breaks, but sends it traffic the whole time until then, including during every start.",
    ].join("\n\n"),
    fix: "Add a `readinessProbe` that answers quickly from the container itself, typically an HTTP endpoint such as `/_/ready` or `/readyz` on the serving port (or `tcpSocket`/`grpc` when there is no HTTP). It should fail while the container cannot serve, and should not call the services it depends on.",
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
              path: /_/ready
              port: http
`,
    notes: [
      "Checked on containers that declare at least one port (what a Service can route to): app containers and sidecars (init containers with `restartPolicy: Always`, whose readiness counts toward the pod's) of long-running workloads. Jobs, CronJobs and Pods that are not restarted run to completion and are not checked; neither are plain init containers, which cannot have probes.",
      "kube-score asks for probes only when it sees a Service selecting the pod, which misses Services kept in another repository; Polaris asks on every container, workers included. Declaring a port is the signal shipshape uses; a container whose port only exposes metrics can be exempted.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || podTemplate.workloadClass !== "long-running") return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      if (!servesPorts(ref.container) || probeOf(ref, "readinessProbe") !== undefined) continue;
      const message =
        probeOf(ref, "livenessProbe") !== undefined
          ? `Container "${ref.name}" has a livenessProbe but no readinessProbe: it gets traffic while starting and while failing, until liveness restarts it; add a readinessProbe`
          : `Container "${ref.name}" serves ports but has no readinessProbe: Services send it traffic before it is ready and while it cannot answer; add a readinessProbe`;
      report({ path: podSpecPath(podTemplate, ...ref.path), message, container: ref.name });
    }
  },
});
