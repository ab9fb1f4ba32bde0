// The RBAC objects as the authorizer reads them, and the questions asked of them.
import type { ObjectPath } from "../json.js";
import type { LabelSelector } from "../selectors.js";

/** One entry of a Role's or ClusterRole's `rules`. Absent lists are empty. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** A subject of a binding, as written. */
export interface Subject {
  /** "User", "Group" or "ServiceAccount"; anything else applies to nobody. */
  readonly kind: string;
  readonly name: string;
  /** ServiceAccounts only; empty in a RoleBinding means the binding's namespace. */
  readonly namespace: string | undefined;
  /** Its place in the binding's `subjects`. */
  readonly index: number;
}

export interface RoleRef {
  /** "Role" or "ClusterRole"; anything else grants nothing. */
  readonly kind: string;
  readonly name: string;
}

/** Where an RBAC object came from: the input (files or a cluster), or the API server's defaults known to shipshape. */
export type Provenance = "input" | "built-in";

/** A Role or ClusterRole. `S` is what the caller keeps to point at the object (an index entry, a file position). */
export interface RoleRecord<S> {
  readonly kind: "Role" | "ClusterRole";
  readonly name: string;
  /** Roles only. */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** The rules as written (for an aggregated ClusterRole, what the aggregation controller last wrote). */
  readonly rules: readonly PolicyRule[];
  /** `aggregationRule.clusterRoleSelectors`, parsed; undefined when the ClusterRole has no aggregationRule. */
  readonly aggregation: readonly LabelSelector[] | undefined;
  readonly provenance: Provenance;
  readonly source: S | undefined;
}

export interface BindingRecord<S> {
  readonly kind: "RoleBinding" | "ClusterRoleBinding";
  readonly name: string;
  /** RoleBindings only. */
  readonly namespace: string | undefined;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
  readonly provenance: Provenance;
  readonly source: S | undefined;
}

/** A rule in force for a role, with the role that wrote it (itself, or a role an aggregation selected). */
export interface EffectiveRule<S> {
  readonly rule: PolicyRule;
  /** The role whose `rules` hold it. */
  readonly author: RoleRecord<S>;
  /** Its index in the author's `rules`. */
  readonly index: number;
}

/** Who is asking: a user name and groups, as an authenticator would hand them to the authorizer. */
export interface Identity {
  /** Undefined for "any member of these groups" (matches no User or ServiceAccount subject). */
  readonly user: string | undefined;
  readonly groups: readonly string[];
}

/** A request on an API resource. */
export interface ResourceRequest {
  readonly verb: string;
  /** "" for the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** The object's name; absent for lists, creates without a name, and questions about any object. */
  readonly name?: string;
  /** Absent or "" for a cluster-wide request. */
  readonly namespace?: string;
}

/** A request on a path outside the resource API (`/healthz`, `/metrics`, `/apis`). */
export interface NonResourceRequest {
  readonly verb: string;
  readonly path: string;
}

export type AccessRequest = ({ readonly type: "resource" } & ResourceRequest) | ({ readonly type: "non-resource" } & NonResourceRequest);

/** Paths inside an RBAC object, for findings. */
export function rulePath(index: number, field?: keyof PolicyRule): ObjectPath {
  return field === undefined ? ["rules", index] : ["rules", index, field];
}
