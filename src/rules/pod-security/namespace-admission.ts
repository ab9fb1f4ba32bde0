import { effectivePolicyMinor, NEWEST_POLICY_MINOR, parsePodSecurityLevel, parsePodSecurityVersion, type PodSecurityLevel, type PodSecurityVersion } from "../../model/pod-security/index.js";
import { defineIndexRule, type IndexRuleContext } from "../rule.js";
import { podSecurityVerdict } from "../../model/workload-summary.js";
import { evaluateTemplate, levelAndVersion, MODERN_EQUIVALENT, SEED_SECTION } from "./shared.js";

type Mode = "enforce" | "warn" | "audit";

interface NamespacePolicy {
  readonly level: PodSecurityLevel;
  readonly version: PodSecurityVersion;
  /** How a malformed label was read, for the message. */
  readonly caveat: string;
}

/** The policy a namespace's labels set for one mode, read as the admission plugin reads them. */
function policyOf(labels: Readonly<Record<string, string>>, mode: Mode): NamespacePolicy | undefined {
  const levelText = labels[`pod-security.kubernetes.io/${mode}`];
  if (levelText === undefined) return undefined;
  const versionText = labels[`pod-security.kubernetes.io/${mode}-version`];
  const level = parsePodSecurityLevel(levelText);
  const version = versionText === undefined ? "latest" : parsePodSecurityVersion(versionText);
  // A malformed level fails closed for enforce (restricted) but open for warn and audit
  // (privileged), as the admission plugin reads them.
  if (level === undefined && mode !== "enforce") return undefined;
  const caveats: string[] = [];
  if (level === undefined) caveats.push(`its ${mode} level "${levelText}" is not a level, so the API server applies restricted`);
  if (version === undefined) caveats.push(`its ${mode}-version "${versionText}" is malformed, so the API server applies latest`);
  return { level: level ?? "restricted", version: version ?? "latest", caveat: caveats.length > 0 ? ` (${caveats.join("; ")})` : "" };
}

function consequence(kind: string, mode: Mode): string {
  const pods = kind === "Pod" ? "this Pod" : `the pods of this ${kind}`;
  switch (mode) {
    case "enforce":
      return kind === "Pod" ? "the API server will reject this Pod" : `the API server will reject ${pods}, so the ${kind} never runs any`;
    case "warn":
      return `kubectl will print a warning when ${kind === "Pod" ? "this Pod" : `this ${kind}`} is applied`;
    case "audit":
      return `the audit log will record a violation for ${pods}`;
  }
}

/**
 * The workloads that violate a Pod Security level their namespace sets in one of `modes`, with
 * the strictest such mode first. Only namespaces of the run that carry labels are visited.
 */
function* violators(context: IndexRuleContext<Record<string, never>>, modes: readonly Mode[]) {
  const { index, workloads } = context;
  // A webhook review sees every Namespace of the cluster and the objects of one namespace: the
  // others are passed over by a set lookup.
  const inUse = new Set(index.namespacesInUse());
  for (const namespace of index.ofKind("Namespace")) {
    const labels = namespace.labels;
    if (namespace.name === undefined || !inUse.has(namespace.name) || index.workloadsIn(namespace.name).length === 0) continue;
    if (!Object.keys(labels).some((key) => key.startsWith("pod-security.kubernetes.io/"))) continue;
    const policies = modes.flatMap((mode) => {
      const policy = policyOf(labels, mode);
      if (policy === undefined || policy.level === "privileged") return [];
      return [{ mode, policy, level: policy.level }];
    });
    if (policies.length === 0) continue;
    for (const resource of context.judgedAmong(index.workloadsIn(namespace.name))) {
      const summary = resource.workload;
      if (summary === undefined) continue;
      for (const { mode, policy, level } of policies) {
        // The summary carries the verdicts at the latest version; a pinned older version needs
        // the whole pod, read again for this workload only.
        const atLatest = policy.version === "latest" || effectivePolicyMinor(policy.version) === NEWEST_POLICY_MINOR;
        const template = atLatest ? undefined : workloads.podTemplateOf(resource.object);
        const verdict = atLatest ? summary.podSecurityLatest[level] : template === undefined ? undefined : podSecurityVerdict(evaluateTemplate(template, policy.level, policy.version), template.spec);
        if (verdict === undefined) continue;
        yield { resource, summary, namespace: namespace.name, mode, policy, verdict };
        // One finding per workload: the strictest mode that it violates.
        break;
      }
    }
  }
}

