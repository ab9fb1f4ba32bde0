// An RBAC policy: the Roles, ClusterRoles and bindings of an input (plus the API server's own
// defaults when the input does not define them), with aggregated ClusterRoles resolved, and the
// questions asked of it answered as the Kubernetes RBAC authorizer answers them:
// - authorize(identity, request): is it allowed, and by which binding and rule;
// - whoCan(request): every subject some binding lets make the request;
// - grantsFor(identity, namespace): everything an identity may do, with where it comes from.
import type { KubeObject } from "../object.js";
import { selectorMatches } from "../selectors.js";
import { BOOTSTRAP_OBJECTS } from "./bootstrap-policy.generated.js";
import { ruleAllows, serviceAccountUser, subjectApplies } from "./matching.js";
import { readRbacObject, type RbacRecord } from "./read.js";
import type { AccessRequest, BindingRecord, EffectiveRule, Identity, PolicyRule, RoleRecord, Subject } from "./types.js";

export interface PolicyOptions {
  /** Add the API server's default roles and bindings that the input does not define (default true). */
  readonly builtIns?: boolean;
  /** The namespace of Roles and RoleBindings that name none (default "default", where kubectl applies them). */
  readonly defaultNamespace?: string;
}

/** A binding that applies, with the subject through which it applies. */
export interface Grant<S> {
  readonly binding: BindingRecord<S>;
  readonly subject: Subject;
  /** The role the binding refers to; undefined when the policy has no such role (the binding grants nothing). */
  readonly role: RoleRecord<S> | undefined;
  readonly rules: readonly EffectiveRule<S>[];
}

export interface Decision<S> {
  readonly allowed: boolean;
  /** What allowed it (the first binding and rule found, ClusterRoleBindings first, by name). */
  readonly grant?: Grant<S>;
  readonly rule?: EffectiveRule<S>;
}

/** A subject that may make a request, through one binding and rule. */
export interface Holder<S> {
  /** The subject as written, a ServiceAccount's namespace filled in from its RoleBinding. */
  readonly subject: Subject;
  readonly binding: BindingRecord<S>;
  readonly role: RoleRecord<S>;
  readonly rule: EffectiveRule<S>;
}

