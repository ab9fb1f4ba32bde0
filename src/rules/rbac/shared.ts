// What the rbac rules share: the run's RBAC policy (the input's roles and bindings plus the API
// server's defaults), which objects the platform manages rather than the user, who holds a role,
// and the way roles and bindings that grant a risky permission are found and reported.
import type { KubeVersion } from "../../model/kube-version.js";
import {
  apiGroupMatches,
  describeBinding,
  describeRole,
  describeSubject,
  RBAC_KINDS,
  RbacPolicy,
  readRbacObject,
  resourceMatches,
  verbMatches,
  type BindingRecord,
  type PolicyRule,
  type RbacRecord,
  type RoleRecord,
  type Subject,
} from "../../model/rbac/index.js";
import { derivedKey, namespaceKeyOf, type IndexedResource, type ResourceIndex } from "../../model/resource-index.js";
import type { IndexReportInput } from "../rule.js";

export const SEED_SECTION = "2.3 Enable Role-Based Access Control (RBAC)";

/** The kinds the rules that judge roles and bindings report on. */
export { RBAC_KINDS };

/** The kinds every rule of the practice keeps. */
export const KINDS: readonly string[] = [...RBAC_KINDS, "ServiceAccount"];

export type Policy = RbacPolicy<IndexedResource>;
export type Role = RoleRecord<IndexedResource>;
export type Binding = BindingRecord<IndexedResource>;

const POLICY = derivedKey<Policy>("the run's RBAC policy", { kinds: RBAC_KINDS });

/**
 * The run's RBAC policy. Objects that name no namespace share the namespace "" (the one chosen at
 * apply time), as everywhere else in shipshape. The API server's default roles and bindings are
 * added when the run does not hold them: a manifest may bind `edit` or `cluster-admin` without
 * defining them, and a scan of one namespace reads no ClusterRoles.
 */
export function policyOf(index: ResourceIndex): Policy {
  return index.derive(POLICY, (idx) => {
    const records: RbacRecord<IndexedResource>[] = [];
    for (const kind of RBAC_KINDS) {
      for (const resource of idx.ofKind(kind)) {
        const record = readRbacObject(resource.object, "input", resource, "");
        if (record !== undefined) records.push(record);
      }
    }
    // Most runs (and every admission review of a workload) hold no RBAC object: the policy is
    // then the API server's defaults alone, built once rather than once per run.
    return records.length === 0 ? (defaultsOnly ??= new RbacPolicy([], { defaultNamespace: "" })) : new RbacPolicy(records, { defaultNamespace: "" });
  });
}

let defaultsOnly: Policy | undefined;

/** "the cluster" for objects read from one, "the input" for files: where the rules looked. */
export function sourceWords(resource: IndexedResource | undefined): string {
  return fromCluster(resource) ? "the cluster" : "the input";
}

/** Read from a cluster (or an admission request), not from a file. */
export function fromCluster(resource: IndexedResource | undefined): boolean {
  return resource !== undefined && (resource.file === undefined || resource.file === "");
}

const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
/** Name prefixes of RBAC objects that Kubernetes components, kubeadm and cloud providers create in a cluster. */
const PLATFORM_PREFIXES = ["system:", "kubeadm:", "eks:", "gce:", "gke:"];
const ADDON_MANAGER_LABEL = "addonmanager.kubernetes.io/mode";

/**
 * Objects the user did not write: the API server's defaults (known to shipshape, or read with
 * their `kubernetes.io/bootstrapping: rbac-defaults` label), and, in a cluster, the objects of
 * platform components: named `system:…`, `kubeadm:…`, `eks:…`, `gce:…`, `gke:…`, or managed by
 * the addon manager. They are not judged; the grants they make to the user's subjects are.
 */
export function isPlatformManaged(record: { readonly name: string; readonly provenance: string; readonly source: IndexedResource | undefined }): boolean {
  if (record.provenance === "built-in" || record.source === undefined) return true;
  const labels = record.source.labels;
  if (labels[BOOTSTRAP_LABEL] === "rbac-defaults") return true;
  if (!fromCluster(record.source)) return false;
  return PLATFORM_PREFIXES.some((p) => record.name.startsWith(p)) || labels[ADDON_MANAGER_LABEL] !== undefined;
}

