// The RBAC evaluator (src/model/rbac/) against the real authorizer: the roles and bindings of
// fixtures/rbac-authorizer.yaml are loaded into the test control plane, and the API server
// (SubjectAccessReview, asked as the admin) and the evaluator answer the same questions for
// every combination of 16 identities with ~130 requests (resources with and without names and
// subresources, in two namespaces and cluster-wide, and non-resource URLs). Their answers must be
// identical, once for the evaluator reading the server's objects (as `rbac --kubeconfig` does)
// and once for it reading the manifests plus its bundled defaults (as `rbac FILES` does).
//
// Aggregation: no controller manager runs here, so the server never fills aggregated ClusterRoles
// (the fixture's and the built-in admin, edit and view). The test does the aggregation
// controller's work on the server before asking: for each ClusterRole with an aggregationRule it
// asks the server for the ClusterRoles each selector picks (the server evaluates the selectors),
// writes the union of their rules into it as the controller does (in name order, without
// duplicates, its own rules replaced), and repeats until nothing changes. The evaluator computes
// aggregation on its own, from labels and selectors, and must reach the same permissions.
//
// Then the command line: `rbac who-can` and `rbac can` reading the cluster through a kubeconfig
// must name exactly the identities the server allows; and `scan` must find on the cluster's
// RBAC objects what `lint` finds in the manifests, and nothing on the API server's own objects.
//
// Without the control-plane binaries this test skips locally and fails in CI.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/model/object.js";
import { RbacPolicy, serviceAccountIdentity, describeRequest, subjectApplies, type AccessRequest, type Identity, type Subject } from "../../src/model/rbac/index.js";
import { parseReport, runCli, type JsonReport } from "../helpers/cli.js";
import { findControlPlaneBinaries, startControlPlane, type ControlPlane } from "../../tools/control-plane/control-plane.js";
import { bootstrapObjects, GENERATED_FILE, renderGenerated, servedResources } from "../../tools/rbac/bootstrap-policy.js";

const lookup = await findControlPlaneBinaries();
const inCi = Boolean(process.env.CI) && process.env.CI !== "false";
if (!lookup.found && !inCi) console.warn(`skipping the live RBAC authorizer test: ${lookup.reason}`);

const FIXTURE = path.join(import.meta.dirname, "fixtures/rbac-authorizer.yaml");
const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const AUTHENTICATED = "system:authenticated";

const IDENTITIES: Identity[] = [
  { user: "alice", groups: [AUTHENTICATED] },
  { user: "bob", groups: [AUTHENTICATED] },
  { user: "carol", groups: ["ops", AUTHENTICATED] },
  { user: "dave", groups: [AUTHENTICATED] },
  { user: "erin", groups: [AUTHENTICATED] },
  { user: "frank", groups: ["alpha-admins", AUTHENTICATED] },
  { user: "grace", groups: ["viewers", "dev", AUTHENTICATED] },
  { user: "heidi", groups: [] },
  { user: "system:anonymous", groups: ["system:unauthenticated"] },
  serviceAccountIdentity("alpha", "api"),
  serviceAccountIdentity("alpha", "worker"),
  serviceAccountIdentity("beta", "api"),
  serviceAccountIdentity("beta", "other"),
  serviceAccountIdentity("gamma", "api"),
  { user: "system:serviceaccount:alpha:api:extra", groups: [AUTHENTICATED] },
  { user: "root", groups: ["system:masters"] },
];

