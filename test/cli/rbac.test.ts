// `shipshape rbac who-can` and `shipshape rbac can` on manifests, through the built command
// line: answers, JSON, groups, subresources, names, non-resource URLs, custom resources, standard
// input, and exit 2 when the question or the input cannot be answered. The answers of the same
// evaluator against a real API server are in test/live/rbac-authorizer.test.ts.
import { describe, expect, it } from "vitest";
import { runCli, scratch } from "../helpers/cli.js";

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: secret-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
    resourceNames: [api-tls]
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: secret-reader
subjects:
  - kind: ServiceAccount
    name: api
  - kind: Group
    name: support
    apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widget-admin
rules:
  - apiGroups: [example.com]
    resources: [widgets]
    verbs: ["*"]
  - nonResourceURLs: ["/metrics"]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: widget-admins
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: widget-admin
subjects:
  - kind: User
    name: alice
    apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: shop-editors
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: Group
    name: shop-team
    apiGroup: rbac.authorization.k8s.io
`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {plural: widgets, kind: Widget}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;

interface Holders {
  question: Record<string, string>;
  holders: Array<{ subject: { kind: string; name: string; namespace?: string }; scope: string; namespace?: string; binding: { name: string; builtIn: boolean; file?: string; line?: number }; role: { name: string }; rule: { from: { name: string; index: number } } }>;
}

function whoCan(dir: string, ...args: string[]): { status: number | null; answer: Holders; stderr: string } {
  const result = runCli(["rbac", "who-can", ...args, "--format", "json"], { cwd: dir });
  return { status: result.status, answer: (result.stdout === "" ? { question: {}, holders: [] } : JSON.parse(result.stdout)) as Holders, stderr: result.stderr };
}

/** The subjects the input's own bindings name, as "Kind:namespace/name". */
const ofInput = (answer: Holders) => answer.holders.filter((h) => !h.binding.builtIn).map((h) => `${h.subject.kind}:${h.subject.namespace ?? ""}/${h.subject.name}`);

describe("shipshape rbac who-can", () => {
  const dir = scratch({ "rbac.yaml": RBAC, "crd.yaml": CRD });

  it("names the subjects of the bindings whose roles allow the request, with the binding, role and rule", () => {
    const named = whoCan(dir, "get", "secrets", "-n", "shop", "--name", "api-tls");
    expect(named.status).toBe(0);
    expect(named.answer.question).toEqual({ verb: "get", group: "", resource: "secrets", name: "api-tls", namespace: "shop" });
    expect(ofInput(named.answer)).toEqual(["ServiceAccount:shop/api", "Group:/support", "Group:/shop-team"]);
    const first = named.answer.holders.find((h) => h.subject.name === "api");
    expect(first).toMatchObject({ scope: "namespace", namespace: "shop", binding: { name: "readers", file: "rbac.yaml", line: 15 }, role: { name: "secret-reader" }, rule: { from: { name: "secret-reader", index: 0 } } });
    // The built-in edit reads Secrets through a rule of system:aggregate-to-edit.
    expect(named.answer.holders.find((h) => h.subject.name === "shop-team")?.rule.from.name).toBe("system:aggregate-to-edit");
    // The API server's own holders are there too: system:masters through cluster-admin.
    expect(named.answer.holders.some((h) => h.subject.name === "system:masters" && h.binding.builtIn)).toBe(true);
  });

  it("does not let resourceNames answer for other names or for lists, nor a namespace's bindings for another", () => {
    expect(ofInput(whoCan(dir, "get", "secrets", "-n", "shop", "--name", "other").answer)).toEqual(["Group:/shop-team"]);
    expect(ofInput(whoCan(dir, "list", "secrets", "-n", "shop").answer)).toEqual(["Group:/shop-team"]);
    expect(ofInput(whoCan(dir, "get", "secrets", "-n", "other", "--name", "api-tls").answer)).toEqual([]);
  });

  it("asks about subresources written either way, custom resources by the CRDs of the input, and URLs", () => {
    expect(ofInput(whoCan(dir, "create", "pods/exec", "-n", "shop").answer)).toEqual(["ServiceAccount:shop/api", "Group:/support", "Group:/shop-team"]);
    expect(ofInput(whoCan(dir, "create", "pods", "--subresource", "exec", "-n", "shop").answer)).toEqual(["ServiceAccount:shop/api", "Group:/support", "Group:/shop-team"]);
    expect(ofInput(whoCan(dir, "create", "pods", "-n", "shop").answer)).toEqual(["Group:/shop-team"]);
    const widgets = whoCan(dir, "delete", "widgets", "-n", "shop");
    expect(widgets.answer.question.group).toBe("example.com");
    expect(ofInput(widgets.answer)).toEqual(["User:/alice"]);
    expect(ofInput(whoCan(dir, "delete", "widgets.example.com").answer)).toEqual(["User:/alice"]);
    const metrics = whoCan(dir, "get", "/metrics");
    expect(metrics.answer.question).toEqual({ verb: "get", nonResourceURL: "/metrics" });
    expect(ofInput(metrics.answer)).toEqual(["User:/alice"]);
  });

  it("without a namespace, lists cluster-wide holders and, apart, those of each namespace", () => {
    const any = whoCan(dir, "create", "pods/exec");
    expect(any.answer.holders.filter((h) => !h.binding.builtIn).map((h) => `${h.scope}:${h.namespace ?? ""}:${h.subject.name}`)).toEqual(["namespace:shop:api", "namespace:shop:support", "namespace:shop:shop-team"]);
    const text = runCli(["rbac", "who-can", "create", "pods/exec"], { cwd: dir });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('only in namespace "shop":');
    expect(text.stdout).toMatch(/ServiceAccount shop\/api\s+RoleBinding shop\/readers \(rbac\.yaml:15\) → Role shop\/secret-reader \(rbac\.yaml:1\), rules\[1\]/);
  });

  it("reads standard input", () => {
    const result = runCli(["rbac", "who-can", "get", "/metrics", "-", "--format", "json"], { cwd: dir, input: RBAC });
    expect(result.status).toBe(0);
    expect(ofInput(JSON.parse(result.stdout) as Holders)).toEqual(["User:/alice"]);
  });

  it("exits 2 when the question or the input cannot be answered", () => {
    const unknown = runCli(["rbac", "who-can", "get", "gadgets"], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown resource "gadgets"');
    const broken = scratch({ "rbac.yaml": `${RBAC}---\nkind: Role\nmetadata: {name: "unterminated\n` });
    const answer = runCli(["rbac", "who-can", "get", "secrets"], { cwd: broken });
    expect(answer.status).toBe(2);
    expect(answer.stdout).toBe("");
    expect(answer.stderr).toMatch(/rbac\.yaml:\d+:\d+: YAML syntax error/);
    expect(answer.stderr).toContain("no answer is given");
    expect(runCli(["rbac", "who-can", "get", "secrets", "rbac.yaml", "--cluster"], { cwd: dir }).status).toBe(2);
    expect(runCli(["rbac", "who-can", "get", "secrets", "missing.yaml"], { cwd: dir }).status).toBe(2);
    expect(runCli(["rbac", "who-can", "get", "/metrics", "-n", "shop"], { cwd: dir }).status).toBe(2);
  });
});

