import { templateSelector, usesHostNetwork, type Direction } from "../../model/network-policy.js";
import { selectorMatches, type LabelSelector } from "../../model/selectors.js";
import { defineIndexRule } from "../rule.js";
import { customPolicies, describeLabels, describeNamespace, describeResource, directionsOf, EGRESS_OPTION_SCHEMA, POLICY_KINDS, policiesByNamespace, SEED_SECTION, type EgressOption, type PolicyOfRun } from "./shared.js";

interface Options extends EgressOption {
  readonly batch: boolean;
}

/** What the policies of one namespace cover, for one direction. */
interface Coverage {
  /** A policy selects every pod of the namespace. */
  all: boolean;
  /** The selectors of the policies that select some pods (a workload is covered when one matches its pod labels). */
  readonly selectors: LabelSelector[];
}

type NamespaceCoverage = Record<Direction, Coverage>;

/**
 * The coverage of a namespace's policies. Each workload is then tested against the selectors
 * itself, so that a webhook review tests only the reviewed workload instead of working out what
 * every policy of the namespace selects.
 */
function coverageOf(policies: readonly PolicyOfRun[]): NamespaceCoverage {
  const coverage: NamespaceCoverage = { ingress: { all: false, selectors: [] }, egress: { all: false, selectors: [] } };
  for (const { view } of policies) {
    const selector = templateSelector(view.podSelector);
    for (const direction of ["ingress", "egress"] as const) {
      const covered = coverage[direction];
      if (!view.affects[direction] || covered.all) continue;
      // A selector on labels only controllers add (pod-template-hash, pod-name) picks some of
      // the pods: every template counts as covered rather than a guess at which.
      if (selector === undefined || selector.kind === "everything") covered.all = true;
      else if (selector.kind !== "nothing" && selector.kind !== "invalid") covered.selectors.push(selector);
    }
  }
  return coverage;
}

const CONSEQUENCE: Readonly<Record<string, string>> = {
  ingress: "they accept connections from any pod of the cluster and any address that can reach them",
  egress: "they may connect to any pod of the cluster and any address",
  "ingress,egress": "they accept connections from anywhere and may connect anywhere",
};

export const networkPolicyMissing = defineIndexRule<Options>({
  id: "network-policy-missing",
  practice: "network-policy",
  severity: "warning",
  summary: "Every pod should be selected by a NetworkPolicy that isolates its ingress (and egress when configured)",
  needs: { kinds: POLICY_KINDS, workloads: true, paths: [["spec", "template", "metadata", "labels"], ["metadata", "labels"], ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]] },
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        egress: EGRESS_OPTION_SCHEMA,
        batch: { type: "boolean", description: "Also judge the pods of Jobs, CronJobs and other batch kinds (off by default: they rarely accept connections and are gone in minutes)." },
      },
    },
    defaults: { egress: false, batch: false },
  },
  docs: {
    seed: SEED_SECTION,
    why: [
      "Kubernetes lets every pod talk to every other pod, in every namespace, until a NetworkPolicy selects it. The seed's section on network policies is about exactly this pod-to-pod traffic: a pod that no policy selects is reachable from anything that gets a foothold in the cluster, which turns one compromised container into a path to every database and internal API.",
      "A policy isolates the pods its `podSelector` picks, for the directions in its `policyTypes`; from then on only what some policy's rules admit gets through. A default-deny policy (`podSelector: {}`) selects every pod of its namespace at once, so it is the simplest way to pass this rule.",
    ].join("\n\n"),
    fix: "Add a NetworkPolicy in the workload's namespace whose `podSelector` matches its pod template's labels, admitting only the clients it needs; or add a default-deny policy for the namespace (`podSelector: {}`, `policyTypes: [Ingress]`, no rules) and allow-policies for the traffic the application needs.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:4.1.0
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:4.1.0
---
apiVersion: networking.k8s.io/v1
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
        - podSelector:
            matchLabels: {app: web}
      ports:
        - port: 8080
`,
    notes: [
      "Only `networking.k8s.io/v1` NetworkPolicies are read, with their defaults: no `policyTypes` means Ingress, plus Egress when `egress` rules are written. An empty `podSelector` (`{}`, or a `matchLabels` left empty as in the seed's \"deny-from-other-namespaces\" example) selects every pod of the namespace. Selectors use `matchLabels` and `matchExpressions` exactly as Kubernetes does.",
      "Objects that name no namespace are taken to share the one they are applied to, wherever they are in the run: a policy without a namespace covers the workloads without one, as a kustomize component of policies covers the manifests of another folder (the microservices demo is built so). Linting a repository of unrelated examples in one run therefore lets one example's default deny cover the others.",
      "The policies must be in the input: a workload is reported even when its namespace's policies may live in another repository, and the message says no policy *in the input* selects it (the same choice as for a missing PodDisruptionBudget). Where policies are managed elsewhere, turn the rule off for those files.",
      "When the run holds a plugin's own policy kinds (CiliumNetworkPolicy, Calico NetworkPolicy, Antrea NetworkPolicy) in a namespace, that namespace's pods are not reported; a cluster-wide one (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy, Antrea ClusterNetworkPolicy, AdminNetworkPolicy) silences the rule for the run. shipshape does not read those policies, so it cannot say the pods are unprotected (kube-score and Popeye do, wrongly: kube-score #644, Popeye #311). Service-mesh authorization (Istio AuthorizationPolicy, Linkerd Server and AuthorizationPolicy) works inside the mesh at layer 7 and does not count as a NetworkPolicy.",
      "Long-running workloads (Deployments, StatefulSets, DaemonSets, Pods, Argo Rollouts, ...) are judged; the pods of Jobs and CronJobs only with `batch: true`, since they rarely accept connections and a default deny covers them anyway. Pods with `hostNetwork: true` are skipped: they use the node's network, which NetworkPolicies do not isolate. `PodTemplate` objects run nothing and are skipped. With `egress: true`, a pod must also be selected by a policy whose types include Egress.",
      "Unlike Polaris, a policy written with `matchExpressions` or an empty `podSelector` counts, and unlike kube-score, ingress and egress are judged separately (egress only when asked).",
    ].join("\n\n"),
  },
  check({ index, options, report, judgedAmong }) {
    const custom = customPolicies(index);
    if (custom.clusterWide !== undefined) return;
    const directions = directionsOf(options);
    const policies = policiesByNamespace(index);
    for (const namespace of index.namespacesInUse()) {
      if (custom.namespaces.has(namespace)) continue;
      let coverage: NamespaceCoverage | undefined;
      for (const resource of judgedAmong(index.workloadsIn(namespace))) {
        const summary = resource.workload;
        if (summary === undefined || resource.kind === "PodTemplate") continue;
        if (!options.batch && summary.workloadClass === "batch") continue;
        const covered = (coverage ??= coverageOf(policies.get(namespace) ?? []));
        const missing = directions.filter((d) => !covered[d].all && !covered[d].selectors.some((selector) => selectorMatches(selector, summary.podLabels)));
        if (missing.length === 0 || usesHostNetwork(summary)) continue;
        report({
          resource,
          path: [...summary.podTemplatePath, "metadata", "labels"],
          message: `No NetworkPolicy of ${describeNamespace(namespace)} in the input selects the pods of ${describeResource(resource)} (${describeLabels(summary.podLabels)}) for ${missing.join(" or ")}, so ${CONSEQUENCE[missing.join(",")] ?? ""}; add a default-deny policy for the namespace or a policy that selects these labels`,
        });
      }
    }
  },
});
