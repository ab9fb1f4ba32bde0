import { asObject } from "../../model/json.js";
import { portsOf, runningContainersOf } from "../../model/containers.js";
import { preStopOf } from "../../model/lifecycle.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "prestop-hook-missing",
  practice: "graceful-shutdown",
  severity: "warning",
  summary: "Containers that serve traffic should delay shutdown with a preStop hook",
  docs: {
    seed: "1.1 12-factor",
    why: [
      "Stopping a pod sets two things in motion at the same time: the kubelet starts stopping the containers, and the control plane removes the pod from its Services' endpoints. The second one reaches kube-proxy on every node, ingress controllers, cloud load balancers and service meshes only after a delay, often a few seconds. During that window traffic is still routed to the pod.",
      "A container that exits as soon as it receives SIGTERM, as most servers do, refuses or resets those connections: every rolling update and scale-down shows up as a burst of errors for clients. A graceful shutdown for a server therefore starts with a short pause in which it keeps serving while the rest of the cluster stops sending it traffic, and the simplest place for that pause is a preStop hook: SIGTERM is sent only when the hook returns.",
    ].join("\n\n"),
    fix: "Add a short preStop delay, and keep it well below `terminationGracePeriodSeconds`. On Kubernetes 1.30 or later use the native sleep action, which needs nothing in the image; on older clusters use `exec: {command: [\"sleep\", \"5\"]}` (the image must have a `sleep` binary). If the application itself keeps serving for a few seconds after SIGTERM before it closes its listener, it does not need the hook: exempt the container and say so.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.8.0
          ports:
            - containerPort: 8080
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.8.0
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
    notes: [
      "Only containers that declare `ports` are checked (a container without ports is not the target of a Service, so there is nothing to drain), and only app containers and sidecars of long-running workloads: Jobs, CronJobs, Pods that are not restarted and plain init containers are skipped. Any preStop hook counts, whatever it does: shipshape does not guess whether an `httpGet` or a script drains connections.",
      "Sidecars (init containers with `restartPolicy: Always`) receive SIGTERM only after all app containers have exited, so a preStop delay on any app container keeps them serving too; a serving sidecar is reported only when no container of the pod has a preStop hook.",
      "Declaring a port does not prove that a Service sends traffic to it (a metrics port, for example); exempt such containers. Datree, now discontinued, was the only peer tool with a preStop check, and it asked for a hook on every container.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || podTemplate.workloadClass !== "long-running") return;
    const running = runningContainersOf(podTemplate.spec);
    // Sidecars get SIGTERM only after every app container has exited, so an app's preStop delay covers them too.
    const appDelays = running.some((ref) => ref.role === "app" && preStopOf(ref.container) !== undefined);
    for (const ref of running) {
      if (portsOf(ref.container).length === 0 || preStopOf(ref.container) !== undefined) continue;
      if (ref.role === "sidecar" && appDelays) continue;
      const hasLifecycle = asObject(ref.container.lifecycle) !== undefined;
      const message =
        ref.role === "sidecar"
          ? `Sidecar "${ref.name}" serves ports but neither it nor any app container has a preStop hook: it is stopped as soon as the app containers exit, while Services may still route to it; add a short preStop sleep`
          : `Container "${ref.name}" serves ports but has no preStop hook: it may stop before Services stop routing to it and drop connections; add a short preStop sleep`;
      report({ path: podSpecPath(podTemplate, ...ref.path, ...(hasLifecycle ? ["lifecycle"] : [])), message, container: ref.name });
    }
  },
});