/** A role whose own written rules the role rules judge: the user's, and not aggregated (its members are judged instead). */
export function isJudgedRole(role: Role): boolean {
  return !isPlatformManaged(role) && role.aggregation === undefined;
}

/** `(namespace "shop")` or, for objects that name none, words for the namespace chosen at apply time. */
export function describeNamespace(namespace: string | undefined): string {
  return namespace === undefined || namespace === "" ? "the namespace chosen at apply time" : `namespace "${namespace}"`;
}

export function roleWords(role: Pick<Role, "kind" | "name" | "namespace">): string {
  return role.kind === "Role" ? `Role "${role.name}"` : describeRole(role);
}

export function bindingWords(binding: Pick<Binding, "kind" | "name" | "namespace">): string {
  return binding.kind === "RoleBinding" ? `RoleBinding "${binding.name}"` : describeBinding(binding);
}

/** Subjects for a message: at most three, then a count. */
export function describeSubjects(subjects: readonly Subject[], bindingNamespace: string | undefined): string {
  const words = subjects.map((s) => describeSubject(s.kind === "ServiceAccount" && s.namespace === undefined && bindingNamespace !== undefined && bindingNamespace !== "" ? { ...s, namespace: bindingNamespace } : s));
  if (words.length === 0) return "no subject";
  return words.length <= 3 ? words.join(", ") : `${words.slice(0, 3).join(", ")} and ${words.length - 3} more`;
}

/** Who holds a role in the input, for messages: "bound to X by RoleBinding "b"…", or that nothing binds it. */
export function describeHolders(policy: Policy, role: Role): string {
  const parts: string[] = [];
  const bindings = policy.bindingsOf(role).filter((b) => b.subjects.length > 0);
  for (const binding of bindings.slice(0, 2)) {
    const where = binding.kind === "ClusterRoleBinding" ? "in every namespace" : `in ${describeNamespace(binding.namespace)}`;
    parts.push(`${describeSubjects(binding.subjects, binding.namespace)} ${where} (${bindingWords(binding)})`);
  }
  if (bindings.length > 2) parts.push(`${bindings.length - 2} more binding${bindings.length === 3 ? "" : "s"}`);
  const via = aggregatedInto(policy, role);
  const aggregated = via.length > 0 ? `; it is aggregated into ${via.map((r) => `ClusterRole "${r.name}"`).join(", ")}` : "";
  if (parts.length === 0) return `no binding of ${sourceWords(role.source)} grants it yet${aggregated}`;
  return `held by ${parts.join("; ")}${aggregated}`;
}

/** Aggregated ClusterRoles that include rules this role wrote. */
export function aggregatedInto(policy: Policy, role: Role): Role[] {
  if (role.kind !== "ClusterRole") return [];
  return policy.allRoles().filter((r) => r.aggregation !== undefined && r !== role && policy.rulesOf(r).some((e) => e.author === role));
}

/** What a rule lets do, when it is risky: a short phrase ("get, list on secrets"), or undefined. */
export type RiskTest = (rule: PolicyRule, kubeVersion: KubeVersion) => string | undefined;

/**
 * Whether a rule allows a verb on a resource (or subresource) of a group for some object,
 * whatever the object's name: resourceNames narrow a permission but do not remove it.
 */
export function allowsSome(rule: PolicyRule, verb: string, group: string, resource: string, subresource?: string): boolean {
  return verbMatches(rule, verb) && apiGroupMatches(rule, group) && resourceMatches(rule, resource, subresource);
}

/** The verbs among `verbs` a rule allows on a resource, written as the rule grants them ("*" when it allows every verb). */
export function verbsAllowed(rule: PolicyRule, verbs: readonly string[], group: string, resource: string, subresource?: string): string[] {
  if (rule.verbs.includes("*") && apiGroupMatches(rule, group) && resourceMatches(rule, resource, subresource)) return ["*"];
  return verbs.filter((v) => allowsSome(rule, v, group, resource, subresource));
}