const compareByName = (a: { name: string; namespace?: string | undefined }, b: { name: string; namespace?: string | undefined }): number => {
  const ka = `${a.namespace ?? ""}\u0000${a.name}`;
  const kb = `${b.namespace ?? ""}\u0000${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Two rules are the same rule when every list is equal (the aggregation controller's test). */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

/** The built-in records, read once. */
let builtInRecords: RbacRecord<never>[] | undefined;
function builtIns(): readonly RbacRecord<never>[] {
  builtInRecords ??= BOOTSTRAP_OBJECTS.flatMap((o) => readRbacObject<never>(o, "built-in", undefined, "") ?? []);
  return builtInRecords;
}

export class RbacPolicy<S> {
  private readonly clusterRoles = new Map<string, RoleRecord<S>>();
  private readonly roles = new Map<string, RoleRecord<S>>();
  private readonly clusterRoleBindings: BindingRecord<S>[] = [];
  private readonly roleBindings = new Map<string, BindingRecord<S>[]>();
  private readonly effective = new Map<RoleRecord<S>, readonly EffectiveRule<S>[]>();
  private readonly boundBy = new Map<RoleRecord<S>, BindingRecord<S>[]>();
  private sortedRoles: readonly RoleRecord<S>[] | undefined;
  private sortedBindings: readonly BindingRecord<S>[] | undefined;

  /** A policy from records (later records replace earlier ones of the same kind, namespace and name). */
  constructor(records: Iterable<RbacRecord<S>>, options: PolicyOptions = {}) {
    const roles = new Map<string, RoleRecord<S>>();
    const bindings = new Map<string, BindingRecord<S>>();
    const add = (record: RbacRecord<S>) => {
      const key = `${record.kind}\u0000${record.namespace ?? ""}\u0000${record.name}`;
      const { type, ...rest } = record;
      if (type === "role") roles.set(key, rest as RoleRecord<S>);
      else bindings.set(key, rest as BindingRecord<S>);
    };
    if (options.builtIns !== false) for (const record of builtIns()) add(record as RbacRecord<S>);
    for (const record of records) add(record);

    for (const role of roles.values()) {
      if (role.kind === "ClusterRole") this.clusterRoles.set(role.name, role);
      else this.roles.set(`${role.namespace ?? ""}/${role.name}`, role);
    }
    for (const binding of [...bindings.values()].sort(compareByName)) {
      if (binding.kind === "ClusterRoleBinding") this.clusterRoleBindings.push(binding);
      else {
        const namespace = binding.namespace ?? "";
        let list = this.roleBindings.get(namespace);
        if (list === undefined) this.roleBindings.set(namespace, (list = []));
        list.push(binding);
      }
      const role = this.roleOf(binding);
      if (role !== undefined) {
        let list = this.boundBy.get(role);
        if (list === undefined) this.boundBy.set(role, (list = []));
        list.push(binding);
      }
    }
    this.aggregate();
  }

  /** A policy from Kubernetes objects; objects of other kinds are ignored. */
  static fromObjects<S>(objects: Iterable<{ object: KubeObject; source: S }>, options: PolicyOptions = {}): RbacPolicy<S> {
    const defaultNamespace = options.defaultNamespace ?? "default";
    const records: RbacRecord<S>[] = [];
    for (const { object, source } of objects) {
      const record = readRbacObject(object, "input", source, defaultNamespace);
      if (record !== undefined) records.push(record);
    }
    return new RbacPolicy(records, options);
  }

  /** Every ClusterRole and Role, ClusterRoles first, by name (sorted once: the policy does not change). */
  allRoles(): readonly RoleRecord<S>[] {
    this.sortedRoles ??= [...[...this.clusterRoles.values()].sort(compareByName), ...[...this.roles.values()].sort(compareByName)];
    return this.sortedRoles;
  }

  /** Every binding: ClusterRoleBindings, then RoleBindings by namespace and name. */
  allBindings(): readonly BindingRecord<S>[] {
    this.sortedBindings ??= [...this.clusterRoleBindings, ...[...this.roleBindings.keys()].sort().flatMap((ns) => this.roleBindings.get(ns) ?? [])];
    return this.sortedBindings;
  }

  /** Namespaces that hold RoleBindings. */
  bindingNamespaces(): string[] {
    return [...this.roleBindings.keys()].sort();
  }

  clusterRole(name: string): RoleRecord<S> | undefined {
    return this.clusterRoles.get(name);
  }

  role(namespace: string, name: string): RoleRecord<S> | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  /** The role a binding refers to: a Role of the binding's namespace (never for a ClusterRoleBinding) or a ClusterRole. */
  roleOf(binding: BindingRecord<S>): RoleRecord<S> | undefined {
    if (binding.roleRef.kind === "ClusterRole") return this.clusterRoles.get(binding.roleRef.name);
    if (binding.roleRef.kind === "Role" && binding.kind === "RoleBinding") return this.roles.get(`${binding.namespace ?? ""}/${binding.roleRef.name}`);
    return undefined;
  }

  /** The bindings that refer to a role. */
  bindingsOf(role: RoleRecord<S>): readonly BindingRecord<S>[] {
    return this.boundBy.get(role) ?? [];
  }

  /**
   * The rules a role grants. For a ClusterRole with an aggregationRule, the union of the rules of
   * the ClusterRoles its selectors pick, as the aggregation controller writes it (its own written
   * rules are replaced, as the controller replaces them).
   */
  rulesOf(role: RoleRecord<S>): readonly EffectiveRule<S>[] {
    return this.effective.get(role) ?? [];
  }

  /** The ClusterRoles an aggregated ClusterRole's selectors pick, by name. */
  aggregatedFrom(role: RoleRecord<S>): RoleRecord<S>[] {
    const selectors = role.aggregation;
    if (selectors === undefined) return [];
    return [...this.clusterRoles.values()].filter((c) => c !== role && selectors.some((s) => selectorMatches(s, c.labels))).sort(compareByName);
  }

  /** The first rule of a role that allows a request. */
  roleAllows(role: RoleRecord<S>, request: AccessRequest): EffectiveRule<S> | undefined {
    return this.rulesOf(role).find((r) => ruleAllows(r.rule, request));
  }

  /**
   * The authorizer's answer: ClusterRoleBindings that name the identity, then (for a request in a
   * namespace) the RoleBindings of that namespace that name it; allowed when a rule of a bound
   * role allows the request. RBAC never denies: "not allowed" means no rule allows it.
   */
  authorize(identity: Identity, request: AccessRequest): Decision<S> {
    const namespace = request.type === "resource" ? (request.namespace ?? "") : "";
    for (const grant of this.grantsIn(identity, namespace)) {
      const rule = grant.rules.find((r) => ruleAllows(r.rule, request));
      if (rule !== undefined) return { allowed: true, grant, rule };
    }
    return { allowed: false };
  }

  /**
   * The bindings that apply to an identity for requests in a namespace ("" for cluster-wide
   * requests: ClusterRoleBindings only), or in any namespace ("*": every RoleBinding too).
   */
  grantsIn(identity: Identity, namespace: string): Grant<S>[] {
    const out: Grant<S>[] = [];
    const consider = (binding: BindingRecord<S>, bindingNamespace: string) => {
      const subject = binding.subjects.find((s) => subjectApplies(s, identity, bindingNamespace));
      if (subject === undefined) return;
      const role = this.roleOf(binding);
      out.push({ binding, subject, role, rules: role === undefined ? [] : this.rulesOf(role) });
    };
    for (const binding of this.clusterRoleBindings) consider(binding, "");
    const namespaces = namespace === "*" ? this.bindingNamespaces() : namespace === "" ? [] : [namespace];
    for (const ns of namespaces) for (const binding of this.roleBindings.get(ns) ?? []) consider(binding, ns);
    return out;
  }

  /**
   * Every subject that may make the request: the subjects of each ClusterRoleBinding, and (for a
   * request in a namespace) of each RoleBinding there, whose role has a rule that allows it. An
   * identity is allowed exactly when one of these subjects names it.
   */
  whoCan(request: AccessRequest): Holder<S>[] {
    const namespace = request.type === "resource" ? (request.namespace ?? "") : "";
    const out: Holder<S>[] = [];
    const consider = (binding: BindingRecord<S>, bindingNamespace: string) => {
      const role = this.roleOf(binding);
      if (role === undefined) return;
      const rule = this.roleAllows(role, request);
      if (rule === undefined) return;
      for (const subject of binding.subjects) {
        if (subject.kind === "ServiceAccount") {
          const ns = subject.namespace ?? bindingNamespace;
          // A ServiceAccount named without a namespace in a ClusterRoleBinding names nobody.
          if (ns === "") continue;
          out.push({ subject: { ...subject, namespace: ns }, binding, role, rule });
        } else out.push({ subject, binding, role, rule });
      }
    };
    for (const binding of this.clusterRoleBindings) consider(binding, "");
    if (namespace !== "") for (const binding of this.roleBindings.get(namespace) ?? []) consider(binding, namespace);
    return out;
  }

  /** Resolves every aggregated ClusterRole: the least fixed point of "my rules are the union of my selected roles' rules". */
  private aggregate(): void {
    const sorted = [...this.clusterRoles.values()].sort(compareByName);
    const own = (role: RoleRecord<S>): EffectiveRule<S>[] => role.rules.map((rule, index) => ({ rule, author: role, index }));
    for (const role of this.roles.values()) this.effective.set(role, own(role));
    const aggregated = sorted.filter((r) => r.aggregation !== undefined);
    for (const role of sorted) this.effective.set(role, role.aggregation === undefined ? own(role) : []);
    // Each pass can only add rules; a chain of n aggregated roles settles in at most n + 1 passes.
    for (let pass = 0; pass <= aggregated.length; pass++) {
      let changed = false;
      for (const role of aggregated) {
        const next: EffectiveRule<S>[] = [];
        const seen = new Set<string>();
        for (const selector of role.aggregation ?? []) {
          for (const member of sorted) {
            if (member === role || !selectorMatches(selector, member.labels)) continue;
            for (const rule of this.effective.get(member) ?? []) {
              const key = ruleKey(rule.rule);
              if (seen.has(key)) continue;
              seen.add(key);
              next.push(rule);
            }
          }
        }
        if (next.length !== (this.effective.get(role)?.length ?? 0)) changed = true;
        this.effective.set(role, next);
      }
      if (!changed) break;
    }
  }
}

/** The identity of a service account: its user name and the groups every service account token carries. */
export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return { user: serviceAccountUser(namespace, name), groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"] };
}
