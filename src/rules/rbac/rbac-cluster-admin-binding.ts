import { defineIndexRule } from "../rule.js";
import { bindingWords, describeNamespace, describeSubjects, isFullAccess, isPlatformManaged, KINDS, policyOf, roleWords, SEED_SECTION, RBAC_KINDS } from "./shared.js";

export default defineIndexRule({
  id: "rbac-cluster-admin-binding",
  practice: "rbac",
  severity: "error",
  summary: "Bindings should not grant cluster-admin, or any role that allows every verb on every resource",
  needs: { kinds: KINDS, paths: [["roleRef", "name"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "`cluster-admin` allows every verb on every resource of every API group, and every non-resource URL. Bound with a ClusterRoleBinding it is the whole cluster: every Secret of every namespace, every node through privileged pods, RBAC itself. A service account holding it turns any bug in its workload into a cluster takeover; a person holding it for daily work turns a stolen laptop into one.",
      "The seed asks to prefer namespace-specific permissions and least privilege. Even in one namespace, through a RoleBinding, `cluster-admin` is more than `admin`: it also rewrites the namespace's quotas and limits, which `admin` deliberately leaves out.",
    ].join("\n\n"),
    fix: "Bind a role with the permissions the subject needs: the built-in `admin`, `edit` or `view` in the namespaces it works in (with a RoleBinding), or a Role you write for a workload. Keep `cluster-admin` to the break-glass identities of the cluster's operators (the `system:masters` group already holds it).",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-deployer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    notes: [
      "Reported at `roleRef.name` of every ClusterRoleBinding and RoleBinding of the input whose role is `cluster-admin` or allows every verb on every resource of every group (a rule with `*` verbs, `*` apiGroups and `*` resources, with no resourceNames), the aggregated rules of an aggregated ClusterRole included. Bindings without subjects grant nothing and are not reported.",
      "The API server's own binding of `cluster-admin` to `system:masters`, and in a cluster the bindings of platform components (`system:…`, `kubeadm:…`, `eks:…`, `gce:…`, `gke:…`, addon-manager objects), are not reported. The role itself, if you wrote it, is reported by `rbac-wildcard-rule`.",
    ].join("\n\n"),
  },
  check({ index, report }) {
    const policy = policyOf(index);
    for (const binding of policy.allBindings()) {
      if (isPlatformManaged(binding) || binding.source === undefined || binding.subjects.length === 0) continue;
      const role = policy.roleOf(binding);
      if (role === undefined || !policy.rulesOf(role).some((e) => isFullAccess(e.rule))) continue;
      const what = role.kind === "ClusterRole" && role.name === "cluster-admin" ? "cluster-admin" : `${roleWords(role)}, which allows every verb on every resource as cluster-admin does,`;
      const scope =
        binding.kind === "ClusterRoleBinding"
          ? "in every namespace and on every cluster-wide resource: the whole cluster, RBAC and every Secret included"
          : `in ${describeNamespace(binding.namespace)}: every object of the namespace, its Secrets, RBAC, quotas and limits included`;
      report({
        resource: binding.source,
        path: ["roleRef", "name"],
        message: `${bindingWords(binding)} grants ${what} to ${describeSubjects(binding.subjects, binding.namespace)} ${scope}; bind a role with only the permissions needed (admin, edit or view in a namespace, or your own Role)`,
      });
    }
  },
});
