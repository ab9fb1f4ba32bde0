// The RBAC evaluator (src/model/rbac/): rule matching field by field, subjects, bindings,
// aggregation, the built-in roles, and who-can agreeing with authorize. The same questions are
// asked of a real API server in test/live/rbac-authorizer.test.ts.
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/model/object.js";
import {
  parseSubject,
  RbacPolicy,
  readPolicyRule,
  ruleAllows,
  serviceAccountIdentity,
  type AccessRequest,
  type Identity,
  type ResourceRequest,
} from "../../src/model/rbac/index.js";

const policyOf = (text: string, options: { builtIns?: boolean } = {}) =>
  RbacPolicy.fromObjects(
    (yaml.loadAll(text) as KubeObject[]).filter((o) => o !== null).map((object, i) => ({ object, source: i })),
    options,
  );
const resource = (verb: string, resourceName: string, more: Partial<ResourceRequest> = {}): AccessRequest => ({ type: "resource", verb, group: "", resource: resourceName, ...more });
const rule = (value: object) => readPolicyRule(value as never);
const alice: Identity = { user: "alice", groups: ["system:authenticated"] };

describe("a rule allows a request", () => {
  it("by verb, with * for every verb", () => {
    expect(ruleAllows(rule({ verbs: ["get"], apiGroups: [""], resources: ["pods"] }), resource("get", "pods"))).toBe(true);
    expect(ruleAllows(rule({ verbs: ["get"], apiGroups: [""], resources: ["pods"] }), resource("list", "pods"))).toBe(false);
    expect(ruleAllows(rule({ verbs: ["*"], apiGroups: [""], resources: ["pods"] }), resource("escalate", "pods"))).toBe(true);
  });
  it("by API group: the core group is \"\", * is every group", () => {
    const apps = rule({ verbs: ["get"], apiGroups: ["apps"], resources: ["deployments"] });
    expect(ruleAllows(apps, resource("get", "deployments", { group: "apps" }))).toBe(true);
    expect(ruleAllows(apps, resource("get", "deployments", { group: "extensions" }))).toBe(false);
    expect(ruleAllows(rule({ verbs: ["get"], apiGroups: ["*"], resources: ["pods"] }), resource("get", "pods"))).toBe(true);
    expect(ruleAllows(rule({ verbs: ["get"], resources: ["pods"] }), resource("get", "pods")), "no apiGroups allows no group").toBe(false);
  });
  it("by resource and subresource: pods is not pods/exec, */exec is every exec, * is everything", () => {
    const pods = rule({ verbs: ["create"], apiGroups: [""], resources: ["pods"] });
    expect(ruleAllows(pods, resource("create", "pods", { subresource: "exec" }))).toBe(false);
    const exec = rule({ verbs: ["create"], apiGroups: [""], resources: ["pods/exec"] });
    expect(ruleAllows(exec, resource("create", "pods", { subresource: "exec" }))).toBe(true);
    expect(ruleAllows(exec, resource("create", "pods"))).toBe(false);
    const anyScale = rule({ verbs: ["update"], apiGroups: ["*"], resources: ["*/scale"] });
    expect(ruleAllows(anyScale, resource("update", "deployments", { group: "apps", subresource: "scale" }))).toBe(true);
    expect(ruleAllows(anyScale, resource("update", "deployments", { group: "apps" }))).toBe(false);
    expect(ruleAllows(anyScale, resource("update", "deployments", { group: "apps", subresource: "status" }))).toBe(false);
    expect(ruleAllows(rule({ verbs: ["update"], apiGroups: ["*"], resources: ["*/scal"] }), resource("update", "deployments", { subresource: "scale" }))).toBe(false);
    expect(ruleAllows(rule({ verbs: ["get"], apiGroups: [""], resources: ["*"] }), resource("get", "pods", { subresource: "log" }))).toBe(true);
  });
  it("by name: resourceNames allow only those names, and never a request that names no object", () => {
    const named = rule({ verbs: ["get", "list"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["settings"] });
    expect(ruleAllows(named, resource("get", "configmaps", { name: "settings" }))).toBe(true);
    expect(ruleAllows(named, resource("get", "configmaps", { name: "other" }))).toBe(false);
    expect(ruleAllows(named, resource("list", "configmaps")), "a list names no object").toBe(false);
    expect(ruleAllows(rule({ verbs: ["get"], apiGroups: [""], resources: ["configmaps"] }), resource("get", "configmaps", { name: "any" }))).toBe(true);
  });
  it("non-resource URLs: exact, * for all, a trailing * for a prefix; a resource rule allows no URL", () => {
    const request = (verb: string, path: string): AccessRequest => ({ type: "non-resource", verb, path });
    const health = rule({ verbs: ["get"], nonResourceURLs: ["/healthz", "/readyz*"] });
    expect(ruleAllows(health, request("get", "/healthz"))).toBe(true);
    expect(ruleAllows(health, request("get", "/healthz/etcd"))).toBe(false);
    expect(ruleAllows(health, request("get", "/readyz"))).toBe(true);
    expect(ruleAllows(health, request("get", "/readyz/ping"))).toBe(true);
    expect(ruleAllows(health, request("post", "/healthz"))).toBe(false);
    expect(ruleAllows(rule({ verbs: ["get"], nonResourceURLs: ["*"] }), request("get", "/metrics"))).toBe(true);
    expect(ruleAllows(rule({ verbs: ["get"], apiGroups: ["*"], resources: ["*"] }), request("get", "/metrics"))).toBe(false);
    expect(ruleAllows(health, resource("get", "healthz"))).toBe(false);
  });
});

const BINDINGS = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: secret-reader, namespace: shop}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
subjects:
  - {kind: ServiceAccount, name: api}
  - {kind: ServiceAccount, name: batch, namespace: jobs}
  - {kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-reader}
