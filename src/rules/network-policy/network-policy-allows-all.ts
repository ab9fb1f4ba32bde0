import { describePorts, isNetworkPolicy, openingsOf, PEERS_FIELD, readNetworkPolicy, type Direction, type Opening } from "../../model/network-policy.js";
import { defineIndexRule, type IndexRuleContext } from "../rule.js";
import { describePodSelector, directionsOf, EGRESS_OPTION_SCHEMA, SEED_SECTION, type EgressOption } from "./shared.js";

function whom(opening: Opening, direction: Direction): string {
  const everyone = direction === "ingress" ? "every source" : "every destination";
  switch (opening.reason) {
    case "every-peer":
      return `${everyone} (the rule has no \`${PEERS_FIELD[direction]}\` peers)`;
    case "every-address": {
      const family = opening.cidr.includes(":") ? "IPv6" : "IPv4";
      const except = opening.except.length > 0 ? `, except ${opening.except.join(", ")}` : "";
      return `every ${family} address (${opening.cidr}${except})`;
    }
    case "every-pod":
      return "every pod of every namespace (an empty namespaceSelector)";
  }
}

/** Reports the openings a filter keeps, for the rules of the directions judged. */
function reportOpenings({ index, options, report }: IndexRuleContext<EgressOption>, keep: (opening: Opening) => boolean): void {
  const directions = directionsOf(options);
  for (const resource of index.ofKind("NetworkPolicy")) {
    if (!isNetworkPolicy(resource)) continue;
    const view = readNetworkPolicy(resource.object);
    for (const direction of directions) {
      if (!view.affects[direction]) continue;
      for (const rule of view[direction]) {
        for (const opening of openingsOf(rule)) {
          if (!keep(opening)) continue;
          const verb = direction === "ingress" ? `admits ingress from ${whom(opening, direction)} ${describePorts(rule)} to` : `admits egress to ${whom(opening, direction)} ${describePorts(rule)} from`;
          report({
            resource,
            path: opening.path,
            message: `NetworkPolicy "${resource.name ?? ""}" ${verb} ${describePodSelector(view.podSelector)}; name the allowed ${direction === "ingress" ? "sources" : "destinations"}${opening.reason === "every-pod" ? " (namespaces by label, such as kubernetes.io/metadata.name)" : ""}, or exempt this finding if they must be open to ${opening.reason === "every-pod" ? "the whole cluster" : "everyone"}`,
          });
        }
      }
    }
  }
}

export const networkPolicyAllowsAll = defineIndexRule<EgressOption>({
  id: "network-policy-allows-all",
  practice: "network-policy",
  severity: "warning",
  summary: "NetworkPolicy rules should name their peers rather than admit every source (no peers, 0.0.0.0/0, ::/0)",
  needs: { kinds: ["NetworkPolicy"] },
  reportsOn: ["NetworkPolicy"],
  options: {
    schema: { type: "object", additionalProperties: false, properties: { egress: EGRESS_OPTION_SCHEMA } },
    defaults: { egress: false },
  },
  docs: {
    seed: SEED_SECTION,
    why: [
      "A NetworkPolicy admits traffic by listing peers. A rule without peers (`ingress: [{}]`, or a rule with only `ports`) or with an ipBlock of `0.0.0.0/0` or `::/0` admits everyone, inside and outside the cluster, and undoes the isolation that the policy, or the namespace's default deny, was written to give. The seed's example names its sources instead: one address range, one labelled namespace, one labelled set of pods, on one port.",
      "Such rules are sometimes meant (a public frontend behind a load balancer); then an exemption with the reason documents the decision, and the rule keeps catching the ones that are not.",
    ].join("\n\n"),
    fix: "List the clients in `from` (egress: the destinations in `to`): `podSelector` for pods of the namespace, `namespaceSelector` with labels (such as `kubernetes.io/metadata.name`) for other namespaces, an ipBlock with the real address range for external clients. Where the pods must be reachable by everyone, exempt the finding and say why.",
    before: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 0.0.0.0/0
      ports:
        - port: 8080
`,
    after: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
        - podSelector:
            matchLabels: {app: web}
      ports:
        - port: 8080
`,
    notes: [
      "Each opening is reported where it is written: the rule item (`spec.ingress[0]`) for a rule without peers, `from` when it is written empty, the `cidr` of an ipBlock. An ipBlock of a whole family is reported even with `except` ranges, which still leave almost every address admitted. A rule limited to some ports is still reported; the message names the ports. A peer admitting every pod of every namespace (`namespaceSelector: {}`) is reported, as info, by `network-policy-allows-all-namespaces`.",
      "Deny-all policies (no rules) are never reported, and neither are rules of a direction the policy does not isolate (ingress rules of a policy whose `policyTypes` is `[Egress]` have no effect). Egress rules are judged only with `egress: true`; egress rules limited to port 53 (DNS) are then accepted.",
    ].join("\n\n"),
  },
  check(context) {
    reportOpenings(context, (opening) => opening.reason !== "every-pod");
  },
});

export const networkPolicyAllowsAllNamespaces = defineIndexRule<EgressOption>({
  id: "network-policy-allows-all-namespaces",
  practice: "network-policy",
  severity: "info",
  summary: "NetworkPolicy peers should name namespaces rather than admit every pod of the cluster (namespaceSelector: {})",
  needs: { kinds: ["NetworkPolicy"] },
  reportsOn: ["NetworkPolicy"],
  options: {
    schema: { type: "object", additionalProperties: false, properties: { egress: EGRESS_OPTION_SCHEMA } },
    defaults: { egress: false },
  },
  docs: {
    seed: `${SEED_SECTION}; 2.1 Use Pod Security Policies (namespace isolation)`,
    why: [
      "A peer with an empty `namespaceSelector` (and no `podSelector`, or an empty one) admits every pod of every namespace. Namespaces are the unit of isolation the seed recommends (its \"deny-from-other-namespaces\" policy); such a peer opens the pods to all of them, including namespaces created later by other teams.",
      "It is often written on purpose, for a metrics port that a Prometheus somewhere in the cluster scrapes, or for a webhook; it is reported as info so that the choice is visible, and naming the namespace (`kubernetes.io/metadata.name: monitoring`) is usually possible.",
    ].join("\n\n"),
    fix: "Give the `namespaceSelector` the labels of the namespaces that need access (every namespace carries `kubernetes.io/metadata.name: <name>`), or add a `podSelector` to the same peer to admit only the client pods.",
    before: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-metrics
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {}
      ports:
        - port: 9090
`,
    after: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-metrics
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
          podSelector:
            matchLabels:
              app.kubernetes.io/name: prometheus
      ports:
        - port: 9090
`,
    notes: "Reported at the peer's `namespaceSelector`. A `namespaceSelector: {}` combined with a non-empty `podSelector` (\"pods labelled x in any namespace\") is not reported. Egress peers are judged only with `egress: true`. Rules admitting every address are reported by `network-policy-allows-all`.",
  },
  check(context) {
    reportOpenings(context, (opening) => opening.reason === "every-pod");
  },
});
