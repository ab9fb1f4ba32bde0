import { containerSecurityField, containersOf } from "../../model/containers.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "privileged-container",
  practice: "non-root",
  severity: "error",
  summary: "Containers must not run privileged",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: "A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement: it is root on the node in all but name, whatever user it runs as. It is the single setting that turns any container bug into a node compromise.",
    fix: "Remove `privileged: true`. If the workload needs one specific power (binding a low port, changing the network), add only that capability; node agents that truly need privilege belong in a dedicated, exempted namespace.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: registry.example.com/agent:3.1.0
      securityContext:
        privileged: true
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: registry.example.com/agent:3.1.0
      securityContext:
        privileged: false
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE]
`,
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of containersOf(podTemplate.spec)) {
      const privileged = containerSecurityField(ref, "privileged");
      if (privileged?.value !== true) continue;
      report({ path: podSpecPath(podTemplate, ...privileged.path), message: `Container "${ref.name}" runs privileged: it has full access to the node`, container: ref.name });
    }
  },
});