/** [verb, group, resource, subresource, name] */
type ResourceQuestion = [string, string, string, string?, string?];
const RESOURCE_QUESTIONS: ResourceQuestion[] = [
  ["get", "", "configmaps", undefined, "settings"],
  ["get", "", "configmaps", undefined, "other"],
  ["get", "", "configmaps"],
  ["update", "", "configmaps", undefined, "flags"],
  ["list", "", "configmaps"],
  ["get", "", "configmaps", undefined, "public"],
  ["get", "", "pods", "log", "web-0"],
  ["get", "", "pods", "status"],
  ["create", "", "pods", "exec", "web-0"],
  ["get", "", "pods", "exec"],
  ["create", "", "pods"],
  ["list", "", "pods"],
  ["list", "metrics.k8s.io", "pods"],
  ["get", "apps", "deployments", undefined, "web"],
  ["delete", "apps", "deployments", undefined, "web"],
  ["escalate", "apps", "deployments"],
  ["patch", "apps", "deployments", "scale", "web"],
  ["update", "apps", "statefulsets", "scale"],
  ["get", "apps", "deployments", "status"],
  ["get", "autoscaling", "horizontalpodautoscalers"],
  ["delete", "autoscaling", "horizontalpodautoscalers", undefined, "web"],
  ["get", "example.com", "widgets", "scale"],
  ["get", "", "secrets", undefined, "db"],
  ["list", "", "secrets"],
  ["watch", "", "secrets"],
  ["create", "", "secrets"],
  ["create", "batch", "jobs"],
  ["delete", "batch", "cronjobs", undefined, "nightly"],
  ["create", "batch", "jobs", "status"],
  ["get", "", "nodes", undefined, "node-1"],
  ["list", "", "nodes"],
  ["list", "example.com", "widgets"],
  ["delete", "example.com", "widgets", undefined, "w"],
  ["create", "rbac.authorization.k8s.io", "rolebindings"],
  ["bind", "rbac.authorization.k8s.io", "clusterroles", undefined, "cluster-admin"],
  ["escalate", "rbac.authorization.k8s.io", "clusterroles"],
  ["impersonate", "", "users", undefined, "alice"],
  ["impersonate", "", "users", undefined, "bob"],
  ["impersonate", "", "groups", undefined, "dev"],
  ["impersonate", "", "serviceaccounts", undefined, "api"],
  ["list", "", "services"],
  ["get", "", "services", "proxy", "web"],
  ["create", "", "services", "*"],
  ["create", "authorization.k8s.io", "selfsubjectaccessreviews"],
  ["create", "", "serviceaccounts", "token", "api"],
  ["get", "", "namespaces", undefined, "alpha"],
];
const NAMESPACES = ["alpha", "beta", ""];
const NON_RESOURCE_QUESTIONS: Array<[string, string]> = [
  ["get", "/healthz"],
  ["get", "/healthz/etcd"],
  ["get", "/logs/kube-apiserver.log"],
  ["get", "/logs"],
  ["post", "/debug/pprof/profile"],
  ["get", "/metrics"],
  ["put", "/metrics"],
  ["get", "/version"],
  ["get", "/api"],
  ["get", "/livez"],
];

function questions(): AccessRequest[] {
  const out: AccessRequest[] = [];
  for (const namespace of NAMESPACES) {
    for (const [verb, group, resource, subresource, name] of RESOURCE_QUESTIONS) {
      out.push({ type: "resource", verb, group, resource, ...(subresource !== undefined ? { subresource } : {}), ...(name !== undefined ? { name } : {}), ...(namespace !== "" ? { namespace } : {}) });
    }
  }
  for (const [verb, requestPath] of NON_RESOURCE_QUESTIONS) out.push({ type: "non-resource", verb, path: requestPath });
  return out;
}

interface Listed {
  metadata: { name: string; labels?: Record<string, string>; resourceVersion?: string };
  aggregationRule?: { clusterRoleSelectors?: Array<{ matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }> };
  rules?: unknown[];
}

