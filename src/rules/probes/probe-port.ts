import { PROBE_FIELDS, portsOf, runningContainersOf } from "../../model/containers.js";
import { otherContainerDeclaring, probeOf, probePortOf } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export const probePortNameUnknown = defineObjectRule({
  id: "probe-port-name-unknown",
  practice: "probes",
  severity: "error",
  summary: "A probe's named port must be declared by its own container",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "A probe may name its port (`port: http`) instead of giving a number. The kubelet resolves the name among the ports of the probe's own container only; when no port of that container has the name, the probe cannot even be attempted, and it fails every time.",
      "A readiness probe that always fails keeps the pod out of every Service and stalls the rollout; a liveness or startup probe that always fails restarts the container forever. The usual causes are a renamed port, a typo, or a name that is declared on another container of the pod (a sidecar).",
    ].join("\n\n"),
    fix: "Declare the port with that name in the container's `ports` (`- name: http`, `containerPort: 8080`), or use the name that is declared, or the port number. gRPC probes take a number only. A port written as a quoted number (`\"8080\"`) is read as a name: remove the quotes.",
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
            - name: web
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/ready
              port: http
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
    notes: "Liveness, readiness and startup probes of app containers and sidecars are checked, in every kind of workload (a Job's probes run too). kube-linter's `liveness-port`, `readiness-port` and `startup-port` check the same; shipshape also says when the name exists on another container of the pod, and reports gRPC probes given a name.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      for (const field of PROBE_FIELDS) {
        const probe = probeOf(ref, field);
        const port = probe === undefined ? undefined : probePortOf(probe);
        if (port === undefined || typeof port.value !== "string") continue;
        const name = port.value;
        let message: string | undefined;
        if (port.handler === "grpc") {
          message = `Container "${ref.name}": the ${field} is a gRPC probe, which takes a port number, not the name "${name}"; write the number`;
        } else if (/^\d+$/.test(name)) {
          message = `Container "${ref.name}": the ${field} port "${name}" is written as a string, which Kubernetes reads as a port name; write ${name} without quotes`;
        } else if (!portsOf(ref.container).some((p) => p.name === name)) {
          const other = otherContainerDeclaring(podTemplate.spec, ref, name);
          message =
            other !== undefined
              ? `Container "${ref.name}": the ${field} uses port "${name}", which is declared on container "${other.name}", but a probe resolves names only among its own container's ports; it will always fail`
              : `Container "${ref.name}" declares no port named "${name}", so its ${field} can never succeed; declare the port or fix the name`;
        }
        if (message !== undefined) report({ path: podSpecPath(podTemplate, ...port.path), message, container: ref.name });
      }
    }
  },
});

export const probePortNotDeclared = defineObjectRule({
  id: "probe-port-not-declared",
  practice: "probes",
  severity: "warning",
  summary: "A probe's port number should be one its container declares",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "Declaring container ports is optional, so a probe on an undeclared port number works as long as the process listens there. But when a container does list its ports and the probe uses another one, the probe usually checks the wrong thing: a port that was changed in one place and not the other, an admin or metrics port instead of the serving one, or nothing at all, in which case the probe always fails.",
      "Containers of a pod share one network address, so a probe can also reach a port that belongs to another container: the check then measures the health of that other container (often a sidecar), and restarts or unroutes the wrong one.",
    ].join("\n\n"),
    fix: "Point the probe at a port the container declares (by name, so the two cannot drift apart), or declare the port the probe uses. Probe each container on its own ports.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: cache
      image: registry.example.com/cache:6.2.0
      ports:
        - name: redis
          containerPort: 6379
      livenessProbe:
        tcpSocket:
          port: 6380
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: cache
      image: registry.example.com/cache:6.2.0
      ports:
        - name: redis
          containerPort: 6379
      livenessProbe:
        tcpSocket:
          port: redis
`,
    notes: "A container that declares no ports is not reported, unless the probe's port belongs to another container of the pod: many images are probed on ports nobody bothered to declare. Liveness, readiness and startup probes (httpGet, tcpSocket and grpc) of app containers and sidecars are checked in every kind of workload.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      const declared = portsOf(ref.container);
      for (const field of PROBE_FIELDS) {
        const probe = probeOf(ref, field);
        const port = probe === undefined ? undefined : probePortOf(probe);
        if (port === undefined || typeof port.value !== "number") continue;
        const number = port.value;
        if (declared.some((p) => p.containerPort === number)) continue;
        const other = otherContainerDeclaring(podTemplate.spec, ref, number);
        let message: string | undefined;
        if (other !== undefined) {
          message = `Container "${ref.name}": the ${field} checks port ${number}, which belongs to container "${other.name}", so it measures that container's health, not this one's; probe a port of "${ref.name}"`;
        } else if (declared.length > 0) {
          const list = declared.map((p) => p.containerPort).filter((p) => p !== undefined).join(", ");
          message = `Container "${ref.name}": the ${field} checks port ${number}, which is not among the ports it declares (${list}); probe a declared port, preferably by name`;
        }
        if (message !== undefined) report({ path: podSpecPath(podTemplate, ...port.path), message, container: ref.name });
      }
    }
  },
});
