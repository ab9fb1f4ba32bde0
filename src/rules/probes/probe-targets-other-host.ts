import { asString } from "../../model/json.js";
import { PROBE_FIELDS, handlerOf, runningContainersOf } from "../../model/containers.js";
import { LOOPBACK_HOSTS, probeOf } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "probe-targets-other-host",
  practice: "probes",
  severity: "warning",
  summary: "Probes should check the container itself, not another host",
  docs: {
    seed: "1.3 Liveness readiness",
    why: [
      "A probe is meant to report the health of its own container. The `host` field of an `httpGet` or `tcpSocket` probe sends it somewhere else: the kubelet connects to that host instead of the pod's IP. The probe then measures another service (a database, an API, a shared gateway), and when that service has a bad minute, every pod that probes it fails at once: readiness empties the Service of all its pods, liveness restarts them all, and one outage cascades into many. Probes must not depend on the services an application calls.",
      "`host: localhost` (or `127.0.0.1`) is a special trap: the kubelet resolves it on the node, not inside the pod, so unless the pod uses the host network the probe checks whatever listens on the node.",
    ].join("\n\n"),
    fix: "Remove `host` so the probe connects to the pod's IP, and let the container's own health endpoint decide whether it is healthy without calling its dependencies. To send a virtual-host name, set an `httpHeaders` entry named `Host` instead.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  selector:
    matchLabels: {app: orders}
  template:
    metadata:
      labels: {app: orders}
    spec:
      containers:
        - name: orders
          image: registry.example.com/orders:2.4.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              host: payments.shop.svc.cluster.local
              path: /healthz
              port: 8080
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  selector:
    matchLabels: {app: orders}
  template:
    metadata:
      labels: {app: orders}
    spec:
      containers:
        - name: orders
          image: registry.example.com/orders:2.4.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /_/ready
              port: http
`,
    notes: [
      "Pods with `hostNetwork: true` may probe `localhost`, `127.0.0.1` or `::1`, which is then the pod itself. gRPC probes have no host field.",
      "An `exec` probe can call anything (`curl http://db:5432`, a script that queries the database), and a health endpoint can call dependencies in its code; neither can be seen from a manifest, so shipshape does not pretend to check them. Review exec probes that run network clients by hand.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    const hostNetwork = podTemplate.spec.hostNetwork === true;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      for (const field of PROBE_FIELDS) {
        const probe = probeOf(ref, field);
        const handler = probe === undefined ? undefined : handlerOf(probe.probe);
        if (probe === undefined || handler === undefined || (handler.type !== "httpGet" && handler.type !== "tcpSocket")) continue;
        const host = asString(handler.spec.host)?.trim();
        if (host === undefined || host === "") continue;
        const loopback = LOOPBACK_HOSTS.has(host.toLowerCase());
        if (loopback && hostNetwork) continue;
        const message = loopback
          ? `Container "${ref.name}": the ${field} connects to "${host}", which the kubelet resolves on the node, not in the pod; remove host so the probe reaches the container`
          : `Container "${ref.name}": the ${field} connects to host "${host}" instead of the container, so another service's outage fails this container too; remove host and probe the container itself`;
        report({ path: podSpecPath(podTemplate, ...probe.path, handler.type, "host"), message, container: ref.name });
      }
    }
  },
});
