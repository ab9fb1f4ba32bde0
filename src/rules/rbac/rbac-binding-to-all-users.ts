import { ANONYMOUS, AUTHENTICATED, UNAUTHENTICATED } from "../../model/rbac/index.js";
import { defineIndexRule } from "../rule.js";
import { bindingWords, describeNamespace, isPlatformManaged, KINDS, policyOf, roleWords, SEED_SECTION, RBAC_KINDS } from "./shared.js";

/** The subjects that stand for everyone, and who that is. */
const EVERYONE: ReadonlyArray<{ kind: string; name: string; who: string }> = [
  { kind: "User", name: ANONYMOUS, who: "every request that carries no credentials" },
  { kind: "Group", name: UNAUTHENTICATED, who: "every request that carries no credentials" },
  { kind: "Group", name: AUTHENTICATED, who: "every user and every service account of the cluster (on some managed clusters, any account of the cloud provider)" },
];

export default defineIndexRule({
  id: "rbac-binding-to-all-users",
  practice: "rbac",
  severity: "error",
  summary: "Bindings should not grant permissions to system:anonymous, system:unauthenticated or system:authenticated",
  needs: { kinds: KINDS, paths: [["subjects"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "Three subjects stand for everyone. `system:anonymous` and the group `system:unauthenticated` are whoever reaches the API server without credentials; the group `system:authenticated` is every identity the server accepts: every person, every service account of every namespace, and on some managed clusters any account of the cloud provider. A permission bound to them belongs to nobody in particular, so it cannot be least privilege and cannot be taken back from one subject.",
      "Kubernetes itself binds only discovery and health endpoints to these groups. Anything more, even reading ConfigMaps, is a permission given to every compromised pod in the cluster.",
    ].join("\n\n"),
    fix: "Bind the role to the groups, users or service accounts that need it. If something must be public (a health endpoint behind a load balancer), grant only `get` on those non-resource URLs.",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone-can-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:authenticated
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: developers-can-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: developers
`,
    notes: [
      "Reported at each such subject of the input's ClusterRoleBindings and RoleBindings, unless the bound role allows nothing but `get` (or `head`) on non-resource URLs, as the API server's own `system:public-info-viewer` does for `/healthz`, `/version` and the like. The API server's own bindings (`system:basic-user`, `system:discovery`, `system:public-info-viewer`) and in a cluster those of platform components are not reported.",
      "Groups such as `system:serviceaccounts` (every service account) are broad too but not reported.",
    ].join("\n\n"),
  },
  check({ index, report }) {
    const policy = policyOf(index);
    for (const binding of policy.allBindings()) {
      if (isPlatformManaged(binding) || binding.source === undefined) continue;
      const role = policy.roleOf(binding);
      const rules = role === undefined ? [] : policy.rulesOf(role);
      const harmless = role !== undefined && rules.every((e) => e.rule.resources.length === 0 && e.rule.verbs.every((v) => v === "get" || v === "head"));
      if (harmless) continue;
      for (const subject of binding.subjects) {
        const everyone = EVERYONE.find((e) => e.kind === subject.kind && e.name === subject.name);
        if (everyone === undefined) continue;
        const where = binding.kind === "ClusterRoleBinding" ? "in every namespace" : `in ${describeNamespace(binding.namespace)}`;
        const what = role === undefined ? `${binding.roleRef.kind} "${binding.roleRef.name}" (not in the input)` : roleWords(role);
        report({
          resource: binding.source,
          path: ["subjects", subject.index],
          message: `${bindingWords(binding)} grants ${what} ${where} to ${subject.kind} "${subject.name}", that is to ${everyone.who}; bind it to the subjects that need it`,
        });
      }
    }
  },
});