rules:
  - {apiGroups: [""], resources: [nodes], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: node-readers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
subjects:
  - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
  - {kind: ServiceAccount, name: nowhere}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: wrong-kind}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
subjects:
  - {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
`;

describe("bindings and subjects", () => {
  const policy = policyOf(BINDINGS);
  const secrets = (namespace?: string) => resource("get", "secrets", namespace !== undefined ? { namespace } : {});
  it("a RoleBinding grants its role in its own namespace only", () => {
    expect(policy.authorize(serviceAccountIdentity("shop", "api"), secrets("shop")).allowed).toBe(true);
    expect(policy.authorize(serviceAccountIdentity("shop", "api"), secrets("other")).allowed).toBe(false);
    expect(policy.authorize(serviceAccountIdentity("shop", "api"), secrets()).allowed, "cluster-wide").toBe(false);
  });
  it("a ServiceAccount subject without a namespace is the binding's; with one, that namespace's", () => {
    expect(policy.authorize(serviceAccountIdentity("jobs", "api"), secrets("shop")).allowed).toBe(false);
    expect(policy.authorize(serviceAccountIdentity("jobs", "batch"), secrets("shop")).allowed).toBe(true);
    expect(policy.authorize(serviceAccountIdentity("shop", "batch"), secrets("shop")).allowed).toBe(false);
  });
  it("groups match by membership; a user name is not a group", () => {
    expect(policy.authorize({ user: "carol", groups: ["auditors"] }, secrets("shop")).allowed).toBe(true);
    expect(policy.authorize({ user: "auditors", groups: [] }, secrets("shop")).allowed).toBe(false);
  });
  it("a ClusterRoleBinding grants everywhere; its ServiceAccount subjects need a namespace; it cannot refer to a Role", () => {
    const nodes = resource("list", "nodes");
    expect(policy.authorize(alice, nodes).allowed).toBe(true);
    expect(policy.authorize(alice, resource("list", "nodes", { namespace: "shop" })).allowed).toBe(true);
    expect(policy.authorize(serviceAccountIdentity("default", "nowhere"), nodes).allowed).toBe(false);
    expect(policy.authorize({ user: "bob", groups: [] }, secrets("shop")).allowed).toBe(false);
  });
  it("says which binding and rule allowed a request", () => {
    const decision = policy.authorize({ user: "carol", groups: ["auditors"] }, secrets("shop"));
    expect(decision.grant?.binding.name).toBe("readers");
    expect(decision.grant?.subject).toMatchObject({ kind: "Group", name: "auditors" });
    expect(decision.rule?.author.name).toBe("secret-reader");
  });
  it("who-can lists exactly the subjects authorize allows", () => {
    const holders = policy.whoCan(secrets("shop")).filter((h) => h.binding.provenance === "input");
    expect(holders.map((h) => `${h.subject.kind}:${h.subject.namespace ?? ""}:${h.subject.name}`)).toEqual(["ServiceAccount:shop:api", "ServiceAccount:jobs:batch", "Group::auditors"]);
    const everyone = policy.whoCan(secrets("shop"));
    expect(everyone.some((h) => h.subject.kind === "Group" && h.subject.name === "system:masters"), "the built-in cluster-admin binding").toBe(true);
    expect(policy.whoCan(resource("list", "nodes")).filter((h) => h.binding.provenance === "input").map((h) => h.subject.name)).toEqual(["alice"]);
  });
  it("objects that name no namespace are in the default namespace", () => {
    const unnamed = policyOf(BINDINGS.replace(/, namespace: shop/g, ""));
    expect(unnamed.authorize(serviceAccountIdentity("default", "api"), secrets("default")).allowed).toBe(true);
  });
});

describe("aggregated ClusterRoles", () => {
  it("the built-in view, edit and admin are resolved from the system:aggregate-to-* roles", () => {
    const policy = policyOf("");
    const view = policy.clusterRole("view");
    const edit = policy.clusterRole("edit");
    const admin = policy.clusterRole("admin");
    if (view === undefined || edit === undefined || admin === undefined) throw new Error("built-in roles missing");
    expect(view.rules).toEqual([]);
    expect(policy.aggregatedFrom(edit).map((r) => r.name)).toEqual(["system:aggregate-to-edit", "view"]);
    expect(policy.roleAllows(view, resource("list", "pods", { namespace: "x" }))).toBeDefined();
    expect(policy.roleAllows(view, resource("get", "secrets", { namespace: "x" }))).toBeUndefined();
    expect(policy.roleAllows(edit, resource("get", "secrets", { namespace: "x" }))).toBeDefined();
    expect(policy.roleAllows(edit, resource("list", "pods", { namespace: "x" })), "edit includes view").toBeDefined();
    expect(policy.roleAllows(edit, resource("create", "rolebindings", { group: "rbac.authorization.k8s.io" }))).toBeUndefined();
    expect(policy.roleAllows(admin, resource("create", "rolebindings", { group: "rbac.authorization.k8s.io" })), "admin includes edit and its own rules").toBeDefined();
    expect(policy.roleAllows(admin, resource("create", "pods", { subresource: "exec" }))).toBeDefined();
  });
  it("a ClusterRole of the input labelled aggregate-to-view extends view, edit and admin", () => {
    const policy = policyOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
  - {apiGroups: [example.com], resources: [widgets], verbs: [get, list]}
`);
    const widgets = resource("list", "widgets", { group: "example.com", namespace: "x" });
    for (const name of ["view", "edit", "admin"]) {
      const role = policy.clusterRole(name);
      if (role === undefined) throw new Error(name);
      expect(policy.roleAllows(role, widgets)?.author.name, name).toBe("widgets-view");
    }
  });
  it("selectors with expressions, several selectors, chains, cycles, an empty selector; written rules are replaced", () => {
    const policy = policyOf(
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: top}
aggregationRule:
  clusterRoleSelectors:
    - matchExpressions: [{key: tier, operator: In, values: [middle]}]
    - matchLabels: {extra: "yes"}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: middle, labels: {tier: middle}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {tier: bottom}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: bottom, labels: {tier: bottom}}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: side, labels: {extra: "yes"}}
