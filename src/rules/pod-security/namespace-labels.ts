// The Pod Security labels of the input's Namespace objects themselves: present, valid, pinned.
// (Whether the input's workloads meet those levels is namespace-admission.ts's business.)
import type { ObjectPath } from "../../model/json.js";
import { isSystemNamespace } from "../../model/namespaces.js";
import { hasWrittenLabels } from "../../model/labels.js";
import { parsePodSecurityLevel, parsePodSecurityVersion, type PodSecurityLevel } from "../../model/pod-security/index.js";
import { defineIndexRule, type AnyRule, type IndexedResource } from "../rule.js";
import { MODERN_EQUIVALENT, SEED_SECTION } from "./shared.js";

const PREFIX = "pod-security.kubernetes.io/";
const MODES = ["enforce", "warn", "audit"] as const;
type Mode = (typeof MODES)[number];
const KNOWN_KEYS = new Set<string>(MODES.flatMap((mode) => [`${PREFIX}${mode}`, `${PREFIX}${mode}-version`]));
const STRICTNESS: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

const labelPath = (key: string): ObjectPath => ["metadata", "labels", key];

/** The Namespace objects of the run (core v1, named) that the run judges. */
function namespacesOf({ index, judges }: { index: { ofKind(kind: string): readonly IndexedResource[] }; judges(resource: IndexedResource): boolean }): IndexedResource[] {
  return index.ofKind("Namespace").filter((n) => n.apiVersion === "v1" && n.name !== undefined && judges(n));
}

/** A mode's level label: absent, a level, or written but not a level. */
function levelOf(labels: Readonly<Record<string, string>>, mode: Mode): PodSecurityLevel | "absent" | "invalid" {
  const text = labels[`${PREFIX}${mode}`];
  if (text === undefined) return "absent";
  return parsePodSecurityLevel(text) ?? "invalid";
}

/** Labels under the Pod Security prefix that the admission plugin does not know. */
function unknownKeys(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels).filter((key) => key.startsWith(PREFIX) && !KNOWN_KEYS.has(key));
}

/** The known label a misspelt one was probably meant to be. */
function likelyMeant(key: string): string | undefined {
  const rest = key.slice(PREFIX.length).toLowerCase();
  const mode = MODES.find((m) => rest.includes(m));
  if (mode === undefined) return undefined;
  return rest.includes("version") ? `${PREFIX}${mode}-version` : `${PREFIX}${mode}`;
}

const NAMESPACE_NOTE =
  "Judged on the Namespace objects of the input; namespaces only named by other objects are not (their labels are not visible). `kube-system`, `kube-public` and `kube-node-lease` are skipped except for invalid labels: they belong to the cluster, and kube-system must stay privileged.";

const example = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop${labels === "" ? "" : `\n  labels:\n${labels}`}
`;

const PINNED = `    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.33
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: latest
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/audit-version: latest`;

export const namespaceEnforceMissing = defineIndexRule({
  id: "namespace-pod-security-enforce-missing",
  practice: "pod-security",
  severity: "warning",
  summary: "Each namespace should enforce a Pod Security level with the pod-security.kubernetes.io/enforce label",
  needs: { kinds: ["Namespace"], paths: [["metadata", "name"], ["metadata", "labels"]] },
  reportsOn: ["Namespace"],
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "Pod Security Admission does nothing for a namespace until the namespace says which level to enforce: without a `pod-security.kubernetes.io/enforce` label the cluster-wide default applies, which is `privileged` (everything admitted) unless the API server's admission configuration was changed. The label is where the seed's advice to stop risky pods at the cluster level is actually switched on.",
    ].join("\n\n"),
    fix: "Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where pods need more, such as some sidecar injectors), pinned with `pod-security.kubernetes.io/enforce-version`. A namespace that must admit privileged pods (node agents, CNI) says so with `enforce: privileged`, which this rule accepts.",
    before: example(""),
    after: example(PINNED),
    notes: `${NAMESPACE_NOTE} Labels set only for \`warn\` or \`audit\` do not count: they admit every pod. An explicit \`enforce: privileged\` is a decision and is not reported.`,
  },
  check(context) {
    const { report } = context;
    for (const namespace of namespacesOf(context)) {
      const name = namespace.name as string;
      if (isSystemNamespace(name) || levelOf(namespace.labels, "enforce") !== "absent") continue;
      const others = (["warn", "audit"] as const).filter((mode) => levelOf(namespace.labels, mode) !== "absent").map((mode) => `${mode}s at ${namespace.labels[`${PREFIX}${mode}`]}`);
      const misspelt = unknownKeys(namespace.labels).filter((key) => likelyMeant(key) === `${PREFIX}enforce`);
      const notes = [...(others.length > 0 ? [`it only ${others.join(" and ")}`] : []), ...misspelt.map((key) => `${key} is not a Pod Security label`)];
      report({
        resource: namespace,
        path: hasWrittenLabels(namespace.labels) ? ["metadata", "labels"] : ["metadata", "name"],
        message: `Namespace "${name}" has no pod-security.kubernetes.io/enforce label${notes.length > 0 ? ` (${notes.join("; ")})` : ""}: the API server admits any pod there unless the cluster's default level says otherwise; label it with the strictest level its pods meet (restricted, baseline, or privileged where they must)`,
      });
    }
  },
});

