// Whether one rule allows one request, and whether one subject names one identity: the two
// questions the Kubernetes RBAC authorizer asks, answered the same way, field by field.
import type { AccessRequest, Identity, PolicyRule, Subject } from "./types.js";

export const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

/** A verb is allowed by the same verb or by "*". */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === "*" || v === verb);
}

/** "" is the core group; "*" allows every group, the core group included. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === "*" || g === group);
}

/**
 * `resource` or `resource/subresource` as requested. "*" allows every resource and every
 * subresource; "*\/scale" allows the `scale` subresource of every resource (and nothing else);
 * "pods" does not allow "pods/exec".
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource !== undefined && subresource !== "" ? `${resource}/${subresource}` : resource;
  for (const written of rule.resources) {
    if (written === "*" || written === combined) return true;
    if (subresource === undefined || subresource === "") continue;
    if (written.length === subresource.length + 2 && written.startsWith("*/") && written.endsWith(subresource)) return true;
  }
  return false;
}

/**
 * A rule without resourceNames allows any name; one with resourceNames allows only those names.
 * A request that names no object (a list, a create without a name, a watch of the collection)
 * has the name "", which no resourceNames list allows unless it holds "" itself.
 */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  const requested = name ?? "";
  return rule.resourceNames.some((n) => n === requested);
}

/** "*" allows every path; a written path ending in "*" allows every path it is a prefix of (the "*"s removed). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const written of rule.nonResourceURLs) {
    if (written === "*" || written === path) return true;
    if (written.endsWith("*") && path.startsWith(written.replace(/\*+$/, ""))) return true;
  }
  return false;
}

export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  if (request.type === "resource") {
    return verbMatches(rule, request.verb) && apiGroupMatches(rule, request.group) && resourceMatches(rule, request.resource, request.subresource) && resourceNameMatches(rule, request.name);
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/** `system:serviceaccount:NS:NAME`. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a service account user name, or undefined for any other user. */
export function splitServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  const [namespace, name] = parts;
  if (parts.length !== 2 || namespace === undefined || name === undefined || namespace === "" || name === "") return undefined;
  return { namespace, name };
}

/**
 * Whether a binding's subject names an identity. A ServiceAccount subject without a namespace
 * takes the binding's (`bindingNamespace`, "" for a ClusterRoleBinding, where it then names nobody).
 * The comparison is on the user name, as the authorizer makes it: prefix, namespace, ":", name.
 */
export function subjectApplies(subject: Subject, identity: Identity, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case "User":
      return identity.user !== undefined && identity.user === subject.name;
    case "Group":
      return identity.groups.includes(subject.name);
    case "ServiceAccount": {
      const namespace = subject.namespace !== undefined && subject.namespace !== "" ? subject.namespace : bindingNamespace;
      if (namespace === "" || identity.user === undefined) return false;
      return identity.user === serviceAccountUser(namespace, subject.name);
    }
    default:
      return false;
  }
}
