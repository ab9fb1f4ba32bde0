import { asNumber } from "../../model/json.js";
import { runningContainersOf } from "../../model/containers.js";
import { probeOf } from "../../model/probes.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "probe-success-threshold-not-one",
  practice: "probes",
  severity: "error",
  summary: "Liveness and startup probes must have successThreshold 1",
  docs: {
    seed: "1.3 Liveness readiness",
    why: "`successThreshold` says how many successes in a row turn a failing probe back to passing. It is meaningful for readiness, where a flapping container can be kept out of traffic until it has been stable for a while. For liveness and startup probes there is nothing to turn back: a failure ends in a restart, a startup success ends the startup probe. The API server therefore accepts only 1 for them and rejects the whole object (the Deployment, the Pod) otherwise, so the manifest cannot be applied.",
    fix: "Remove `successThreshold` from the liveness or startup probe (it defaults to 1). To keep a flapping container out of traffic longer, set `successThreshold` on its readiness probe instead.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:4.1.0
      livenessProbe:
        httpGet:
          path: /_/healthz
          port: 8080
        successThreshold: 2
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:4.1.0
      livenessProbe:
        httpGet:
          path: /_/healthz
          port: 8080
`,
    notes: "Reported here because offline schema validation does not catch it: the OpenAPI schema allows any integer, and only the API server's validation code rejects it. A value of 0 is not reported, since Kubernetes replaces 0 by the default of 1.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      for (const field of ["livenessProbe", "startupProbe"] as const) {
        const probe = probeOf(ref, field);
        const value = asNumber(probe?.probe.successThreshold);
        if (probe === undefined || value === undefined || value === 0 || value === 1) continue;
        report({
          path: podSpecPath(podTemplate, ...probe.path, "successThreshold"),
          message: `Container "${ref.name}": the ${field} has successThreshold ${value}, but Kubernetes accepts only 1 for ${field === "livenessProbe" ? "liveness" : "startup"} probes and will reject this manifest; remove it`,
          container: ref.name,
        });
      }
    }
  },
});
