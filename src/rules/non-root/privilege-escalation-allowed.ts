import { asArray, asObject } from "../../model/json.js";
import { containerSecurityField, containersOf, isWindowsPod } from "../../model/containers.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "privilege-escalation-allowed",
  practice: "non-root",
  severity: "warning",
  summary: "Containers must set allowPrivilegeEscalation: false",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: "Running as a non-root user is only half the protection if a process can regain root through a setuid binary (`sudo`, `su`, `ping` in older images). `allowPrivilegeEscalation: false` sets the kernel's `no_new_privs` flag so that no child process can gain more privileges than its parent. The default is to allow it.",
    fix: "Set `securityContext.allowPrivilegeEscalation: false` on every container (it has no pod-level equivalent).",
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
        allowPrivilegeEscalation: false
`,
    notes: "A privileged container, or one that adds `CAP_SYS_ADMIN`, can always escalate: setting the field to false there is rejected by the API server, and `privileged-container` or `capabilities-added` report the cause. Windows pods are skipped.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || isWindowsPod(podTemplate.spec)) return;
    for (const ref of containersOf(podTemplate.spec)) {
      const setting = containerSecurityField(ref, "allowPrivilegeEscalation");
      if (setting?.value === false) continue;
      if (containerSecurityField(ref, "privileged")?.value === true) continue;
      const added = asArray(asObject(asObject(ref.container.securityContext)?.capabilities)?.add);
      if (added.includes("SYS_ADMIN") || added.includes("CAP_SYS_ADMIN")) continue;
      const hasContext = asObject(ref.container.securityContext) !== undefined;
      const path = setting !== undefined ? setting.path : [...ref.path, ...(hasContext ? ["securityContext"] : [])];
      const message =
        setting !== undefined
          ? `Container "${ref.name}" sets allowPrivilegeEscalation: true: its processes can gain root through setuid binaries`
          : `Container "${ref.name}" does not set allowPrivilegeEscalation: false, so its processes can gain privileges through setuid binaries`;
      report({ path: podSpecPath(podTemplate, ...path), message, container: ref.name });
    }
  },
});