export function namedOnly(rule: PolicyRule): string {
  return rule.resourceNames.length > 0 ? ` (named ${rule.resourceNames.slice(0, 3).join(", ")}${rule.resourceNames.length > 3 ? ", …" : ""} only)` : "";
}

export interface RiskSpec {
  readonly test: RiskTest;
  /** What holding the permission means, ending the message. */
  readonly consequence: string;
  /** Skip rules that only reach objects named in resourceNames. */
  readonly ignoreNamed?: boolean;
}

/**
 * Reports where a risky permission is granted:
 * - at the first rule that allows it in each Role or ClusterRole the user wrote (bound or not,
 *   since a role is written to be bound), naming who holds it;
 * - at `roleRef` of each ClusterRoleBinding the user wrote that grants it everywhere through a
 *   role that is not judged itself (a built-in such as `edit`, a platform role, or an aggregated
 *   role whose rule comes from one of those).
 * RoleBindings of built-in roles are not reported: binding `admin` or `edit` in a namespace is how
 * Kubernetes means a namespace to be delegated, and those roles hold these permissions by design.
 */
export function reportRisk(index: ResourceIndex, kubeVersion: KubeVersion, spec: RiskSpec, report: (finding: IndexReportInput) => void): void {
  const policy = policyOf(index);
  // A rule that allows everything is reported once, by rbac-wildcard-rule and rbac-cluster-admin-binding.
  const test = (rule: PolicyRule) => (isFullAccess(rule) || (spec.ignoreNamed === true && rule.resourceNames.length > 0) ? undefined : spec.test(rule, kubeVersion));
  for (const role of policy.allRoles()) {
    if (!isJudgedRole(role) || role.source === undefined) continue;
    const hits = role.rules.flatMap((rule, i) => {
      const phrase = test(rule);
      return phrase === undefined ? [] : [{ i, phrase: `${phrase}${namedOnly(rule)}` }];
    });
    const first = hits[0];
    if (first === undefined) continue;
    const more = hits.length > 1 ? ` (and in ${hits.length - 1} more rule${hits.length === 2 ? "" : "s"})` : "";
    report({
      resource: role.source,
      path: ["rules", first.i],
      message: `${roleWords(role)} allows ${first.phrase}${more}, ${describeHolders(policy, role)}: ${spec.consequence}`,
    });
  }
  for (const binding of policy.allBindings()) {
    if (binding.kind !== "ClusterRoleBinding" || isPlatformManaged(binding) || binding.source === undefined || binding.subjects.length === 0) continue;
    const role = policy.roleOf(binding);
    if (role === undefined || policy.rulesOf(role).some((e) => isFullAccess(e.rule))) continue;
    const hit = policy.rulesOf(role).find((e) => !isJudgedRole(e.author) && test(e.rule) !== undefined);
    if (hit === undefined) continue;
    const through = hit.author === role ? `${roleWords(role)}` : `${roleWords(role)} (a rule of ${roleWords(hit.author)})`;
    report({
      resource: binding.source,
      path: ["roleRef", "name"],
      message: `${bindingWords(binding)} lets ${describeSubjects(binding.subjects, undefined)} ${test(hit.rule) ?? ""}${namedOnly(hit.rule)} in every namespace through ${through}: ${spec.consequence}`,
    });
  }
}

/** A rule that allows every verb on every resource of every group: what cluster-admin holds. */
export function isFullAccess(rule: PolicyRule): boolean {
  return rule.verbs.includes("*") && rule.apiGroups.includes("*") && rule.resources.includes("*") && rule.resourceNames.length === 0;
}

/** The pod spec fields a ServiceAccount object sets for the pods that run as it. */
export function automountOf(serviceAccount: IndexedResource): boolean | undefined {
  const value = serviceAccount.object.automountServiceAccountToken;
  return typeof value === "boolean" ? value : undefined;
}

