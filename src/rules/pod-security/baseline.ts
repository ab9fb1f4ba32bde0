import { parsePodSecurityVersion } from "../../model/pod-security/index.js";
import { defineObjectRule } from "../rule.js";
import { containerOfViolation, describeViolations, evaluateTemplate, levelAndVersion, MODERN_EQUIVALENT, SEED_SECTION, VERSION_OPTION_SCHEMA, violationPath, type VersionOption } from "./shared.js";

export default defineObjectRule<VersionOption>({
  id: "pod-security-baseline",
  practice: "pod-security",
  severity: "error",
  summary: "Pods must meet the baseline Pod Security Standard",
  options: { schema: VERSION_OPTION_SCHEMA, defaults: { version: "latest" } },
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "The baseline level forbids the settings that let a pod break out to its node: host namespaces, `hostPath` volumes, host ports, privileged containers, added capabilities beyond the default set, unsafe sysctls, disabling AppArmor or seccomp, custom SELinux users and roles, unmasked `/proc`, Windows host processes and probes aimed at other hosts. A pod that fails it is one bug away from compromising the node, and most clusters enforce at least this level.",
    ].join("\n\n"),
    fix: "Remove the settings named in the message. Workloads that genuinely need them (node agents, CNI plugins) belong in a namespace labelled `pod-security.kubernetes.io/enforce: privileged` that only platform administrators can deploy to, with an exemption here.",
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
      hostNetwork: true
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
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    notes: "One finding per violated check, at the offending field, with the admission plugin's own wording. Conformance: the evaluator agrees with all 4,537 fixtures of kubernetes/pod-security-admission, at every level and version. Several non-root rules report the same settings with more advice; `pod-security-namespace-enforce` tells you when a namespace of the run would reject the pod.",
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined) return;
    const version = parsePodSecurityVersion(options.version) ?? "latest";
    for (const violation of evaluateTemplate(podTemplate, "baseline", version)) {
      const container = containerOfViolation(podTemplate, violation);
      report({
        path: violationPath(podTemplate, violation),
        message: `Violates PodSecurity ${levelAndVersion("baseline", version)}: ${describeViolations([violation])}`,
        ...(container !== undefined ? { container } : {}),
      });
    }
  },
});
