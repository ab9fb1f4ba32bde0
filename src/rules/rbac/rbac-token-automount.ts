import { defineIndexRule } from "../rule.js";
import { bindingsOfServiceAccount, KINDS, policyOf, SEED_SECTION, sourceWords, tokenOf } from "./shared.js";

export default defineIndexRule({
  id: "rbac-token-automount",
  practice: "rbac",
  severity: "info",
  summary: "Pods whose ServiceAccount is granted nothing (the default one, usually) should not mount its token",
  needs: { kinds: KINDS, workloads: true, paths: [["spec", "template", "spec", "automountServiceAccountToken"], ["spec", "automountServiceAccountToken"], ["spec", "jobTemplate", "spec", "template", "spec", "automountServiceAccountToken"]] },
  docs: {
    seed: SEED_SECTION,
    why: [
      "Unless told otherwise, Kubernetes mounts a token of the pod's ServiceAccount into every container. An application that never calls the Kubernetes API does not need it; an attacker who gets into the container does: the token authenticates to the API server as the workload, and is worth whatever the cluster grants that account, today or after a later change.",
      "When the input gives a workload's ServiceAccount no permission at all, the workload most likely does not use the API. Least privilege, as the seed asks, then means no credential: `automountServiceAccountToken: false`.",
    ].join("\n\n"),
    fix: "Set `automountServiceAccountToken: false` on the ServiceAccount (every pod using it) or in the pod spec. A workload that does call the API keeps the token and gets a Role for what it calls.",
    before: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
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
      serviceAccountName: web
      containers:
        - name: web
          image: registry.example.com/web:2.3.1
`,
    after: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
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
      serviceAccountName: web
      containers:
        - name: web
          image: registry.example.com/web:2.3.1
`,
    notes: [
      "Reported for workloads that mount their ServiceAccount's token while no RoleBinding or ClusterRoleBinding of the input names that ServiceAccount, nor a binding of the user's to `system:serviceaccounts` or `system:serviceaccounts:NAMESPACE`. For an account other than `default`, only when its ServiceAccount object is in the input, so that the input is where its permissions would be written. The namespace's `default` account, which nobody declares, is judged whenever a workload runs as it (when something grants it permissions, `rbac-default-service-account` reports that instead).",
      "In a cluster every binding is read, so the verdict is exact; in files, bindings kept elsewhere make it a false alarm, which is why the severity is information. Permissions every account has (the API server's discovery roles) do not count.",
      "Not reported: pods that set `automountServiceAccountToken: false`, or whose ServiceAccount sets it and the pod does not override it; `PodTemplate` objects.",
    ].join("\n\n"),
  },
  check({ index, report, judgedAmong }) {
    const policy = policyOf(index);
    for (const namespace of index.namespacesInUse()) {
      for (const workload of judgedAmong(index.workloadsIn(namespace))) {
        const token = tokenOf(index, workload);
        const summary = workload.workload;
        if (token === undefined || summary === undefined || !token.mounted || (token.name !== "default" && token.account === undefined)) continue;
        if (bindingsOfServiceAccount(policy, token.namespace, token.name, true).length > 0) continue;
        const where = `no binding of ${sourceWords(workload)}`;
        report({
          resource: workload,
          path: [...summary.podTemplatePath, "spec", "automountServiceAccountToken"],
          message: `${workload.kind} "${workload.name ?? ""}" mounts the token of ${token.name === "default" ? "the default ServiceAccount" : `ServiceAccount "${token.name}"`}, but ${where} grants that ServiceAccount any permission: if the application does not call the Kubernetes API, set automountServiceAccountToken: false so that a compromised container has no credential to use`,
        });
      }
    }
  },
});