export const namespaceWarnMissing = defineIndexRule({
  id: "namespace-pod-security-warn-missing",
  practice: "pod-security",
  severity: "info",
  summary: "A namespace that enforces a Pod Security level should also warn (and audit) at that level",
  needs: { kinds: ["Namespace"], paths: [["metadata", "labels", `${PREFIX}enforce`]] },
  reportsOn: ["Namespace"],
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "The `enforce` mode checks pods only. A Deployment, StatefulSet, Job or any other controller is checked against the `warn` and `audit` levels alone, so in a namespace that only enforces, `kubectl apply` of a Deployment whose pods break the level succeeds silently, and its ReplicaSet then fails to create every pod: the rollout hangs and the reason is buried in events. A `warn` label at the enforced level (or stricter) prints the violations to whoever applies the controller; `audit` records them in the audit log.",
    ].join("\n\n"),
    fix: "Add `pod-security.kubernetes.io/warn` (and `pod-security.kubernetes.io/audit`) with the enforced level, or a stricter one to prepare the next step; `latest` is a good version for these two, so that warnings show what the next policy version will refuse.",
    before: example("    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.33"),
    after: example(PINNED),
    notes: `${NAMESPACE_NOTE} Reported when the namespace enforces \`baseline\` or \`restricted\` and has no \`warn\` label or one less strict than the enforced level; a missing \`audit\` label is named in the same finding but is not reported alone (it matters only where the API server's audit log is kept).`,
  },
  check(context) {
    const { report } = context;
    for (const namespace of namespacesOf(context)) {
      const name = namespace.name as string;
      if (isSystemNamespace(name)) continue;
      const enforce = levelOf(namespace.labels, "enforce");
      if (enforce === "absent" || enforce === "invalid" || enforce === "privileged") continue;
      const warn = levelOf(namespace.labels, "warn");
      const audit = levelOf(namespace.labels, "audit");
      if (warn === "invalid") continue;
      let problem: string;
      if (warn === "absent") problem = `has no pod-security.kubernetes.io/warn label${audit === "absent" ? " (nor audit)" : ""}`;
      else if (STRICTNESS[warn] < STRICTNESS[enforce]) problem = `warns only at ${warn}`;
      else continue;
      report({
        resource: namespace,
        path: labelPath(`${PREFIX}enforce`),
        message: `Namespace "${name}" enforces ${enforce} but ${problem}: Deployments and other controllers whose pods break ${enforce} are applied without a warning and their pods are then refused; set pod-security.kubernetes.io/warn: ${enforce}`,
      });
    }
  },
});