interface Grants {
  identity: { user?: string; groups: string[] };
  grants: Array<{ scope: string; namespace?: string; through: { kind: string; name: string }; binding: { name: string; builtIn: boolean }; role: { name: string }; rules: Array<{ verbs: string[]; resources?: string[]; from: { name: string } }> }>;
}

function can(dir: string, ...args: string[]): { status: number | null; answer: Grants; stderr: string } {
  const result = runCli(["rbac", "can", ...args, "--format", "json"], { cwd: dir });
  return { status: result.status, answer: (result.stdout === "" ? { identity: { groups: [] }, grants: [] } : JSON.parse(result.stdout)) as Grants, stderr: result.stderr };
}

describe("shipshape rbac can", () => {
  const dir = scratch({ "rbac.yaml": RBAC });
  const ofInput = (answer: Grants) => answer.grants.filter((g) => !g.binding.builtIn).map((g) => `${g.scope}:${g.namespace ?? ""}:${g.binding.name}:${g.through.kind}/${g.through.name}`);

  it("lists a service account's grants, through its name and its groups", () => {
    const result = can(dir, "serviceaccount:shop:api");
    expect(result.status).toBe(0);
    expect(result.answer.identity).toEqual({ user: "system:serviceaccount:shop:api", groups: ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"] });
    expect(ofInput(result.answer)).toEqual(["namespace:shop:readers:ServiceAccount/api"]);
    // Every authenticated identity may ask what it may do.
    expect(result.answer.grants.some((g) => g.binding.name === "system:basic-user" && g.through.name === "system:authenticated")).toBe(true);
    expect(can(dir, "system:serviceaccount:shop:api").answer.identity.user).toBe("system:serviceaccount:shop:api");
  });

  it("includes the groups a user is said to be in, and a group's members' grants", () => {
    expect(ofInput(can(dir, "user:alice").answer)).toEqual(["cluster::widget-admins:User/alice"]);
    expect(ofInput(can(dir, "user:bob", "--group", "support", "shop-team").answer)).toEqual(["namespace:shop:readers:Group/support", "namespace:shop:shop-editors:Group/shop-team"]);
    const team = can(dir, "group:shop-team", "-n", "shop");
    expect(ofInput(team.answer)).toEqual(["namespace:shop:shop-editors:Group/shop-team"]);
    const edit = team.answer.grants.find((g) => g.binding.name === "shop-editors");
    expect(edit?.rules.some((r) => r.verbs.includes("create") && r.resources?.includes("pods/exec"))).toBe(true);
    expect(ofInput(can(dir, "group:shop-team", "-n", "other").answer)).toEqual([]);
  });

  it("prints where each permission comes from", () => {
    const text = runCli(["rbac", "can", "user:bob", "--group", "shop-team", "-n", "shop"], { cwd: dir });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('in namespace "shop" as a member of Group "shop-team", by RoleBinding shop/shop-editors (rbac.yaml:55) → ClusterRole edit (built-in):');
    expect(text.stdout).toMatch(/create, delete, deletecollection, patch, update on pods, pods\/attach, pods\/exec.*\[from ClusterRole "system:aggregate-to-edit"\]/);
  });

  it("exits 2 for a subject it cannot read", () => {
    const result = runCli(["rbac", "can", "alice"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("is not a subject");
    expect(runCli(["rbac", "can", "serviceaccount:shop"], { cwd: dir }).status).toBe(2);
  });
});
