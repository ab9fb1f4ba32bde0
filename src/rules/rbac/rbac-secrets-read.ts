import { defineIndexRule } from "../rule.js";
import { KINDS, reportRisk, SEED_SECTION, verbsAllowed, RBAC_KINDS } from "./shared.js";

export default defineIndexRule({
  id: "rbac-secrets-read",
  practice: "rbac",
  severity: "warning",
  summary: "Reading Secrets should be granted only for the Secrets a subject needs, by name",
  needs: { kinds: KINDS, paths: [["rules"], ["roleRef", "name"]] },
  reportsOn: RBAC_KINDS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "A Secret holds what protects everything else: database passwords, API keys, TLS keys, and the tokens of service accounts that may hold far more power than the reader. Whoever may `get` Secrets in a namespace may read all of them, and `list` or `watch` hand over every value in one response, so a permission that looks like \"read-only\" is in practice a way to borrow every identity of the namespace.",
      "The seed asks to use RBAC with least privilege: a workload that needs its own credentials should be able to read those, and nothing else. Naming them in `resourceNames` does exactly that.",
    ].join("\n\n"),
    fix: "Grant `get` on the Secrets the subject needs by name (`resourceNames`), or mount them into the pod instead of reading them through the API; drop `list` and `watch`. A controller that must read every Secret (an ingress controller reading TLS certificates, a backup tool) should have that scoped to the namespaces it serves.",
    before: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: api
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, list]
`,
    after: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: api
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [api-database]
    verbs: [get]
`,
    notes: [
      "Reported at the first rule of each Role and ClusterRole of the input that allows `get`, `list` or `watch` on `secrets` of the core group (through `*` verbs, `*` resources or `*` groups too), naming who holds it; and at `roleRef` of each ClusterRoleBinding that grants it in every namespace through a built-in role (`edit`, `admin`, …). Rules limited by `resourceNames` are not reported: they are what the fix asks for. A rule that allows everything is left to `rbac-wildcard-rule` and `rbac-cluster-admin-binding`.",
      "RoleBindings of the built-in `edit` and `admin` in a namespace are not reported: they read Secrets by design, and binding them in a namespace is how Kubernetes means a namespace to be handed over. The API server's own roles and bindings, and in a cluster those of platform components (`system:…`, `kubeadm:…` and cloud providers' names, addon-manager objects), are not judged.",
    ].join("\n\n"),
  },
  check({ index, kubeVersion, report }) {
    reportRisk(
      index,
      kubeVersion,
      {
        ignoreNamed: true,
        test: (rule) => {
          const verbs = verbsAllowed(rule, ["get", "list", "watch"], "", "secrets");
          return verbs.length === 0 ? undefined : `${verbs[0] === "*" ? "every verb" : verbs.join(", ")} on secrets`;
        },
        consequence: "whoever holds it can read every Secret it reaches, with the credentials and service-account tokens in them; grant get on the Secrets needed, by name",
      },
      report,
    );
  },
});
