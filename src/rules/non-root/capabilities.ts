import { asArray, asObject } from "../../model/json.js";
import { containersOf, isWindowsPod, type ContainerRef } from "../../model/containers.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

function capabilitiesOf(ref: ContainerRef) {
  const context = asObject(ref.container.securityContext);
  const capabilities = asObject(context?.capabilities);
  return { context, capabilities, add: asArray(capabilities?.add), drop: asArray(capabilities?.drop) };
}

/** Capabilities whose holder can take over the node or the network; worth naming in the message. */
const DANGEROUS = new Set(["ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF", "PERFMON", "SYS_BOOT", "SYS_TIME", "MKNOD", "NET_RAW", "SETUID", "SETGID", "DAC_OVERRIDE", "CHOWN", "FOWNER"]);

export const capabilitiesNotDropped = defineObjectRule({
  id: "capabilities-not-dropped",
  practice: "non-root",
  severity: "warning",
  summary: "Containers must drop ALL Linux capabilities",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: "Container runtimes grant a default set of about fourteen capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, …) that most applications never use and that make escapes and network spoofing easier. Dropping `ALL` and adding back only what is needed is the least-privilege default the restricted Pod Security Standard requires.",
    fix: "Add `capabilities: {drop: [ALL]}` to each container's `securityContext`, and add back only what the process needs (usually nothing, or `NET_BIND_SERVICE` to bind a port below 1024).",
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
        capabilities:
          drop: [ALL]
`,
    notes: "Only the literal `ALL` counts, as in the restricted Pod Security Standard. Windows pods are skipped.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || isWindowsPod(podTemplate.spec)) return;
    for (const ref of containersOf(podTemplate.spec)) {
      const { context, capabilities, drop } = capabilitiesOf(ref);
      if (drop.includes("ALL")) continue;
      const path = [...ref.path, ...(context === undefined ? [] : capabilities === undefined ? ["securityContext"] : asObject(capabilities)?.drop === undefined ? ["securityContext", "capabilities"] : ["securityContext", "capabilities", "drop"])];
      report({ path: podSpecPath(podTemplate, ...path), message: `Container "${ref.name}" keeps the runtime's default capabilities: drop ALL and add back only what it needs`, container: ref.name });
    }
  },
});

export const capabilitiesAdded = defineObjectRule({
  id: "capabilities-added",
  practice: "non-root",
  severity: "warning",
  summary: "Containers should add no capability beyond NET_BIND_SERVICE",
  docs: {
    seed: "1.5 Do not use root user in your containers",
    why: "Each added capability is a slice of root. Some are root outright: `SYS_ADMIN` allows mounting filesystems and much more, `NET_ADMIN` reconfigures the pod's network, `SYS_PTRACE` reads other processes' memory. Only `NET_BIND_SERVICE` (binding ports below 1024) is harmless enough to be allowed by the restricted Pod Security Standard.",
    fix: "Remove the added capabilities, or move the work that needs them into a separate, exempted component (a node agent, an init step with its own narrow permissions).",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: vpn
spec:
  containers:
    - name: vpn
      image: registry.example.com/vpn:5.0.0
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_ADMIN, SYS_ADMIN]
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: vpn
spec:
  containers:
    - name: vpn
      image: registry.example.com/vpn:5.0.0
      securityContext:
        capabilities:
          drop: [ALL]
`,
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined || isWindowsPod(podTemplate.spec)) return;
    for (const ref of containersOf(podTemplate.spec)) {
      const { add } = capabilitiesOf(ref);
      add.forEach((capability, index) => {
        if (typeof capability !== "string" || capability === "NET_BIND_SERVICE") return;
        const name = capability.replace(/^CAP_/, "");
        const danger = DANGEROUS.has(name.toUpperCase()) ? " (enough to take over the node or the pod network)" : "";
        report({
          path: podSpecPath(podTemplate, ...ref.path, "securityContext", "capabilities", "add", index),
          message: `Container "${ref.name}" adds capability ${capability}${danger}`,
          container: ref.name,
        });
      });
    }
  },
});