interface AccountBindings {
  /** "namespace\u0000name" → bindings naming that ServiceAccount. */
  readonly byAccount: Map<string, Binding[]>;
  /** Namespace → the user's bindings to system:serviceaccounts:NAMESPACE; "*" for system:serviceaccounts. */
  readonly byGroup: Map<string, Binding[]>;
}

/**
 * Kept for as long as the policy lives, not for one check: a review of an object whose namespace
 * holds no RBAC object shares one policy of the API server's defaults with every other review.
 */
const accountBindings = new WeakMap<Policy, AccountBindings>();

function accountBindingsOf(policy: Policy): AccountBindings {
  let found = accountBindings.get(policy);
  if (found === undefined) accountBindings.set(policy, (found = indexAccountBindings(policy)));
  return found;
}

function indexAccountBindings(policy: Policy): AccountBindings {
  const found: AccountBindings = { byAccount: new Map(), byGroup: new Map() };
  const add = (map: Map<string, Binding[]>, key: string, binding: Binding) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [binding]);
    else if (!list.includes(binding)) list.push(binding);
  };
  for (const binding of policy.allBindings()) {
    for (const s of binding.subjects) {
      if (s.kind === "ServiceAccount") {
        const ns = s.namespace ?? (binding.kind === "RoleBinding" ? (binding.namespace ?? "") : undefined);
        if (ns !== undefined) add(found.byAccount, `${ns}\u0000${s.name}`, binding);
      } else if (s.kind === "Group" && !isPlatformManaged(binding)) {
        if (s.name === "system:serviceaccounts") add(found.byGroup, "*", binding);
        else if (s.name.startsWith("system:serviceaccounts:")) add(found.byGroup, s.name.slice("system:serviceaccounts:".length), binding);
      }
    }
  }
  return found;
}

/**
 * The bindings whose subjects name a service account (`namespace` is its namespace key, "" for
 * objects that name none). With `groups`, also the user's bindings to the groups every service
 * account of that namespace is in (`system:serviceaccounts`, `system:serviceaccounts:NS`).
 */
export function bindingsOfServiceAccount(policy: Policy, namespace: string, name: string, groups: boolean): Binding[] {
  const found = accountBindingsOf(policy);
  const out = [...(found.byAccount.get(`${namespace}\u0000${name}`) ?? [])];
  if (groups) out.push(...(found.byGroup.get("*") ?? []), ...(namespace !== "" ? (found.byGroup.get(namespace) ?? []) : []));
  return out;
}

/** The ServiceAccount object of that name in a namespace (key), when the run has it. */
export function serviceAccountObject(index: ResourceIndex, namespace: string, name: string): IndexedResource | undefined {
  return index.inNamespace("ServiceAccount", namespace).find((r) => r.apiVersion === "v1" && r.name === name);
}

/** A workload's service account and whether its pods get its token: the pod's setting wins over the ServiceAccount's; both unset mount it. */
export function tokenOf(index: ResourceIndex, workload: IndexedResource): { name: string; namespace: string; mounted: boolean; account: IndexedResource | undefined } | undefined {
  const summary = workload.workload;
  if (summary === undefined || workload.kind === "PodTemplate") return undefined;
  const namespace = namespaceKeyOf(workload) ?? "";
  const name = summary.serviceAccountName ?? "default";
  const account = serviceAccountObject(index, namespace, name);
  const mounted = summary.automountServiceAccountToken ?? (account !== undefined ? automountOf(account) : undefined) ?? true;
  return { name, namespace, mounted, account };
}

/** `RoleBinding "x" (Role "y")` for a few bindings, for messages. */
export function describeBindings(policy: Policy, bindings: readonly Binding[]): string {
  const words = bindings.slice(0, 3).map((b) => {
    const role = policy.roleOf(b);
    return `${bindingWords(b)} (${role !== undefined ? roleWords(role) : `${b.roleRef.kind} "${b.roleRef.name}"`})`;
  });
  return bindings.length > 3 ? `${words.join(", ")} and ${bindings.length - 3} more` : words.join(", ");
}
