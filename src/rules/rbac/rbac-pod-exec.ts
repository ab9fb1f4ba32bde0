import { compareKubeVersions } from "../../model/kube-version.js";
import { defineIndexRule } from "../rule.js";
import { KINDS, reportRisk, SEED_SECTION, verbsAllowed, RBAC_KINDS } from "./shared.js";

/** From 1.35 a WebSocket exec or attach needs `create` too (AuthorizePodWebsocketUpgradeCreatePermission); before, `get` was enough. */
const CREATE_ONLY_FROM = { major: 1, minor: 35 };

export default defineIndexRule({
  id: "rbac-pod-exec",
  practice: "rbac",
  severity: "warning",
  summary: "Running commands in containers (pods/exec, pods/attach) should be granted rarely and narrowly",
  needs: { kinds: KINDS, paths: [["rules"], ["roleRef", "name"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "`pods/exec` opens a shell in a running container and `pods/attach` connects to its main process. Whoever holds them acts as the container: they read its files, environment and mounted Secrets, use its service-account token, and reach whatever its network reaches, all without a trace in the pod's specification. It is the most direct way from an RBAC permission to the data and identities of an application.",
      "The seed asks for least privilege. Debugging access belongs to a few people, for a limited time, in the namespaces they own; a workload or a broad group that can exec into pods can take over every application it reaches.",
    ].join("\n\n"),
    fix: "Remove `pods/exec` and `pods/attach` from roles that do not need them. Where people need to debug, grant them in a Role of their namespace only, to a named group, and prefer `kubectl debug` with ephemeral containers and short-lived access (a break-glass binding removed afterwards).",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: support
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods, pods/log, pods/exec]
    verbs: [get, list, create]
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: support
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list]
`,
    notes: [
      "A rule counts when it allows `create` on `pods/exec` or `pods/attach` of the core group (also through `*` verbs, `*` resources or `*/exec`). For a target before Kubernetes 1.35 `get` counts too: until then a WebSocket exec needed only `get` (the `AuthorizePodWebsocketUpgradeCreatePermission` gate, on by default from 1.35, requires `create` as well). Rules limited by `resourceNames` are reported too (with the names): execing into a named pod is still executing as it.",
      "Reported where the permission is granted: at the first such rule of each Role and ClusterRole of the input, naming who holds it, and at `roleRef` of ClusterRoleBindings that grant it in every namespace through a built-in role such as `edit`. RoleBindings of `edit` and `admin` in a namespace are not reported (exec is part of those roles by design). Not covered: `nodes/proxy`, which reaches the kubelet's own exec endpoint.",
    ].join("\n\n"),
  },
  check({ index, kubeVersion, report }) {
    const verbs = compareKubeVersions(kubeVersion, CREATE_ONLY_FROM) >= 0 ? ["create"] : ["create", "get"];
    reportRisk(
      index,
      kubeVersion,
      {
        test: (rule) => {
          const found: string[] = [];
          for (const sub of ["exec", "attach"]) {
            const allowed = verbsAllowed(rule, verbs, "", "pods", sub);
            if (allowed.length > 0) found.push(`${allowed[0] === "*" ? "every verb" : allowed.join(", ")} on pods/${sub}`);
          }
          return found.length === 0 ? undefined : found.join(" and ");
        },
        consequence: "whoever holds it can run commands in those containers, with their files, Secrets and service-account tokens",
      },
      report,
    );
  },
});
