import { parsePodSecurityVersion } from "../../model/pod-security/index.js";
import { defineObjectRule } from "../rule.js";
import { describeViolations, evaluateTemplate, levelAndVersion, MODERN_EQUIVALENT, SEED_SECTION, VERSION_OPTION_SCHEMA, violationPath, type VersionOption } from "./shared.js";

export default defineObjectRule<VersionOption>({
  id: "pod-security-restricted",
  practice: "pod-security",
  severity: "warning",
  summary: "Pods should meet the restricted Pod Security Standard",
  options: { schema: VERSION_OPTION_SCHEMA, defaults: { version: "latest" } },
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "The restricted level adds today's hardening on top of baseline: containers run as non-root, cannot escalate privileges, drop every capability (adding back at most `NET_BIND_SERVICE`), use the `RuntimeDefault` or a `Localhost` seccomp profile, and mount only ordinary volume types. It is the level to aim for in application namespaces.",
    ].join("\n\n"),
    fix: "Apply the settings the message lists. A pod-level `securityContext` with `runAsNonRoot: true` and `seccompProfile: {type: RuntimeDefault}`, plus `allowPrivilegeEscalation: false` and `capabilities: {drop: [ALL]}` on each container, satisfies most workloads.",
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
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
`,
    notes: "One finding per pod (not per setting): the non-root rules already point at each setting, and this rule answers a different question, whether the pod would be admitted in a namespace that enforces `restricted`. The message lists the restricted checks that fail, in the admission plugin's wording; baseline failures are reported by `pod-security-baseline`. The finding points at the first failing field.",
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined) return;
    const version = parsePodSecurityVersion(options.version) ?? "latest";
    const violations = evaluateTemplate(podTemplate, "restricted", version).filter((v) => v.level === "restricted");
    const first = violations[0];
    if (first === undefined) return;
    report({
      path: violationPath(podTemplate, first),
      message: `Would violate PodSecurity ${levelAndVersion("restricted", version)}: ${describeViolations(violations)}`,
    });
  },
});
