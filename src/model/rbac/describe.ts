// Words for RBAC things (subjects, rules, requests, bindings), subjects written on a command line,
// and the built-in resources' groups and scopes.
import { BUILT_IN_RESOURCES } from "./bootstrap-policy.generated.js";
import { serviceAccountUser, splitServiceAccountUser } from "./matching.js";
import type { AccessRequest, BindingRecord, Identity, PolicyRule, RoleRecord, Subject } from "./types.js";

/** The groups every authenticated request carries, and the one unauthenticated requests carry. */
export const AUTHENTICATED = "system:authenticated";
export const UNAUTHENTICATED = "system:unauthenticated";
export const ANONYMOUS = "system:anonymous";

/** `User "alice"`, `Group "dev"`, `ServiceAccount shop/api`. */
export function describeSubject(subject: Subject): string {
  if (subject.kind === "ServiceAccount") return `ServiceAccount ${subject.namespace !== undefined ? `${subject.namespace}/` : ""}${subject.name}`;
  return `${subject.kind} "${subject.name}"`;
}

/** `ClusterRole "view"`, `Role "reader" (namespace "shop")`. */
export function describeRole(role: Pick<RoleRecord<unknown>, "kind" | "name" | "namespace">): string {
  return role.namespace !== undefined ? `${role.kind} "${role.name}" (namespace "${role.namespace}")` : `${role.kind} "${role.name}"`;
}

export function describeBinding(binding: Pick<BindingRecord<unknown>, "kind" | "name" | "namespace">): string {
  return binding.namespace !== undefined ? `${binding.kind} "${binding.name}" (namespace "${binding.namespace}")` : `${binding.kind} "${binding.name}"`;
}

/** `secrets`, `deployments.apps`, `pods/exec`: how kubectl names a resource of a group. */
export function describeResource(group: string, resource: string, subresource?: string): string {
  const base = group === "" || resource === "*" ? resource : `${resource}.${group}`;
  return subresource !== undefined && subresource !== "" ? `${base}/${subresource}` : base;
}

/** `get secrets in namespace "shop"`, `create pods/exec named "web-0" cluster-wide`, `get /metrics`. */
export function describeRequest(request: AccessRequest): string {
  if (request.type === "non-resource") return `${request.verb} ${request.path}`;
  const name = request.name !== undefined && request.name !== "" ? ` named "${request.name}"` : "";
  const where = request.namespace !== undefined && request.namespace !== "" ? ` in namespace "${request.namespace}"` : " cluster-wide";
  return `${request.verb} ${describeResource(request.group, request.resource, request.subresource)}${name}${where}`;
}

/** `get, list on secrets, configmaps (core group) named a, b`; `get on /healthz, /livez`. */
export function describeRule(rule: PolicyRule): string {
  const verbs = rule.verbs.length > 0 ? rule.verbs.join(", ") : "(no verbs)";
  const parts: string[] = [];
  if (rule.resources.length > 0) {
    const groups = rule.apiGroups.map((g) => (g === "" ? "core" : g === "*" ? "every group" : g));
    parts.push(`${verbs} on ${rule.resources.join(", ")} (${groups.length > 0 ? groups.join(", ") : "no group"})${rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(", ")}` : ""}`);
  }
  if (rule.nonResourceURLs.length > 0) parts.push(`${verbs} on ${rule.nonResourceURLs.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : `${verbs} on nothing`;
}

/** What a subject string of the command line stands for. */
export interface ParsedSubject {
  readonly subject: Subject;
  readonly identity: Identity;
}

/**
 * `user:alice`, `group:dev`, `serviceaccount:NS:NAME` (also `sa:NS:NAME`) or
 * `system:serviceaccount:NS:NAME`, with the groups an authenticator gives such an identity: a user
 * or a group's member is in `system:authenticated` (`system:anonymous` is in
 * `system:unauthenticated` instead); a service account is also in `system:serviceaccounts` and
 * `system:serviceaccounts:NS`. `extraGroups` adds groups (a user's memberships RBAC cannot know).
 */
export function parseSubject(text: string, extraGroups: readonly string[] = []): ParsedSubject | string {
  const account = text.startsWith("system:serviceaccount:") ? splitServiceAccountUser(text) : undefined;
  const lower = text.slice(0, text.indexOf(":") + 1).toLowerCase();
  const rest = text.slice(lower.length);
  const withGroups = (groups: readonly string[]) => [...new Set([...groups, ...extraGroups])];
  if (account !== undefined || lower === "serviceaccount:" || lower === "sa:") {
    const parts = account !== undefined ? [account.namespace, account.name] : rest.split(":");
    const [namespace, name] = parts;
    if (parts.length !== 2 || namespace === undefined || name === undefined || namespace === "" || name === "") return `"${text}": a service account is serviceaccount:NAMESPACE:NAME or system:serviceaccount:NAMESPACE:NAME`;
    return {
      subject: { kind: "ServiceAccount", name, namespace, index: 0 },
      identity: { user: serviceAccountUser(namespace, name), groups: withGroups(["system:serviceaccounts", `system:serviceaccounts:${namespace}`, AUTHENTICATED]) },
    };
  }
  if (lower === "user:" && rest !== "") {
    return { subject: { kind: "User", name: rest, namespace: undefined, index: 0 }, identity: { user: rest, groups: withGroups([rest === ANONYMOUS ? UNAUTHENTICATED : AUTHENTICATED]) } };
  }
  if (lower === "group:" && rest !== "") {
    const implied = rest === UNAUTHENTICATED || rest === AUTHENTICATED ? [] : [AUTHENTICATED];
    return { subject: { kind: "Group", name: rest, namespace: undefined, index: 0 }, identity: { user: undefined, groups: withGroups([rest, ...implied]) } };
  }
  return `"${text}" is not a subject: write user:NAME, group:NAME, serviceaccount:NAMESPACE:NAME or system:serviceaccount:NAMESPACE:NAME`;
}

const RESOURCES_BY_NAME = new Map<string, Array<{ group: string; namespaced: boolean }>>();
for (const [group, resource, namespaced] of BUILT_IN_RESOURCES) {
  let list = RESOURCES_BY_NAME.get(resource);
  if (list === undefined) RESOURCES_BY_NAME.set(resource, (list = []));
  list.push({ group, namespaced });
}

/** Resources that exist only for RBAC: the identities one may impersonate. */
const IMPERSONATION_RESOURCES: Readonly<Record<string, string>> = { users: "", groups: "", uids: "authentication.k8s.io", userextras: "authentication.k8s.io" };

/** The groups that serve a built-in resource of that plural name (core first), or that RBAC knows it in (users, groups, uids, userextras). */
export function builtInGroupsOf(resource: string): string[] {
  const served = (RESOURCES_BY_NAME.get(resource) ?? []).map((r) => r.group);
  const virtual = IMPERSONATION_RESOURCES[resource];
  return virtual !== undefined && Object.prototype.hasOwnProperty.call(IMPERSONATION_RESOURCES, resource) ? [virtual, ...served] : served;
}

/** Whether a built-in resource is namespaced; undefined for resources Kubernetes does not serve itself. */
export function isNamespacedResource(group: string, resource: string): boolean | undefined {
  return RESOURCES_BY_NAME.get(resource)?.find((r) => r.group === group)?.namespaced;
}