rules: [{apiGroups: [""], resources: [services], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ring-a, labels: {ring: a}}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {ring: b}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ring-b, labels: {ring: b}}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {ring: a}}, {matchLabels: {tier: bottom}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
aggregationRule: {clusterRoleSelectors: [{}]}
`,
      { builtIns: false },
    );
    const role = (name: string) => {
      const found = policy.clusterRole(name);
      if (found === undefined) throw new Error(name);
      return found;
    };
    const names = (name: string) => policy.rulesOf(role(name)).map((r) => `${r.author.name}:${r.rule.resources.join()}`);
    expect(names("top")).toEqual(["bottom:configmaps", "side:services"]);
    expect(policy.roleAllows(role("top"), resource("get", "secrets")), "the written rule is replaced").toBeUndefined();
    expect(names("ring-a")).toEqual(["bottom:configmaps"]);
    expect(names("ring-b")).toEqual(["bottom:configmaps"]);
    expect(names("everything")).toEqual(["bottom:configmaps", "side:services"]);
  });
});

describe("subjects on the command line", () => {
  it("carry the groups an authenticator gives them", () => {
    expect(parseSubject("user:alice")).toMatchObject({ identity: { user: "alice", groups: ["system:authenticated"] } });
    expect(parseSubject("user:system:anonymous")).toMatchObject({ identity: { groups: ["system:unauthenticated"] } });
    expect(parseSubject("group:dev", ["ops"])).toMatchObject({ identity: { user: undefined, groups: ["dev", "system:authenticated", "ops"] } });
    expect(parseSubject("serviceaccount:shop:api")).toMatchObject({ identity: { user: "system:serviceaccount:shop:api", groups: ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"] } });
    expect(parseSubject("system:serviceaccount:shop:api")).toMatchObject({ subject: { kind: "ServiceAccount", namespace: "shop", name: "api" } });
    expect(typeof parseSubject("serviceaccount:shop")).toBe("string");
    expect(typeof parseSubject("alice")).toBe("string");
  });
  it("a group's members get what system:authenticated gets", () => {
    const parsed = parseSubject("group:dev");
    if (typeof parsed === "string") throw new Error(parsed);
    const policy = policyOf("");
    expect(policy.authorize(parsed.identity, resource("create", "selfsubjectaccessreviews", { group: "authorization.k8s.io" })).grant?.binding.name).toBe("system:basic-user");
  });
});
