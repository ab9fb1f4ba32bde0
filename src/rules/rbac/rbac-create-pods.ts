import { defineIndexRule } from "../rule.js";
import { KINDS, reportRisk, SEED_SECTION, verbsAllowed, RBAC_KINDS } from "./shared.js";

/** Resources whose creation makes pods run: pods themselves and the controllers that create them. */
const POD_CREATORS: ReadonlyArray<readonly [string, string]> = [
  ["", "pods"],
  ["", "replicationcontrollers"],
  ["apps", "deployments"],
  ["apps", "replicasets"],
  ["apps", "statefulsets"],
  ["apps", "daemonsets"],
  ["batch", "jobs"],
  ["batch", "cronjobs"],
];

export default defineIndexRule({
  id: "rbac-create-pods",
  practice: "rbac",
  severity: "warning",
  summary: "Creating pods (or the workloads that create them) should be granted only to deployers that need it",
  needs: { kinds: KINDS, paths: [["rules"], ["roleRef", "name"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "Creating a pod is more than running a program. The pod may name any ServiceAccount of its namespace and so act with its permissions, mount any Secret or ConfigMap of the namespace and read it, and, unless Pod Security admission stops it, ask for host paths or privileges. Whoever may create pods in a namespace may therefore read every Secret there and borrow every identity, even without a single permission on Secrets.",
      "Creating a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob has the same effect one step later: their controllers create the pods. The seed's least privilege means this power belongs to the deployment pipeline and to controllers that need it, not to applications or people by default.",
    ].join("\n\n"),
    fix: "Remove `create` on pods and workload resources from roles that do not deploy. Give the deploy pipeline its own ServiceAccount bound in the namespaces it deploys to, enforce Pod Security (`restricted`) there, and keep Secrets that deployers must not read in other namespaces.",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: report-runner
  namespace: shop
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [create, get, list]
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: report-runner
  namespace: shop
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [get, list]
`,
    notes: [
      "A rule counts when it allows `create` on `pods` or `replicationcontrollers` (core group), `deployments`, `replicasets`, `statefulsets`, `daemonsets` (`apps`) or `jobs`, `cronjobs` (`batch`), also through `*`. `update` and `patch` of a workload can change its pod template and have a similar effect; they are not reported, since every deployer needs them. Rules limited by `resourceNames` are not reported (creating an object by name is rarely possible).",
      "Reported at the first such rule of each Role and ClusterRole of the input, naming who holds it, and at `roleRef` of ClusterRoleBindings that grant it in every namespace through a built-in role such as `edit`. RoleBindings of `edit` and `admin` in a namespace are not reported.",
    ].join("\n\n"),
  },
  check({ index, kubeVersion, report }) {
    reportRisk(
      index,
      kubeVersion,
      {
        ignoreNamed: true,
        test: (rule) => {
          const what = POD_CREATORS.filter(([group, resource]) => verbsAllowed(rule, ["create"], group, resource).length > 0).map(([group, resource]) => (group === "" ? resource : `${resource}.${group}`));
          if (what.length === 0) return undefined;
          return `create on ${what.length > 3 ? `${what.slice(0, 3).join(", ")} and ${what.length - 3} more workload kinds` : what.join(", ")}`;
        },
        consequence: "whoever holds it can run pods that use any ServiceAccount and mount any Secret of the namespace, so read every Secret there",
      },
      report,
    );
  },
});
