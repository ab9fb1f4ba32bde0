import { defineIndexRule } from "../rule.js";
import { KINDS, reportRisk, SEED_SECTION, verbsAllowed, RBAC_KINDS } from "./shared.js";

const RBAC = "rbac.authorization.k8s.io";

/** [verb, group, resource] that let a subject gain permissions it was not given. */
const ESCALATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ["escalate", RBAC, "roles"],
  ["escalate", RBAC, "clusterroles"],
  ["bind", RBAC, "roles"],
  ["bind", RBAC, "clusterroles"],
  ["impersonate", "", "users"],
  ["impersonate", "", "groups"],
  ["impersonate", "", "serviceaccounts"],
  ["impersonate", "authentication.k8s.io", "uids"],
  ["impersonate", "authentication.k8s.io", "userextras"],
];

export default defineIndexRule({
  id: "rbac-privilege-escalation",
  practice: "rbac",
  severity: "error",
  summary: "escalate, bind and impersonate let a subject give itself any permission: grant them to almost no one",
  needs: { kinds: KINDS, paths: [["rules"], ["roleRef", "name"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "RBAC normally stops a subject from granting more than it holds: creating a Role or binding with permissions you lack is refused. Three verbs lift that guard. `escalate` on roles lets a subject write rules it does not hold into a Role or ClusterRole; `bind` lets it bind any role, `cluster-admin` included, to itself; `impersonate` lets it act as another user, group or service account, and so with all of their permissions.",
      "Each is a path from a narrow permission to full control of the cluster. The seed's least privilege leaves them to the few controllers built to manage RBAC (and to people who already are cluster administrators).",
    ].join("\n\n"),
    fix: "Remove `escalate`, `bind` and `impersonate` from the role. A controller that must create bindings for a known role can be given `bind` limited by `resourceNames` to that role; impersonation should be limited by `resourceNames` to the identities needed, or replaced by that identity's own credentials.",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: team-manager
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [rolebindings]
    verbs: [create, delete]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind]
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: team-manager
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [rolebindings]
    verbs: [create, delete]
`,
    notes: [
      "A rule counts when it allows `escalate` or `bind` on `roles` or `clusterroles` (`rbac.authorization.k8s.io`), or `impersonate` on `users`, `groups`, `serviceaccounts` (core) or `uids`, `userextras` (`authentication.k8s.io`), also through `*` verbs, resources or groups. Rules limited by `resourceNames` are reported too, with the names: binding `cluster-admin` by name is the whole danger. A rule that allows everything is left to `rbac-wildcard-rule` and `rbac-cluster-admin-binding`.",
      "Reported at the first such rule of each Role and ClusterRole of the input, naming who holds it, and at `roleRef` of ClusterRoleBindings that grant it in every namespace through a built-in role (the built-in `edit` may impersonate service accounts). RoleBindings of `edit` and `admin` in a namespace are not reported.",
    ].join("\n\n"),
  },
  check({ index, kubeVersion, report }) {
    reportRisk(
      index,
      kubeVersion,
      {
        test: (rule) => {
          const found = new Map<string, string[]>();
          for (const [verb, group, resource] of ESCALATIONS) {
            if (verbsAllowed(rule, [verb], group, resource).length === 0) continue;
            found.set(verb, [...(found.get(verb) ?? []), resource]);
          }
          if (found.size === 0) return undefined;
          return [...found].map(([verb, resources]) => `${verb} on ${resources.join(", ")}`).join(" and ");
        },
        consequence: "whoever holds it can give itself permissions it was not granted, up to cluster-admin",
      },
      report,
    );
  },
});
