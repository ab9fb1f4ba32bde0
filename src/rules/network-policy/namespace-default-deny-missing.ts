import { isDefaultDeny, openingsOf, usesHostNetwork } from "../../model/network-policy.js";
import { defineIndexRule } from "../rule.js";
import { capitalize, customPolicies, describeNamespace, directionsOf, EGRESS_OPTION_SCHEMA, namespaceObject, POLICY_KINDS, policiesByNamespace, SEED_SECTION, type EgressOption } from "./shared.js";

export const namespaceDefaultDenyMissing = defineIndexRule<EgressOption>({
  id: "namespace-default-deny-missing",
  practice: "network-policy",
  severity: "warning",
  summary: "Each namespace should have a default-deny NetworkPolicy (or the seed's same-namespace-only isolation)",
  needs: { kinds: ["Namespace", ...POLICY_KINDS], workloads: true, paths: [["metadata", "name"], ["metadata", "namespace"]] },
  reportsOn: ["Namespace", "NetworkPolicy"],
  options: {
    schema: { type: "object", additionalProperties: false, properties: { egress: EGRESS_OPTION_SCHEMA } },
    defaults: { egress: false },
  },
  docs: {
    seed: `${SEED_SECTION}; 2.1 Use Pod Security Policies (namespace isolation)`,
    why: [
      "Policies that each select one application leave a gap: the next workload deployed to the namespace, or one whose labels drift, is selected by none of them and is open to the whole cluster. A default-deny policy selects every pod of the namespace (`podSelector: {}`) and admits nothing, so a pod is isolated from the moment it starts and every opening is a deliberate allow-policy.",
      "The seed shows the other common baseline, \"deny-from-other-namespaces\": a policy selecting every pod whose only rule admits pods of the same namespace (`from: [{podSelector: {}}]`). It isolates the namespace from the rest of the cluster, which is what namespaces are meant to give, and it counts here too.",
    ].join("\n\n"),
    fix: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` (and `Egress` when judging egress) and no rules, then one allow-policy per application; or, for namespace isolation only, give it the single rule `- from: [{podSelector: {}}]`.",
    before: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
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
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    after: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
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
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    notes: [
      "A policy is a default deny for a direction when it selects every pod of its namespace, its effective `policyTypes` include that direction, and none of its rules admits everyone (no rule without peers, no `0.0.0.0/0` or `::/0` ipBlock, no peer selecting every pod of every namespace; an egress rule limited to port 53 is allowed, for DNS). So a plain deny-all, the seed's deny-from-other-namespaces and a baseline admitting only named namespaces all count; an allow-all policy (`ingress: [{}]`) does not.",
      "Judged once per namespace that has workloads in the input, and only where the namespace is managed in the input: its Namespace object is there (the finding points at it), or some of its NetworkPolicies are (the finding points at the first one's `metadata.namespace`). Teams whose platform repository owns namespaces and their baseline policies get no finding in application repositories; their workloads are still reported one by one by `network-policy-missing`.",
      "Namespaces whose pods are all `hostNetwork` are skipped, as are namespaces with a plugin's own policy kinds (Cilium, Calico, Antrea) and every namespace when the run holds a cluster-wide one (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy, AdminNetworkPolicy): their rules are not read. With `egress: true`, the default deny must cover egress as well.",
    ].join("\n\n"),
  },
  check({ index, options, report }) {
    const custom = customPolicies(index);
    if (custom.clusterWide !== undefined) return;
    const directions = directionsOf(options);
    const policies = policiesByNamespace(index);
    for (const namespace of index.namespacesInUse()) {
      if (custom.namespaces.has(namespace)) continue;
      if (!index.workloadsIn(namespace).some((w) => w.workload !== undefined && w.kind !== "PodTemplate" && !usesHostNetwork(w.workload))) continue;
      const own = policies.get(namespace) ?? [];
      const declared = namespaceObject(index, namespace);
      const first = own[0];
      if (declared === undefined && first === undefined) continue;
      const missing = directions.filter((d) => !own.some(({ view }) => isDefaultDeny(view, d)));
      if (missing.length === 0) continue;
      // A policy that selects every pod but admits everyone is the usual near miss: name it.
      const open = own.find(({ view }) => view.podSelector.kind === "everything" && missing.some((d) => view.affects[d] && view[d].some((rule) => openingsOf(rule).length > 0)));
      const hint = open === undefined ? "" : ` (NetworkPolicy "${open.resource.name ?? ""}" selects every pod but a rule of it admits everyone)`;
      const message = `${capitalize(describeNamespace(namespace))} has no default-deny NetworkPolicy for ${missing.join(" and ")}${hint}: a pod that no other policy selects ${missing.includes("ingress") ? "is open to the whole cluster" : "may connect anywhere"}; add a policy with podSelector: {} and policyTypes [${missing.map((d) => (d === "ingress" ? "Ingress" : "Egress")).join(", ")}] and no rules, or rules that admit only this namespace's pods`;
      if (declared !== undefined) report({ resource: declared, path: ["metadata", "name"], message });
      else if (first !== undefined) report({ resource: first.resource, path: ["metadata", "namespace"], message });
    }
  },
});
