// The audit Policy (audit.k8s.io/v1) as kube-apiserver evaluates it: the rules are tried in
// order and the first one that matches a request gives its level; a request no rule matches
// is not logged (level None). A rule matches when every field it sets matches: users,
// userGroups (any of the user's groups), verbs, then either resources/namespaces (resource
// requests only) or nonResourceURLs (other requests only). Within `resources`, an entry matches
// its group, and when it lists resources, one of them (`*`, `pods/log`, `*/status`, `pods/*`),
// restricted to resourceNames when it has some.
import { asArray, asObject, asString, type JsonObject, type ObjectPath } from "./json.js";

export type AuditLevel = "None" | "Metadata" | "Request" | "RequestResponse";
export const AUDIT_LEVELS: readonly AuditLevel[] = ["None", "Metadata", "Request", "RequestResponse"];
export const AUDIT_STAGES = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"] as const;

export interface AuditResourceMatcher {
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface AuditRule {
  readonly index: number;
  /** The level as written; undefined when it is not one of the four (the API server refuses the policy). */
  readonly level: AuditLevel | undefined;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly AuditResourceMatcher[];
  readonly namespaces: readonly string[];
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly string[];
  readonly path: ObjectPath;
}

export interface AuditPolicy {
  readonly rules: readonly AuditRule[];
  readonly omitStages: readonly string[];
}

const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === "string");

export function parseAuditPolicy(object: JsonObject): AuditPolicy {
  const rules = asArray(object.rules).flatMap((item, index): AuditRule[] => {
    const rule = asObject(item);
    if (rule === undefined) return [];
    const level = asString(rule.level);
    return [
      {
        index,
        level: AUDIT_LEVELS.find((l) => l === level),
        users: strings(rule.users),
        userGroups: strings(rule.userGroups),
        verbs: strings(rule.verbs),
        resources: asArray(rule.resources).flatMap((r) => {
          const matcher = asObject(r);
          return matcher === undefined ? [] : [{ group: asString(matcher.group) ?? "", resources: strings(matcher.resources), resourceNames: strings(matcher.resourceNames) }];
        }),
        namespaces: strings(rule.namespaces),
        nonResourceURLs: strings(rule.nonResourceURLs),
        omitStages: strings(rule.omitStages),
        path: ["rules", index],
      },
    ];
  });
  return { rules, omitStages: strings(object.omitStages) };
}

/** A request as the policy sees it. */
export interface AuditRequest {
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: string;
  /** A resource request; absent for a non-resource request (then `path` is set). */
  readonly resource?: { readonly group: string; readonly resource: string; readonly subresource?: string; readonly namespace: string; readonly name: string };
  readonly path?: string;
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === "*" || spec === path) return true;
  return spec.endsWith("*") && path.startsWith(spec.replace(/\*+$/, ""));
}

function resourceMatches(rule: AuditRule, request: AuditRequest): boolean {
  const target = request.resource;
  if (target === undefined) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(target.namespace)) return false;
  if (rule.resources.length === 0) return true;
  const combined = target.subresource !== undefined && target.subresource !== "" ? `${target.resource}/${target.subresource}` : target.resource;
  for (const matcher of rule.resources) {
    if (matcher.group !== target.group) continue;
    if (matcher.resources.length === 0) return true;
    if (matcher.resourceNames.length > 0 && !matcher.resourceNames.includes(target.name)) continue;
    for (const spelled of matcher.resources) {
      if (spelled === combined || spelled === "*") return true;
      if (target.subresource !== undefined && target.subresource !== "" && spelled.startsWith("*/") && spelled.slice(2) === target.subresource) return true;
      if (spelled.endsWith("/*") && spelled.slice(0, -2) === target.resource) return true;
    }
  }
  return false;
}