function checkModes(context: IndexRuleContext<Record<string, never>>, modes: readonly Mode[], skip: ReadonlySet<string> = new Set()): void {
  for (const { resource, summary, namespace, mode, policy, verdict } of violators(context, modes)) {
    if (skip.has(resource.key)) continue;
    context.report({
      resource,
      path: [...summary.podTemplatePath, ...verdict.path],
      message: `Namespace "${namespace}" ${mode === "enforce" ? "enforces" : mode === "warn" ? "warns at" : "audits"} PodSecurity ${levelAndVersion(policy.level, policy.version)}${policy.caveat}: ${consequence(resource.kind, mode)}: ${verdict.text}`,
      ...(verdict.container !== undefined ? { container: verdict.container } : {}),
    });
  }
}

const EXAMPLE_BEFORE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: apps/v1
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
`;

const EXAMPLE_AFTER = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: apps/v1
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
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
`;

export const namespaceEnforce = defineIndexRule({
  id: "pod-security-namespace-enforce",
  practice: "pod-security",
  severity: "error",
  summary: "Workloads must meet the Pod Security level their namespace enforces",
  needs: { kinds: ["Namespace"], workloads: true },
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "A namespace labelled `pod-security.kubernetes.io/enforce: <level>` makes the API server refuse every pod that violates that level. For a Deployment, StatefulSet, Job or any controller the workload object itself is accepted (with a warning only when the namespace also has a `warn` label), and then its pods are refused one after another: the rollout hangs with no pod running. Finding this in the manifest, before deployment, is far cheaper than finding it in a stuck rollout.",
    ].join("\n\n"),
    fix: "Change the pod template to meet the namespace's level (the message lists every failing check), or move the workload to a namespace with a level it meets. Lowering the namespace's level weakens every other workload in it.",
    before: EXAMPLE_BEFORE,
    after: EXAMPLE_AFTER,
    notes: "Applies when the run includes the Namespace object (the labels are read from it); the `enforce-version` label picks the policy version (default `latest`), and malformed labels are read as the API server reads them (an unknown level as `restricted`, a malformed version as `latest`). Exemptions configured in the API server's admission configuration (users, runtime classes, namespaces) are not visible in manifests.",
  },
  check(context) {
    checkModes(context, ["enforce"]);
  },
});

export const namespaceWarn = defineIndexRule({
  id: "pod-security-namespace-warn",
  practice: "pod-security",
  severity: "warning",
  summary: "Workloads should meet the Pod Security levels their namespace warns or audits at",
  needs: { kinds: ["Namespace"], workloads: true },
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "The `warn` and `audit` labels of a namespace are how teams prepare for a stricter `enforce` level: violations are admitted but announced to the user applying them, or written to the audit log. A workload that violates them is the next one to break when the namespace is tightened.",
    ].join("\n\n"),
    fix: "Change the pod template to meet the level; the message lists every failing check.",
    before: EXAMPLE_BEFORE.replace("pod-security.kubernetes.io/enforce: restricted", "pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted"),
    after: EXAMPLE_AFTER.replace("pod-security.kubernetes.io/enforce: restricted", "pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted"),
    notes: "A workload that already violates the enforced level is reported by `pod-security-namespace-enforce` only. Applies when the run includes the Namespace object.",
  },
  check(context) {
    // Workloads the enforce level already rejects are reported by the enforce rule.
    const enforced = new Set<string>();
    for (const { resource } of violators(context, ["enforce"])) enforced.add(resource.key);
    checkModes(context, ["warn", "audit"], enforced);
  },
});
