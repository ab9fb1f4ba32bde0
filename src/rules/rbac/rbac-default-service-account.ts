import { defineIndexRule } from "../rule.js";
import { bindingsOfServiceAccount, bindingWords, describeBindings, describeNamespace, isPlatformManaged, KINDS, policyOf, roleWords, SEED_SECTION, sourceWords, tokenOf } from "./shared.js";

export default defineIndexRule({
  id: "rbac-default-service-account",
  practice: "rbac",
  severity: "warning",
  summary: "Permissions should be granted to a workload's own ServiceAccount, not to the default one every pod shares",
  needs: { kinds: KINDS, workloads: true, paths: [["subjects"], ["spec", "template", "spec", "serviceAccountName"], ["spec", "serviceAccountName"], ["spec", "jobTemplate", "spec", "template", "spec", "serviceAccountName"]] },
  docs: {
    seed: SEED_SECTION,
    why: [
      "Every namespace has a ServiceAccount named `default`, and every pod that names no ServiceAccount runs as it, with its token mounted. A permission granted to `default` for one workload is therefore granted to every pod of the namespace that does not choose another account, today's and tomorrow's, and the audit log cannot tell them apart.",
      "Least privilege, as the seed asks for it, needs one identity per workload: a workload that needs API access gets its own ServiceAccount, and only it gets the permissions.",
    ].join("\n\n"),
    fix: "Create a ServiceAccount for the workload, set `serviceAccountName`, and bind the role to that ServiceAccount instead of `default`.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
  namespace: shop
spec:
  selector:
    matchLabels: {app: operator}
  template:
    metadata:
      labels: {app: operator}
    spec:
      containers:
        - name: operator
          image: registry.example.com/operator:1.4.0
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: operator
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: default
`,
    after: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: operator
  namespace: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
  namespace: shop
spec:
  selector:
    matchLabels: {app: operator}
  template:
    metadata:
      labels: {app: operator}
    spec:
      serviceAccountName: operator
      containers:
        - name: operator
          image: registry.example.com/operator:1.4.0
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: operator
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: operator
`,
    notes: [
      "Reported at each subject of a RoleBinding or ClusterRoleBinding of the input that names a ServiceAccount `default` (with how many workloads of the input run as it), and for each workload whose pods run as `default` (no `serviceAccountName`, or `default`) and mount its token (`automountServiceAccountToken` not `false` in the pod spec, nor, when the pod leaves it unset, on a ServiceAccount `default` of the input), when a RoleBinding or ClusterRoleBinding of the input (in a cluster: any binding) names that `default` ServiceAccount. The message names those bindings.",
      "A workload on `default` whose account is granted nothing is reported, as information, by `rbac-token-automount`: it needs no token. `PodTemplate` objects run nothing and are not judged; in a cluster, pods created by a controller are judged at their controller, once.",
    ].join("\n\n"),
  },
  check({ index, report, judges, judgedAmong }) {
    const policy = policyOf(index);
    // How many workloads of each namespace run as its default account: counted when a judged binding needs it.
    let runningAsDefault: Map<string, number> | undefined;
    const usersOfDefault = (namespace: string): number => {
      if (runningAsDefault === undefined) {
        runningAsDefault = new Map();
        for (const inUse of index.namespacesInUse()) {
          for (const workload of index.workloadsIn(inUse)) {
            const token = tokenOf(index, workload);
            if (token !== undefined && token.name === "default") runningAsDefault.set(token.namespace, (runningAsDefault.get(token.namespace) ?? 0) + 1);
          }
        }
      }
      return runningAsDefault.get(namespace) ?? 0;
    };
    for (const binding of policy.allBindings()) {
      if (isPlatformManaged(binding) || binding.source === undefined || !judges(binding.source)) continue;
      const role = policy.roleOf(binding);
      for (const subject of binding.subjects) {
        if (subject.kind !== "ServiceAccount" || subject.name !== "default") continue;
        const namespace = subject.namespace ?? (binding.kind === "RoleBinding" ? (binding.namespace ?? "") : undefined);
        if (namespace === undefined) continue;
        const users = usersOfDefault(namespace);
        const where = binding.kind === "ClusterRoleBinding" ? " in every namespace" : "";
        report({
          resource: binding.source,
          path: ["subjects", subject.index],
          message: `${bindingWords(binding)} grants ${role !== undefined ? roleWords(role) : `${binding.roleRef.kind} "${binding.roleRef.name}"`}${where} to the default ServiceAccount of ${describeNamespace(namespace)}, which every pod of the namespace that names no ServiceAccount runs as${users > 0 ? ` (${users} workload${users === 1 ? "" : "s"} of ${sourceWords(binding.source)} do${users === 1 ? "es" : ""})` : ""}: bind it to a ServiceAccount made for the workload that needs it`,
        });
      }
    }
    for (const namespace of index.namespacesInUse()) {
      for (const workload of judgedAmong(index.workloadsIn(namespace))) {
        const token = tokenOf(index, workload);
        const summary = workload.workload;
        if (token === undefined || summary === undefined || token.name !== "default" || !token.mounted) continue;
        const bindings = bindingsOfServiceAccount(policy, token.namespace, "default", false);
        if (bindings.length === 0) continue;
        report({
          resource: workload,
          path: [...summary.podTemplatePath, "spec", "serviceAccountName"],
          message: `${workload.kind} "${workload.name ?? ""}" runs as the default ServiceAccount of ${describeNamespace(token.namespace)}, which ${describeBindings(policy, bindings)} grant${bindings.length === 1 ? "s" : ""} permissions: every pod of the namespace that names no ServiceAccount holds them too; give the workload its own ServiceAccount and bind the role to it`,
        });
      }
    }
  },
});
