import { builtInGroupsOf, isNamespacedResource, type PolicyRule } from "../../model/rbac/index.js";
import { defineIndexRule } from "../rule.js";
import { bindingWords, describeSubjects, isFullAccess, isPlatformManaged, KINDS, policyOf, roleWords, SEED_SECTION, RBAC_KINDS } from "./shared.js";

const READ_VERBS = new Set(["get", "list", "watch"]);

/**
 * The namespaced resources a rule reaches, or undefined when it may reach something cluster-wide
 * (a cluster-scoped resource, `*`, a non-resource URL) or a resource whose scope is unknown (a
 * custom resource).
 */
function namespacedOnly(rule: PolicyRule): string[] | undefined {
  if (rule.nonResourceURLs.length > 0) return undefined;
  const out: string[] = [];
  for (const written of rule.resources) {
    const resource = written.split("/")[0] ?? "";
    if (resource === "*" || resource === "") return undefined;
    const groups = rule.apiGroups.includes("*") ? builtInGroupsOf(resource) : rule.apiGroups;
    if (groups.length === 0) return undefined;
    for (const group of groups) if (isNamespacedResource(group, resource) !== true) return undefined;
    out.push(written);
  }
  return out;
}

export default defineIndexRule({
  id: "rbac-cluster-wide-binding",
  practice: "rbac",
  severity: "info",
  summary: "A ClusterRoleBinding of a role that allows only namespaced resources could be RoleBindings in the namespaces that need it",
  needs: { kinds: KINDS, paths: [["roleRef", "name"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "The seed says it plainly: cluster-wide permissions should generally be avoided in favour of namespace-specific ones. A ClusterRoleBinding grants its role in every namespace, including `kube-system` and namespaces created later for other teams; a RoleBinding of the same ClusterRole grants it in one namespace only.",
      "When a role allows only namespaced resources (pods, services, secrets, deployments, …), nothing in it needs a ClusterRoleBinding: RoleBindings in the namespaces where the subject works give exactly what it uses.",
    ].join("\n\n"),
    fix: "Replace the ClusterRoleBinding with a RoleBinding of the same ClusterRole in each namespace the subject works in (`roleRef` stays the same; add `metadata.namespace`).",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: deployer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer
subjects:
  - kind: Group
    name: shop-team
    apiGroup: rbac.authorization.k8s.io
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer
subjects:
  - kind: Group
    name: shop-team
    apiGroup: rbac.authorization.k8s.io
`,
    notes: [
      "Reported at `roleRef.name` of each ClusterRoleBinding of the input whose role (aggregated rules included) reaches only resources Kubernetes serves as namespaced. A role with a cluster-scoped resource (nodes, namespaces, persistentvolumes, …), `*` resources, non-resource URLs or custom resources (whose scope the rule cannot know) is not reported; neither is a role that allows everything (`rbac-cluster-admin-binding` reports that).",
      "Controllers that watch every namespace need cluster-wide read access: a binding whose subjects are all service accounts and whose role only reads (`get`, `list`, `watch`) is not reported. A controller that writes in every namespace is reported, as information: whether it must is a decision worth making explicitly. The API server's own bindings and, in a cluster, those of platform components are not judged.",
    ].join("\n\n"),
  },
  check({ index, report }) {
    const policy = policyOf(index);
    for (const binding of policy.allBindings()) {
      if (binding.kind !== "ClusterRoleBinding" || isPlatformManaged(binding) || binding.source === undefined || binding.subjects.length === 0) continue;
      const role = policy.roleOf(binding);
      if (role === undefined) continue;
      const rules = policy.rulesOf(role);
      if (rules.length === 0 || rules.some((e) => isFullAccess(e.rule))) continue;
      const resources = new Set<string>();
      let namespaced = true;
      for (const { rule } of rules) {
        const reached = namespacedOnly(rule);
        if (reached === undefined) {
          namespaced = false;
          break;
        }
        for (const r of reached) resources.add(r);
      }
      if (!namespaced || resources.size === 0) continue;
      const readOnly = rules.every((e) => e.rule.verbs.every((v) => READ_VERBS.has(v)));
      if (readOnly && binding.subjects.every((s) => s.kind === "ServiceAccount")) continue;
      const list = [...resources];
      report({
        resource: binding.source,
        path: ["roleRef", "name"],
        message: `${bindingWords(binding)} grants ${roleWords(role)} to ${describeSubjects(binding.subjects, undefined)} in every namespace, but the role reaches only namespaced resources (${list.length > 5 ? `${list.slice(0, 5).join(", ")} and ${list.length - 5} more` : list.join(", ")}): RoleBindings in the namespaces that need it would grant the same there and nothing elsewhere`,
      });
    }
  },
});
