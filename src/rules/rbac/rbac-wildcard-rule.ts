import { defineIndexRule } from "../rule.js";
import { describeHolders, isFullAccess, isJudgedRole, KINDS, policyOf, roleWords, SEED_SECTION, RBAC_KINDS } from "./shared.js";

export default defineIndexRule({
  id: "rbac-wildcard-rule",
  practice: "rbac",
  severity: "warning",
  summary: "Roles should list the verbs and resources they allow, not `*`",
  needs: { kinds: KINDS, paths: [["rules"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "A `*` in `verbs` allows every verb, including the ones that are rarely thought of: `delete` and `deletecollection`, `escalate` and `bind` on roles, `impersonate`. A `*` in `resources` allows every resource of the listed groups and every subresource (`pods/exec`, `secrets`, `serviceaccounts/token`), and also resources added later: a new API or a CustomResourceDefinition installed next year is granted the day it appears.",
      "Least privilege, as the seed asks, starts with knowing what a role allows. Listing verbs and resources makes a role reviewable, and keeps what it grants from growing with the cluster.",
    ].join("\n\n"),
    fix: "Replace `*` with the verbs and resources the subject uses. `kubectl auth can-i --list --as=system:serviceaccount:NS:NAME` and the API server's audit log show what a workload actually calls; `shipshape rbac can serviceaccount:NS:NAME` shows what it may call.",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-manager
  namespace: shop
rules:
  - apiGroups: [apps]
    resources: ["*"]
    verbs: ["*"]
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-manager
  namespace: shop
rules:
  - apiGroups: [apps]
    resources: [deployments, deployments/scale]
    verbs: [get, list, watch, update, patch]
`,
    notes: [
      "Reported once per Role or ClusterRole of the input, at its first rule with `*` in `verbs` or in `resources` (also `*/subresource`, which allows that subresource of every resource), with the number of such rules. `*` in `apiGroups` alone (\"this resource name in any group\") is not reported; neither are `nonResourceURLs`.",
      "Aggregated ClusterRoles are judged through the roles they aggregate; the API server's own roles, and in a cluster those of platform components (`system:…`, `kubeadm:…`, cloud providers' names, addon-manager objects), are not judged. When a binding grants a role that allows everything, `rbac-cluster-admin-binding` reports the binding too.",
    ].join("\n\n"),
  },
  check({ index, report }) {
    const policy = policyOf(index);
    for (const role of policy.allRoles()) {
      if (!isJudgedRole(role) || role.source === undefined) continue;
      const hits = role.rules.flatMap((rule, i) => {
        const verbs = rule.verbs.includes("*");
        const resources = rule.resources.filter((r) => r === "*" || r.startsWith("*/"));
        return verbs || resources.length > 0 ? [{ i, rule, verbs, resources }] : [];
      });
      const first = hits[0];
      if (first === undefined) continue;
      const field = first.verbs ? "verbs" : "resources";
      const verbs = first.verbs ? "every verb" : first.rule.verbs.join(", ");
      const resources = first.rule.resources.map((r) => (r === "*" ? "every resource" : r.startsWith("*/") ? `the ${r.slice(2)} subresource of every resource` : r)).join(", ");
      const what = isFullAccess(first.rule) ? "every verb on every resource of every API group (what cluster-admin allows)" : `${verbs} on ${resources || "no resource"}${groupsWords(first.rule.apiGroups)}`;
      const others = hits.length - 1;
      const more = others > 0 ? ` (${others} more rule${others === 1 ? " uses" : "s use"} * too)` : "";
      report({
        resource: role.source,
        path: ["rules", first.i, field],
        message: `${roleWords(role)} allows ${what}${more}, ${describeHolders(policy, role)}: list the verbs and resources needed, so that the role grants no more than that, now or when new APIs are installed`,
      });
    }
  },
});

function groupsWords(groups: readonly string[]): string {
  if (groups.includes("*")) return " of every API group";
  const named = groups.map((g) => (g === "" ? "the core group" : g));
  return named.length === 0 ? "" : ` of ${named.join(", ")}`;
}