export const namespaceVersionUnpinned = defineIndexRule({
  id: "namespace-pod-security-version-unpinned",
  practice: "pod-security",
  severity: "info",
  summary: "The enforced Pod Security level should be pinned to a policy version",
  needs: { kinds: ["Namespace"], paths: [["metadata", "labels", `${PREFIX}enforce`], ["metadata", "labels", `${PREFIX}enforce-version`]] },
  reportsOn: ["Namespace"],
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "Without `pod-security.kubernetes.io/enforce-version` (or with `latest`) a namespace enforces whatever the API server's newest policy is. The Pod Security Standards do change between Kubernetes releases (restricted gained seccomp and capability checks, baseline has been adjusted), so a cluster upgrade can start refusing pods that were admitted the day before, in the middle of the upgrade the seed asks you to make every quarter. Pinning the version makes tightening the policy a change you make and review, not a side effect.",
    ].join("\n\n"),
    fix: "Set `pod-security.kubernetes.io/enforce-version` to the policy version your pods were checked against (`v1.N`, usually the cluster's minor version), and raise it after checking the pods against the new one (for example with `pod-security-restricted` and its `version` option). Keep `warn-version` and `audit-version` at `latest` to see what the next version would refuse.",
    before: example("    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted"),
    after: example(PINNED),
    notes: `${NAMESPACE_NOTE} Only the \`enforce\` mode is judged (unpinned \`warn\` and \`audit\` are the recommended practice), and only for \`baseline\` and \`restricted\`: \`privileged\` has no checks to change.`,
  },
  check(context) {
    const { report } = context;
    for (const namespace of namespacesOf(context)) {
      const name = namespace.name as string;
      if (isSystemNamespace(name)) continue;
      const enforce = levelOf(namespace.labels, "enforce");
      if (enforce === "absent" || enforce === "invalid" || enforce === "privileged") continue;
      const versionKey = `${PREFIX}enforce-version`;
      const version = namespace.labels[versionKey];
      if (version !== undefined && version !== "latest") continue;
      report({
        resource: namespace,
        path: labelPath(version === undefined ? `${PREFIX}enforce` : versionKey),
        message: `Namespace "${name}" enforces ${enforce} at ${version === undefined ? "the latest policy version (no enforce-version label)" : "version latest"}: a cluster upgrade that adds checks can start refusing pods that run today; pin pod-security.kubernetes.io/enforce-version to the version your pods were checked against (v1.N)`,
      });
    }
  },
});

export const namespaceLabelInvalid = defineIndexRule({
  id: "namespace-pod-security-label-invalid",
  practice: "pod-security",
  severity: "error",
  summary: "Pod Security labels of a namespace must have valid keys and values",
  needs: { kinds: ["Namespace"], paths: [["metadata", "labels"]] },
  reportsOn: ["Namespace"],
  docs: {
    seed: SEED_SECTION,
    why: [
      MODERN_EQUIVALENT,
      "The admission plugin validates a namespace's Pod Security labels: a level other than `privileged`, `baseline` or `restricted`, or a version other than `latest` or `v1.N`, makes the API server refuse to create the Namespace (and refuse an update that changes those labels), so everything applied after it fails too. Should such a label exist anyway (set before the plugin was on), an unknown enforce level is read as `restricted`, an unknown warn or audit level as `privileged`, and a bad version as `latest`, which is probably not what the author meant.",
      "A key under `pod-security.kubernetes.io/` that is not one of the six the plugin reads (`enforce`, `warn`, `audit`, each with `-version`) is accepted and ignored: the policy its author meant to set is silently not applied.",
    ].join("\n\n"),
    fix: "Use one of the levels `privileged`, `baseline`, `restricted` and a version `latest` or `v1.N` (`v1.33`, not `1.33` or `v1.33.2`); spell the keys exactly `pod-security.kubernetes.io/<mode>` and `pod-security.kubernetes.io/<mode>-version`.",
    before: example("    pod-security.kubernetes.io/enforce: strict\n    pod-security.kubernetes.io/enforce-version: v1.33.2"),
    after: example("    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.33"),
    notes: "Judged on every Namespace object of the input, system namespaces included. Labels whose YAML value is not a string (`enforce-version: 1.33` is a number) are read as the text they would have, and reported when that text is not valid; the schema rules report their type.",
  },
  check(context) {
    const { report } = context;
    for (const namespace of namespacesOf(context)) {
      const name = namespace.name as string;
      for (const [key, value] of Object.entries(namespace.labels)) {
        if (!key.startsWith(PREFIX)) continue;
        let problem: string;
        if (!KNOWN_KEYS.has(key)) {
          const meant = likelyMeant(key);
          problem = `label ${key}, which is not a Pod Security label: the API server ignores it, so it sets no policy${meant !== undefined && namespace.labels[meant] === undefined ? ` (did you mean ${meant}?)` : ""}`;
        } else if (key.endsWith("-version")) {
          if (parsePodSecurityVersion(value) !== undefined) continue;
          problem = `${key}: "${value}", which is not a policy version ("latest" or "v1.N"): the API server refuses to create the Namespace with it`;
        } else {
          if (parsePodSecurityLevel(value) !== undefined) continue;
          problem = `${key}: "${value}", which is not a Pod Security level (privileged, baseline or restricted): the API server refuses to create the Namespace with it`;
        }
        report({ resource: namespace, path: labelPath(key), message: `Namespace "${name}" has ${problem}` });
      }
    }
  },
});

export const NAMESPACE_LABEL_RULES: readonly AnyRule[] = [namespaceEnforceMissing, namespaceWarnMissing, namespaceVersionUnpinned, namespaceLabelInvalid];