/** A label selector in the query syntax, so that the server, not our code, decides what it selects. */
function selectorQuery(selector: NonNullable<Listed["aggregationRule"]>["clusterRoleSelectors"] extends Array<infer T> | undefined ? T : never): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === "In") parts.push(`${e.key} in (${(e.values ?? []).join(",")})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${(e.values ?? []).join(",")})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

async function json<T>(plane: ControlPlane, method: string, apiPath: string, body?: unknown): Promise<T> {
  const response = await plane.request("admin", method, apiPath, body);
  if (response.status < 200 || response.status >= 300) throw new Error(`${method} ${apiPath}: ${response.status} ${response.body.slice(0, 300)}`);
  return JSON.parse(response.body) as T;
}

/** What the ClusterRole aggregation controller would do, done on the server until it settles. Returns the passes that changed something. */
async function aggregateOnServer(plane: ControlPlane): Promise<number> {
  let passes = 0;
  for (let pass = 0; pass < 20; pass++) {
    const roles = (await json<{ items: Listed[] }>(plane, "GET", `${RBAC}/clusterroles`)).items;
    let changed = false;
    for (const role of roles.filter((r) => r.aggregationRule !== undefined).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      const rules: unknown[] = [];
      const seen = new Set<string>();
      for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
        const query = encodeURIComponent(selectorQuery(selector));
        const selected = (await json<{ items: Listed[] }>(plane, "GET", `${RBAC}/clusterroles?labelSelector=${query}`)).items.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
        for (const member of selected) {
          if (member.metadata.name === role.metadata.name) continue;
          for (const rule of member.rules ?? []) {
            const key = JSON.stringify(rule);
            if (seen.has(key)) continue;
            seen.add(key);
            rules.push(rule);
          }
        }
      }
      if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) continue;
      await json(plane, "PUT", `${RBAC}/clusterroles/${encodeURIComponent(role.metadata.name)}`, { ...role, apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", rules });
      changed = true;
    }
    if (!changed) break;
    passes += 1;
  }
  return passes;
}

async function subjectAccessReview(plane: ControlPlane, identity: Identity, request: AccessRequest): Promise<boolean> {
  const spec: Record<string, unknown> = { user: identity.user, groups: identity.groups };
  if (request.type === "resource") {
    spec.resourceAttributes = { verb: request.verb, group: request.group, resource: request.resource, subresource: request.subresource ?? "", name: request.name ?? "", namespace: request.namespace ?? "" };
  } else spec.nonResourceAttributes = { verb: request.verb, path: request.path };
  const review = await json<{ status?: { allowed?: boolean } }>(plane, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec });
  return review.status?.allowed === true;
}

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T);
    }),
  );
  return out;
}

describe.skipIf(!lookup.found && !inCi)("the RBAC evaluator against the API server's authorizer", () => {
  let plane: ControlPlane;
  let bundledMatches: { expected: string; actual: string };
  let aggregationPasses = 0;

  beforeAll(async () => {
    plane = await startControlPlane();
    // Before anything is loaded: what the server bootstraps, to compare with the bundled copy.
    bundledMatches = { expected: renderGenerated(await bootstrapObjects(plane), await servedResources(plane), plane.kubernetesVersion), actual: readFileSync(GENERATED_FILE, "utf8") };
    for (const object of yaml.loadAll(readFileSync(FIXTURE, "utf8")) as KubeObject[]) {
      const metadata = object.metadata as { name: string; namespace?: string };
      const base = object.kind === "Namespace" ? "/api/v1/namespaces" : `${RBAC}/${metadata.namespace !== undefined ? `namespaces/${metadata.namespace}/` : ""}${object.kind.toLowerCase()}s`;
      await json(plane, "POST", base, object);
    }
    aggregationPasses = await aggregateOnServer(plane);
  }, 120_000);

  afterAll(async () => {
    await plane?.stop();
  });

  it("bundles exactly the roles, bindings and resources the API server bootstraps", () => {
    expect(bundledMatches.actual === bundledMatches.expected, "run: node --import tsx tools/rbac/bootstrap-policy.ts").toBe(true);
  });

  it("answers every question as SubjectAccessReview does, from the server's objects and from the manifests", async () => {
    expect(aggregationPasses, "the aggregated roles were filled in").toBeGreaterThan(0);
    const view = await json<Listed>(plane, "GET", `${RBAC}/clusterroles/view`);
    expect(JSON.stringify(view.rules), "view now includes the widgets-view extension").toContain("widgets");

    // As `shipshape rbac --kubeconfig` reads a cluster: every RBAC object the server has, no bundled defaults.
    const live: Array<{ object: KubeObject; source: string }> = [];
    for (const [kind, plural] of [["ClusterRole", "clusterroles"], ["ClusterRoleBinding", "clusterrolebindings"], ["Role", "roles"], ["RoleBinding", "rolebindings"]] as const) {
      for (const item of (await json<{ items: KubeObject[] }>(plane, "GET", `${RBAC}/${plural}`)).items) live.push({ object: { ...item, apiVersion: "rbac.authorization.k8s.io/v1", kind }, source: "cluster" });
    }
    const fromServer = RbacPolicy.fromObjects(live, { builtIns: false });
    // As `shipshape rbac FILES` reads manifests: the fixture plus the bundled defaults.
    const manifests = (yaml.loadAll(readFileSync(FIXTURE, "utf8")) as KubeObject[]).map((object) => ({ object, source: "file" }));
    const fromFiles = RbacPolicy.fromObjects(manifests);

    const asked = questions();
    const pairs = IDENTITIES.flatMap((identity) => asked.map((request) => ({ identity, request })));
    const server = await inParallel(pairs, 8, ({ identity, request }) => subjectAccessReview(plane, identity, request));
    const disagreements: string[] = [];
    let agree = 0;
    pairs.forEach(({ identity, request }, i) => {
      const expected = server[i];
      const a = fromServer.authorize(identity, request).allowed;
      const b = fromFiles.authorize(identity, request).allowed;
      if (a === expected && b === expected) agree += 1;
      else disagreements.push(`${identity.user} [${identity.groups.join(",")}] ${describeRequest(request)}: server ${String(expected)}, from the server's objects ${String(a)}, from the manifests ${String(b)}`);
    });
    const allowed = server.filter(Boolean).length;
    console.log(`rbac agreement: ${agree}/${pairs.length} (${IDENTITIES.length} identities × ${asked.length} requests; the server allowed ${allowed}, denied ${pairs.length - allowed})`);
    expect(disagreements).toEqual([]);
    expect(pairs.length).toBeGreaterThan(1000);
    // Both answers are common, for the identities that are not cluster admins.
    const ordinary = pairs.map((p, i) => ({ ...p, allowed: server[i] })).filter((p) => p.identity.user !== "root");
    expect(ordinary.filter((p) => p.allowed).length).toBeGreaterThan(150);
    expect(ordinary.filter((p) => !p.allowed).length).toBeGreaterThan(150);

    // who-can names exactly the identities the server allows, for every request.
    let whoCanChecked = 0;
    for (const [index, request] of asked.entries()) {
      const holders = fromServer.whoCan(request);
      IDENTITIES.forEach((identity, j) => {
        const allowedByServer = server[j * asked.length + index];
        const named = holders.some((h) => subjectApplies(h.subject, identity, h.binding.namespace ?? ""));
        if (named !== allowedByServer) disagreements.push(`who-can ${describeRequest(request)} and ${identity.user}: server ${String(allowedByServer)}, who-can ${String(named)}`);
        whoCanChecked += 1;
      });
    }
    expect(disagreements).toEqual([]);
    expect(whoCanChecked).toBe(pairs.length);
  }, 300_000);

  it("rbac who-can and rbac can read the cluster and answer as the server does", async () => {
    const asked: AccessRequest[] = [
      { type: "resource", verb: "get", group: "", resource: "configmaps", name: "settings", namespace: "alpha" },
      { type: "resource", verb: "list", group: "", resource: "configmaps", namespace: "alpha" },
      { type: "resource", verb: "create", group: "", resource: "pods", subresource: "exec", namespace: "alpha" },
      { type: "resource", verb: "update", group: "apps", resource: "statefulsets", subresource: "scale", namespace: "beta" },
      { type: "resource", verb: "list", group: "", resource: "secrets", namespace: "alpha" },
      { type: "resource", verb: "list", group: "example.com", resource: "widgets", namespace: "beta" },
      { type: "resource", verb: "impersonate", group: "", resource: "users", name: "alice" },
      { type: "resource", verb: "list", group: "", resource: "services", namespace: "beta" },
      { type: "non-resource", verb: "get", path: "/logs/kube-apiserver.log" },
    ];
    for (const request of asked) {
      const args =
        request.type === "resource"
          ? [request.verb, `${request.resource}${request.group !== "" ? `.${request.group}` : ""}${request.subresource !== undefined ? `/${request.subresource}` : ""}`, ...(request.namespace !== undefined ? ["-n", request.namespace] : []), ...(request.name !== undefined ? ["--name", request.name] : [])]
          : [request.verb, request.path];
      const result = runCli(["rbac", "who-can", ...args, "--kubeconfig", plane.adminKubeconfig, "--format", "json"]);
      expect(result.status, result.stderr).toBe(0);
      const holders = (JSON.parse(result.stdout) as { holders: Array<{ subject: Subject; binding: { kind: string; namespace?: string } }> }).holders;
      for (const identity of IDENTITIES) {
        const named = holders.some((h) => subjectApplies({ ...h.subject, index: 0 }, identity, h.binding.namespace ?? ""));
        expect(named, `who-can ${describeRequest(request)} names ${identity.user}`).toBe(await subjectAccessReview(plane, identity, request));
      }
    }
    const result = runCli(["rbac", "can", "serviceaccount:alpha:worker", "--kubeconfig", plane.adminKubeconfig, "--format", "json"]);
    expect(result.status, result.stderr).toBe(0);
    const grants = (JSON.parse(result.stdout) as { grants: Array<{ binding: { name: string }; through: { name: string }; namespace?: string }> }).grants.map((g) => `${g.binding.name}:${g.namespace ?? ""}:${g.through.name}`);
    expect(grants).toEqual(expect.arrayContaining(["scalers::worker", "scalers-in-beta:beta:system:serviceaccounts:alpha", "service-listers:beta:system:serviceaccounts", "public-config:beta:system:authenticated"]));
    expect(grants.some((g) => g.startsWith("config-keepers"))).toBe(false);
  }, 120_000);

  it("scan judges the cluster's RBAC objects as lint judges the manifests, and leaves the API server's own alone", () => {
    const scan = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", plane.adminKubeconfig]);
    expect(scan.status, scan.stderr).not.toBe(2);
    const lint = runCli(["lint", "--no-config", "--format", "json", FIXTURE]);
    const rbacOf = (report: JsonReport) =>
      report.findings
        .filter((f) => f.practice === "rbac")
        .map((f) => `${f.rule} ${f.resource?.kind ?? ""} ${f.resource?.namespace ?? ""}/${f.resource?.name ?? ""} ${f.path ?? ""}`)
        .sort();
    const scanned = parseReport(scan);
    // The cluster also holds the control plane's own viewer identity (a ClusterRole with
    // resources: ["*"]), which the manifests do not: judged like any user's role.
    const ofControlPlane = (f: string) => / \/shipshape-viewer /.test(f);
    const fromScan = rbacOf(scanned).filter((f) => !ofControlPlane(f));
    const fromLint = rbacOf(parseReport(lint));
    console.log(`rbac scan/lint parity: ${fromScan.length} findings from scan on the fixture's objects, ${fromLint.length} from lint, identical: ${String(JSON.stringify(fromScan) === JSON.stringify(fromLint))}`);
    expect(fromScan).toEqual(fromLint);
    expect(rbacOf(scanned).filter(ofControlPlane)).toEqual(["rbac-wildcard-rule ClusterRole /shipshape-viewer rules[1].resources"]);
    expect(fromScan).toEqual(
      expect.arrayContaining([
        "rbac-privilege-escalation ClusterRole /impersonator rules[0]",
        "rbac-binding-to-all-users RoleBinding beta/public-config subjects[0]",
        "rbac-binding-to-all-users RoleBinding beta/service-listers subjects[1]",
        "rbac-secrets-read ClusterRole /platform-secrets rules[0]",
        "rbac-pod-exec Role alpha/config-keeper rules[3]",
      ]),
    );
    // Nothing about the objects the API server made for itself, whose aggregated roles were filled in here.
    expect(fromScan.filter((f) => / \/(system:|cluster-admin|admin|edit|view)\b/.test(f) || / kube-system\//.test(f))).toEqual([]);
    const rbacFindings = scanned.findings.filter((f) => f.practice === "rbac");
    expect(rbacFindings.every((f) => f.location === undefined)).toBe(true);
    expect(rbacFindings.find((f) => f.rule === "rbac-privilege-escalation")?.message).toContain("held by ServiceAccount beta/other in every namespace");
    expect(rbacFindings.find((f) => f.rule === "rbac-secrets-read" && f.resource?.name === "platform-secrets")?.message).toContain('no binding of the cluster grants it yet; it is aggregated into ClusterRole "platform"');
  }, 120_000);
});