export function ruleMatches(rule: AuditRule, request: AuditRequest): boolean {
  if (rule.users.length > 0 && !rule.users.includes(request.user)) return false;
  if (rule.userGroups.length > 0 && !request.groups.some((g) => rule.userGroups.includes(g))) return false;
  if (rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return resourceMatches(rule, request);
  if (rule.nonResourceURLs.length > 0) return request.resource === undefined && rule.nonResourceURLs.some((spec) => pathMatches(request.path ?? "", spec));
  return true;
}

/** The first rule that matches, as the API server picks it; undefined: no rule, not logged. */
export function firstMatch(policy: AuditPolicy, request: AuditRequest): AuditRule | undefined {
  return policy.rules.find((rule) => ruleMatches(rule, request));
}

/** Whether every stage of every event is omitted: nothing is ever written. */
export function omitsEveryStage(policy: AuditPolicy, rule: AuditRule | undefined): boolean {
  const omitted = new Set([...policy.omitStages, ...(rule?.omitStages ?? [])]);
  return AUDIT_STAGES.every((s) => omitted.has(s));
}

/** The identities the probes play: an ordinary user, and everyone a rule names. */
export interface ProbeUser {
  readonly user: string;
  readonly groups: readonly string[];
  /** How messages name it: "an ordinary user", `user "alice"`, `group "system:nodes"`. */
  readonly label: string;
}

export const ORDINARY_USER: ProbeUser = { user: "shipshape:probe-user", groups: ["system:authenticated"], label: "an ordinary user" };

/** Users worth trying against a policy: an ordinary one, plus each user and group its rules name. */
export function probeUsers(policy: AuditPolicy): ProbeUser[] {
  const out: ProbeUser[] = [ORDINARY_USER];
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const rule of policy.rules) {
    for (const u of rule.users) users.add(u);
    for (const g of rule.userGroups) groups.add(g);
  }
  for (const user of users) out.push({ user, groups: ["system:authenticated"], label: `user "${user}"` });
  for (const group of groups) out.push({ user: "shipshape:probe-member", groups: [group, "system:authenticated"], label: `group "${group}"` });
  return out;
}

/** Namespaces worth trying: one no rule names, and each one a rule names. */
export function probeNamespaces(policy: AuditPolicy): string[] {
  const named = new Set<string>();
  for (const rule of policy.rules) for (const n of rule.namespaces) named.add(n);
  return ["shipshape-probe", ...[...named].filter((n) => n !== "")];
}

/** Object names worth trying for a resource: one no rule names, and each one a rule names for it. */
export function probeNames(policy: AuditPolicy, group: string, resource: string): string[] {
  const named = new Set<string>();
  for (const rule of policy.rules) {
    for (const matcher of rule.resources) if (matcher.group === group && (matcher.resources.includes(resource) || matcher.resources.includes("*"))) for (const n of matcher.resourceNames) named.add(n);
  }
  return ["shipshape-probe", ...named];
}

/** Resources whose bodies are secrets: logged above Metadata, their values land in the audit log. */
export const SENSITIVE_RESOURCES = [
  { group: "", resource: "secrets", label: "Secret", namespaced: true, verbs: ["get", "list", "create", "update", "patch", "delete"] },
  { group: "", resource: "configmaps", label: "ConfigMap", namespaced: true, verbs: ["get", "list", "create", "update", "patch", "delete"] },
  { group: "authentication.k8s.io", resource: "tokenreviews", label: "TokenReview", namespaced: false, verbs: ["create"] },
] as const;

/** Verbs whose request carries the object (Request level logs it); RequestResponse also logs what reads and deletes return. */
const BODY_VERBS = new Set(["create", "update", "patch"]);

function carriesContent(level: AuditLevel | undefined, verb: string): boolean {
  if (level === "RequestResponse") return true;
  return level === "Request" && BODY_VERBS.has(verb);
}

export interface Leak {
  readonly rule: AuditRule;
  readonly resource: (typeof SENSITIVE_RESOURCES)[number];
  readonly verbs: readonly string[];
  /** Who triggers it: probe users' labels. */
  readonly who: readonly string[];
}

/**
 * Requests on Secrets, ConfigMaps and TokenReviews whose first matching rule logs their content,
 * grouped by rule and resource. Requests are tried for an ordinary user and for every user and
 * group the policy names, in a namespace no rule names and in each one a rule names.
 */
