import { asObject } from "../../model/json.js";
import { containerSecurityField, containersOf, isWindowsPod } from "../../model/containers.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "read-only-root-filesystem",
  practice: "non-root",
  severity: "warning",
  summary: "Containers should run with a read-only root filesystem",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: "A writable root filesystem lets an intruder drop tools and binaries into the container and modify the application itself. With `readOnlyRootFilesystem: true` the image stays as built; the application writes only where a volume (an `emptyDir` for `/tmp`, a persistent volume for data) says it may.",
    fix: "Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` at each path the application writes to (`/tmp`, caches).",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`,
    notes: "Windows pods are skipped: Windows containers do not support a read-only root filesystem.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || isWindowsPod(podTemplate.spec)) return;
    for (const ref of containersOf(podTemplate.spec)) {
      const setting = containerSecurityField(ref, "readOnlyRootFilesystem");
      if (setting?.value === true) continue;
      const path = setting?.path ?? [...ref.path, ...(asObject(ref.container.securityContext) !== undefined ? ["securityContext"] : [])];
      report({ path: podSpecPath(podTemplate, ...path), message: `Container "${ref.name}" can write to its root filesystem: set readOnlyRootFilesystem: true and mount volumes where it writes`, container: ref.name });
    }
  },
});
