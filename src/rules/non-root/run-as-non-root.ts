import { asObject } from "../../model/json.js";
import { containersOf, effectiveRunAsUser, effectiveSecurityField, isWindowsPod } from "../../model/containers.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "run-as-non-root",
  practice: "non-root",
  severity: "warning",
  summary: "Containers must be guaranteed to run as a non-root user",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: [
      "A process running as root inside a container is root on the node's kernel: one kernel bug or one misconfigured mount away from owning the node and every pod on it. Images often default to root, so the only guarantee is in the pod spec.",
      "`runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root; a non-zero `runAsUser` picks the user outright. Either one, on the container or inherited from the pod's `securityContext`, satisfies this rule: shipshape resolves inheritance the way the kubelet does, so a pod-level setting is never reported as missing on each container.",
    ].join("\n\n"),
    fix: "Set `securityContext.runAsNonRoot: true` at pod level (all containers inherit it) and build the image with a non-root `USER`, or set a non-zero `runAsUser`. A container that must run as root can be exempted with a reason.",
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
          image: registry.example.com/web:1.4.2
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
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    notes: "Windows pods (`spec.os.name: windows`) have no Linux users and are skipped, and so are pods with `hostUsers: false`, whose root user is mapped to an unprivileged user of the node. An explicit `runAsUser: 0` is reported by `run-as-root-user` instead.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    const spec = podTemplate.spec;
    if (isWindowsPod(spec) || spec.hostUsers === false) return;
    for (const ref of containersOf(spec)) {
      const user = effectiveRunAsUser(spec, ref);
      if (user !== undefined && user.value > 0) continue;
      if (user !== undefined && user.value === 0) continue; // run-as-root-user reports it
      const nonRoot = effectiveSecurityField(spec, ref, "runAsNonRoot");
      if (nonRoot?.value === true) continue;
      const hasContext = asObject(ref.container.securityContext) !== undefined;
      const path = nonRoot !== undefined ? podSpecPath(podTemplate, ...nonRoot.path) : podSpecPath(podTemplate, ...ref.path, ...(hasContext ? ["securityContext"] : []));
      const message =
        nonRoot !== undefined
          ? `Container "${ref.name}" sets runAsNonRoot: false and no non-zero runAsUser, so it runs as root whenever the image does`
          : `Container "${ref.name}" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser`;
      report({ path, message, container: ref.name });
    }
  },
});
