// Namespaces of the input without the objects that bound what their pods may use: a LimitRange
// (defaults and a ceiling per container) and a ResourceQuota (a ceiling for the namespace).
import { asArray, asObject } from "../../model/json.js";
import { isSystemNamespace } from "../../model/namespaces.js";
import { defineIndexRule, type IndexedResource, type IndexRuleContext } from "../rule.js";

const SEED = "4.1 Limits (CPU/memory); 4.4 Use Namespaces and Labels";

interface PolicyKind {
  readonly kind: "LimitRange" | "ResourceQuota";
  /** Whether an object of the kind constrains anything (an empty one admits everything). */
  readonly constrains: (object: IndexedResource) => boolean;
  readonly consequence: string;
  readonly empty: string;
}

/** The Namespace objects of the run that a team owns (not the ones every cluster has). */
function ownedNamespaces(context: IndexRuleContext<Record<string, never>>): IndexedResource[] {
  return context.index.ofKind("Namespace").filter((n) => n.apiVersion === "v1" && n.name !== undefined && !isSystemNamespace(n.name) && context.judges(n));
}

function checkNamespaces(context: IndexRuleContext<Record<string, never>>, policy: PolicyKind): void {
  const { index, report } = context;
  // Objects that name no namespace go wherever they are applied, possibly into any of the
  // input's namespaces: they count for all of them rather than raise a doubtful finding.
  const unnamespaced = index.inNamespace(policy.kind, "");
  for (const namespace of ownedNamespaces(context)) {
    const name = namespace.name as string;
    const candidates = [...index.inNamespace(policy.kind, name), ...unnamespaced];
    if (candidates.some(policy.constrains)) continue;
    const quoted = candidates.map((c) => `"${c.name ?? ""}"`);
    const names = quoted.length === 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1] ?? ""}`;
    const message =
      candidates.length === 0
        ? `Namespace "${name}" has no ${policy.kind} in the input: ${policy.consequence}`
        : `Namespace "${name}" has ${policy.kind}${candidates.length === 1 ? "" : "s"} ${names} but ${candidates.length === 1 ? "it sets" : "they set"} ${policy.empty}: ${policy.consequence}`;
    report({ resource: namespace, path: ["metadata", "name"], message });
  }
}

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

const LIMIT_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
      default: {memory: 256Mi}
      max: {cpu: "2", memory: 2Gi}
`;

const RESOURCE_QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: shop
spec:
  hard:
    requests.cpu: "8"
    requests.memory: 16Gi
    limits.memory: 32Gi
    pods: "50"
`;

export const namespaceLimitRangeMissing = defineIndexRule({
  id: "namespace-limitrange-missing",
  practice: "resources",
  severity: "warning",
  summary: "Each namespace of the input should have a LimitRange that sets container defaults and a ceiling",
  needs: { kinds: ["Namespace", "LimitRange"], paths: [["metadata", "name"]] },
  reportsOn: ["Namespace"],
  docs: {
    seed: SEED,
    why: [
      "Requests and limits on every container (the rest of this practice) are only as good as the discipline of whoever writes the next manifest. A LimitRange makes the namespace itself enforce them: the API server fills in default requests and limits for containers that set none, and refuses containers that ask for more than the maximum or less than the minimum. The seed names it as the way to restrict what a namespace may consume.",
      "Without one, a single pod written without limits can take a node's whole memory, and a pod without requests is scheduled as if it needed nothing.",
    ].join("\n\n"),
    fix: "Add a LimitRange to the namespace with `type: Container` and at least `defaultRequest` (CPU and memory) and `default` (a memory limit); add `max` to cap what one container may ask for.",
    before: NAMESPACE,
    after: `${NAMESPACE}---\n${LIMIT_RANGE}`,
    notes: [
      "Judged for every Namespace object in the input except `kube-system`, `kube-public` and `kube-node-lease`, which belong to the cluster. A LimitRange counts when it is in that namespace, or names no namespace at all (it is then applied into a namespace chosen at apply time, which may be this one). A LimitRange whose `spec.limits` is empty constrains nothing and does not count.",
      "Namespaces that only appear in `metadata.namespace` of other objects are not judged: their LimitRange, if any, is managed elsewhere. When the input is one folder of a larger repository and the namespace's LimitRange sits in another folder, lint both together.",
      "kube-score, Polaris and kube-linter do not check namespaces for limit ranges.",
    ].join("\n\n"),
  },
  check(context) {
    checkNamespaces(context, {
      kind: "LimitRange",
      constrains: (r) => asArray(asObject(r.object.spec)?.limits).length > 0,
      consequence: "containers created there without requests or limits get no defaults and no ceiling; add a LimitRange with default requests and limits for containers",
      empty: "no limits",
    });
  },
});

export const namespaceResourceQuotaMissing = defineIndexRule({
  id: "namespace-resourcequota-missing",
  practice: "resources",
  severity: "warning",
  summary: "Each namespace of the input should have a ResourceQuota that caps what it may consume",
  needs: { kinds: ["Namespace", "ResourceQuota"], paths: [["metadata", "name"]] },
  reportsOn: ["Namespace"],
  docs: {
    seed: SEED,
    why: [
      "Limits on containers bound one pod; nothing bounds how many pods a namespace runs. A ResourceQuota caps the total CPU and memory the namespace's pods may request or be limited to, and the number of objects it may create, so one team's runaway scale-up or a loop creating Jobs cannot starve every other namespace of the cluster. The seed's advice to restrict a namespace's resource consumption and creation is exactly this.",
    ].join("\n\n"),
    fix: "Add a ResourceQuota to the namespace with `spec.hard` limits such as `requests.cpu`, `requests.memory`, `limits.memory` and `pods`. A quota on `requests.cpu` or `limits.memory` makes the API server refuse pods that do not set them, so give the namespace a LimitRange with defaults too.",
    before: NAMESPACE,
    after: `${NAMESPACE}---\n${RESOURCE_QUOTA}`,
    notes: [
      "Judged for every Namespace object in the input except `kube-system`, `kube-public` and `kube-node-lease`. A ResourceQuota counts when it is in that namespace or names no namespace; one with an empty `spec.hard` enforces nothing and does not count. Namespaces that only appear in `metadata.namespace` of other objects are not judged.",
      "kube-score, Polaris and kube-linter do not check namespaces for quotas.",
    ].join("\n\n"),
  },
  check(context) {
    checkNamespaces(context, {
      kind: "ResourceQuota",
      constrains: (r) => Object.keys(asObject(asObject(r.object.spec)?.hard) ?? {}).length > 0,
      consequence: "nothing caps the CPU, memory and objects its workloads may claim from the cluster; add a ResourceQuota with hard limits such as requests.cpu, requests.memory and pods",
      empty: "no hard limits",
    });
  },
});
