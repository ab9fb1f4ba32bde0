import { containersOf, effectiveRunAsUser, effectiveSecurityField, isWindowsPod } from "../../model/containers.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "run-as-root-user",
  practice: "non-root",
  severity: "error",
  summary: "Containers must not be set to run as user 0",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: "`runAsUser: 0` asks for root explicitly, overriding whatever user the image was built with. A root process in a container shares the node's kernel with root privileges, so a container escape becomes a node compromise. Combined with `runAsNonRoot: true` the setting is contradictory and the kubelet refuses to start the container.",
    fix: "Remove `runAsUser: 0` (and build the image with a non-root `USER`), or set a non-zero user id. The setting is inherited from the pod's `securityContext` when the container has none of its own.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: tool
      image: registry.example.com/tool:2.0.1
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  securityContext:
    runAsUser: 10001
    runAsNonRoot: true
  containers:
    - name: tool
      image: registry.example.com/tool:2.0.1
`,
    notes: "Pods with `hostUsers: false` run in a user namespace where user 0 is not root on the node; they are reported only when `runAsNonRoot: true` contradicts the user, since that container cannot start at all.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    const spec = podTemplate.spec;
    if (isWindowsPod(spec)) return;
    for (const ref of containersOf(spec)) {
      const user = effectiveRunAsUser(spec, ref);
      if (user === undefined || user.value !== 0) continue;
      const nonRoot = effectiveSecurityField(spec, ref, "runAsNonRoot");
      const path = podSpecPath(podTemplate, ...user.path);
      if (nonRoot?.value === true) {
        report({ path, message: `Container "${ref.name}" sets runAsUser: 0 together with runAsNonRoot: true: the kubelet will refuse to start it`, container: ref.name });
      } else if (spec.hostUsers !== false) {
        report({ path, message: `Container "${ref.name}" runs as root (runAsUser: 0)`, container: ref.name });
      }
    }
  },
});