export function contentLeaks(policy: AuditPolicy): Leak[] {
  const found = new Map<string, { rule: AuditRule; resource: (typeof SENSITIVE_RESOURCES)[number]; verbs: Set<string>; who: Set<string> }>();
  const users = probeUsers(policy);
  for (const sensitive of SENSITIVE_RESOURCES) {
    const namespaces = sensitive.namespaced ? probeNamespaces(policy) : [""];
    const names = probeNames(policy, sensitive.group, sensitive.resource);
    for (const user of users) {
      for (const verb of sensitive.verbs) {
        for (const namespace of namespaces) {
          for (const name of verb === "list" || verb === "create" ? [""] : names) {
            const rule = firstMatch(policy, { user: user.user, groups: user.groups, verb, resource: { group: sensitive.group, resource: sensitive.resource, namespace, name } });
            if (rule === undefined || !carriesContent(rule.level, verb) || omitsEveryStage(policy, rule)) continue;
            const key = `${rule.index}\u0000${sensitive.resource}`;
            let entry = found.get(key);
            if (entry === undefined) found.set(key, (entry = { rule, resource: sensitive, verbs: new Set(), who: new Set() }));
            entry.verbs.add(verb);
            entry.who.add(user.label);
          }
        }
      }
    }
  }
  return [...found.values()].map((e) => ({ rule: e.rule, resource: e.resource, verbs: [...e.verbs], who: [...e.who] }));
}

/** Ordinary requests a policy should log: writes, reads and deletes of everyday and unknown resources. */
const ORDINARY_TARGETS = [
  { group: "", resource: "pods", label: "pods" },
  { group: "apps", resource: "deployments", label: "deployments.apps" },
  { group: "rbac.authorization.k8s.io", resource: "clusterrolebindings", label: "clusterrolebindings.rbac.authorization.k8s.io" },
  { group: "shipshape.example.com", resource: "widgets", label: "a custom resource" },
] as const;
const ORDINARY_VERBS = ["create", "delete", "get", "list", "update", "patch"] as const;

export interface Gap {
  readonly verb: string;
  readonly target: string;
  /** The rule that drops it (level None), or undefined when no rule matches. */
  readonly droppedBy: AuditRule | undefined;
}

/**
 * An ordinary user's request to an ordinary resource that the policy does not log: no rule
 * matches it, or a rule that names no resource in particular drops it (level None). Such a
 * request could be anyone's, including an attacker's refused (403) attempts.
 */
export function firstGap(policy: AuditPolicy): Gap | undefined {
  let dropped: Gap | undefined;
  for (const target of ORDINARY_TARGETS) {
    for (const verb of ORDINARY_VERBS) {
      const rule = firstMatch(policy, { user: ORDINARY_USER.user, groups: ORDINARY_USER.groups, verb, resource: { group: target.group, resource: target.resource, namespace: target.resource === "clusterrolebindings" ? "" : "shipshape-probe", name: "shipshape-probe" } });
      if (rule === undefined) return { verb, target: target.label, droppedBy: undefined };
      const broad = rule.resources.every((m) => m.resources.length === 0 || m.resources.includes("*"));
      if (dropped === undefined && rule.level === "None" && broad) dropped = { verb, target: target.label, droppedBy: rule };
    }
  }
  return dropped;
}

/** Whether any request at all is logged: some rule above None is reachable and not every stage is omitted. */
export function logsAnything(policy: AuditPolicy): boolean {
  const users = probeUsers(policy);
  const requests: AuditRequest[] = [];
  const resources: Array<{ group: string; resource: string }> = [...ORDINARY_TARGETS, ...SENSITIVE_RESOURCES];
  for (const rule of policy.rules) for (const matcher of rule.resources) for (const r of matcher.resources.length > 0 ? matcher.resources : ["*"]) resources.push({ group: matcher.group, resource: r.split("/")[0] === "*" ? "shipshape-probes" : (r.split("/")[0] as string) });
  const paths = ["/healthz", "/version", "/api", "/metrics", ...policy.rules.flatMap((r) => r.nonResourceURLs.map((u) => u.replace(/\*+$/, "probe")))];
  const verbs = [...new Set(["get", "list", "watch", "create", "update", "patch", "delete", ...policy.rules.flatMap((r) => r.verbs)])];
  for (const user of users) {
    for (const verb of verbs) {
      for (const target of resources) for (const namespace of [...probeNamespaces(policy), ""]) for (const name of probeNames(policy, target.group, target.resource)) requests.push({ user: user.user, groups: user.groups, verb, resource: { ...target, namespace, name } });
      for (const path of paths) requests.push({ user: user.user, groups: user.groups, verb, path });
    }
  }
  return requests.some((request) => {
    const rule = firstMatch(policy, request);
    return rule !== undefined && rule.level !== undefined && rule.level !== "None" && !omitsEveryStage(policy, rule);
  });
}
