import { asArray, asObject } from "../../model/json.js";
import { memoizeText } from "../../model/memo.js";
import { findNamedPort, isValidPortName, readServicePort, type ServicePortView } from "../../model/network-policy.js";
import type { IndexedResource } from "../../model/resource-index.js";
import { defineIndexRule } from "../rule.js";
import { compareResources, describeResource, OPERATOR_KINDS, SEED_SECTION, selectingServices } from "./shared.js";

/** Port names repeat across thousands of Services: judge each once. */
const nameForm = memoizeText((name: string): "digits" | "invalid" | "ok" => (/^\d+$/.test(name) ? "digits" : isValidPortName(name) ? "ok" : "invalid"));

function describePort(port: ServicePortView): string {
  return port.name !== undefined ? `port "${port.name}"` : `port ${port.port ?? `#${port.index}`}`;
}

function describeWorkloads(selected: readonly IndexedResource[]): string {
  const named = selected.slice(0, 3).map(describeResource).join(", ");
  return selected.length > 3 ? `${named} and ${selected.length - 3} more` : named;
}

export const serviceTargetPortUnknown = defineIndexRule({
  id: "service-target-port-unknown",
  practice: "network-policy",
  severity: "error",
  summary: "A Service's named targetPort must be declared by the containers of the pods it selects",
  needs: { kinds: ["Service", ...OPERATOR_KINDS], workloads: true, paths: [0, 1, 2].map((i) => ["spec", "ports", i, "targetPort"]) },
  docs: {
    seed: `${SEED_SECTION} (pod-to-Service communication)`,
    why: "A Service port may target a container port by name (`targetPort: http`). The endpoints controller looks the name up in each selected pod, among the ports of its containers (and sidecars) that have that name and the Service port's protocol. A pod without such a port is no endpoint for that Service port: when none of the selected pods has it, the port has no endpoints at all, and clients are refused although the pods run and are ready.",
    fix: "Name the container port as the Service expects (`ports: [{name: http, containerPort: 8080}]`), or make `targetPort` the name that is declared, or the port number. A port number written in quotes (`\"8080\"`) is read as a name and refused by the API server: remove the quotes.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          ports:
            - name: web
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
`,
    notes: [
      "Judged only for Services whose selector matches pod templates in the input, and reported only when none of the selected workloads declares the name with the right protocol (so a Service that also reaches a canary or another version is not reported while one of them has the port). When the name exists with another protocol (a UDP `dns` port for a TCP Service port), the message says so: the lookup needs both to match.",
      "A numeric `targetPort` that no container declares is not reported: declaring container ports is informational, and the traffic still arrives. Init containers do not count (they are gone when traffic arrives); sidecars (init containers with `restartPolicy: Always`) do, as in the endpoints controller. Namespaces holding custom resources whose operators run pods are skipped, as those pods may carry the port.",
      "kube-linter's `invalid-target-ports` checks only the syntax of the name; kube-score's `service-targets-pod` only the selector.",
    ].join("\n\n"),
  },
  reportsOn: ["Service"],
  check({ index, report }) {
    for (const service of selectingServices(index)) {
      const { resource, spec } = service;
      if (service.selected.length === 0) continue;
      // Messages name the selected workloads in input order.
      const selected = service.selected.length === 1 ? service.selected : [...service.selected].sort(compareResources);
      const items = asArray(spec.ports);
      for (let i = 0; i < items.length; i++) {
        const name = asObject(items[i])?.targetPort;
        if (typeof name !== "string") continue;
        const port = readServicePort(items[i], i);
        if (port === undefined) continue;
        const path = ["spec", "ports", i, "targetPort"];
        const service = `Service "${resource.name ?? ""}" ${describePort(port)}`;
        const form = nameForm(name);
        if (form === "digits") {
          report({ resource, path, message: `${service} has targetPort "${name}" written as a string, which is read as a port name and refused by the API server (a name needs a letter); write ${name} without quotes` });
          continue;
        }
        if (form === "invalid") {
          report({ resource, path, message: `${service} has targetPort "${name}", which is not a valid port name (lowercase letters, digits and single hyphens, at most 15 characters): the API server refuses the Service` });
          continue;
        }
        let otherProtocol: string | undefined;
        let found = false;
        for (const workload of selected) {
          if (workload.workload === undefined) continue;
          const match = findNamedPort(workload.workload, name, port.protocol);
          if (match.found) {
            found = true;
            break;
          }
          otherProtocol ??= match.otherProtocol;
        }
        if (found) continue;
        const protocolNote = otherProtocol !== undefined ? ` (the name is declared with protocol ${otherProtocol}, and the lookup needs both to match)` : "";
        report({
          resource,
          path,
          message: `${service} targets the container port named "${name}", but no container of the pods it selects (${describeWorkloads(selected)}) declares a ${port.protocol} port with that name${protocolNote}: the Service has no endpoints for this port`,
        });
      }
    }
  },
});
