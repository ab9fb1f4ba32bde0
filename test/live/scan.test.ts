// `shipshape scan` against a real API server (tools/control-plane/): the same findings as lint
// for the same objects, restricted identities, unreachable servers, custom resources, and
// `lint --server-dry-run`. Without the binaries these tests skip locally and fail in CI.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import yaml from "js-yaml";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findControlPlaneBinaries, startControlPlane, type ControlPlane } from "../../tools/control-plane/control-plane.js";
import { parseReport, runCli, scratch, type JsonReport } from "../helpers/cli.js";
import { configFrom } from "../helpers/lint.js";

const run = promisify(execFile);
const lookup = await findControlPlaneBinaries();
const inCi = Boolean(process.env.CI) && process.env.CI !== "false";
if (!lookup.found && !inCi) console.warn(`skipping the live scan tests: ${lookup.reason}`);

const ROOT = path.resolve(import.meta.dirname, "../..");
const PARITY = path.join(import.meta.dirname, "fixtures/parity");
const EXAMPLE = path.join(ROOT, "examples/shop");

async function kubectl(kubeconfig: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" });
  return stdout;
}

/** Findings per object (kind namespace/name) as "rule path" lines. */
function byObject(report: JsonReport): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of report.findings) {
    if (f.resource === undefined) continue;
    const key = `${f.resource.kind} ${f.resource.namespace ?? ""}/${f.resource.name ?? ""}`;
    const list = out.get(key) ?? [];
    list.push(`${f.rule} ${f.path ?? ""}`);
    out.set(key, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/**
 * Where scan and lint disagree by design (docs/scan.md, "Same findings as lint"). A cluster holds
 * every object of a namespace, so "selects nothing" rules speak whenever the namespace has
 * workloads; lint, which often sees part of an application, speaks only when the pods the
 * selector means could have been in the input (same file, same name, a shared label).
 */
const DESIGNED_DIFFERENCES = new Map([
  ["Service parity-open/orphan", "Service parity-open/orphan: lint only [], scan only [service-selects-nothing spec.selector]"],
  // Scan reads Secrets as metadata only (their values never leave the API server): a committed value is lint's finding.
  ["Secret parity-open/credentials", "Secret parity-open/credentials: lint only [secret-committed stringData.password], scan only []"],
]);

describe.skipIf(!lookup.found && !inCi)("shipshape scan against a real API server", () => {
  let cluster: ControlPlane;

  beforeAll(async () => {
    cluster = await startControlPlane();
    const admin = cluster.adminKubeconfig;
    await kubectl(admin, "apply", "--server-side", "-f", path.join(PARITY, "00-namespaces.yaml"), "-f", path.join(EXAMPLE, "namespace.yaml"));
    await kubectl(admin, "apply", "--server-side", "-f", path.join(PARITY, "10-workloads.yaml"), "-f", path.join(PARITY, "20-services-and-policies.yaml"), "-f", path.join(PARITY, "30-config.yaml"));
    await kubectl(admin, "wait", "--for=condition=Established", "--timeout=60s", "crd/backups.parity.example.com");
    await kubectl(admin, "apply", "--server-side", "-f", path.join(PARITY, "40-custom-resources.yaml"));
    for (const file of ["cart.yaml", "policies.yaml", "report-job.yaml", "web.yaml"]) await kubectl(admin, "apply", "--server-side", "-f", path.join(EXAMPLE, file));
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it("finds for each object exactly what lint finds for its manifest (parity)", () => {
    const lint = parseReport(runCli(["lint", "--no-config", "--format", "json", PARITY, EXAMPLE]));
    const scan = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig]);
    expect(scan.status, scan.stderr).not.toBe(2);
    const scanned = parseReport(scan);
    const fromLint = byObject(lint);
    const fromScan = byObject(scanned);
    // Every object of the manifests, whether or not either found something in it.
    const objects = new Set<string>();
    for (const dir of [PARITY, EXAMPLE]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
        for (const document of yaml.loadAll(readFileSync(path.join(dir, file), "utf8"))) {
          const object = document as { kind: string; metadata: { name: string; namespace?: string } } | null;
          if (object !== null) objects.add(`${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`);
        }
      }
    }
    const differences: string[] = [];
    const designed: string[] = [];
    for (const object of [...objects].sort()) {
      const a = fromLint.get(object) ?? [];
      const b = fromScan.get(object) ?? [];
      const onlyLint = a.filter((x) => !b.includes(x));
      const onlyScan = b.filter((x) => !a.includes(x));
      if (onlyLint.length === 0 && onlyScan.length === 0) continue;
      const difference = `${object}: lint only [${onlyLint.join(", ")}], scan only [${onlyScan.join(", ")}]`;
      if (DESIGNED_DIFFERENCES.get(object) === difference) designed.push(object);
      else differences.push(difference);
    }
    const agreeing = objects.size - differences.length - designed.length;
    console.log(
      `scan/lint parity: ${agreeing}/${objects.size} objects with identical findings, ${designed.length} designed difference(s) (docs/scan.md), ${differences.length} other (${lint.summary.findings} findings from lint, ${scanned.summary.findings} from scan)`,
    );
    expect(objects.size).toBeGreaterThan(30);
    expect(differences).toEqual([]);
    expect(designed.sort()).toEqual([...DESIGNED_DIFFERENCES.keys()].sort());
  }, 120_000);

  it("never reads a Secret's values, nor prints them", () => {
    const scan = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig]);
    expect(scan.stdout + scan.stderr).not.toContain("parity-secret-value-never-printed");
    expect(scan.stdout + scan.stderr).not.toContain(Buffer.from("parity-secret-value-never-printed").toString("base64"));
    const text = runCli(["scan", "--no-config", "--kubeconfig", cluster.adminKubeconfig]);
    expect(text.stdout).not.toContain("parity-secret-value-never-printed");
  }, 60_000);

  it("reports at the controller, once: a Pod of a ReplicaSet of a Deployment is not reported again", async () => {
    // No controller manager runs here: make the chain by hand.
    const admin = cluster.adminKubeconfig;
    const deployment = JSON.parse(await kubectl(admin, "get", "deployment", "legacy", "-n", "parity-open", "-o", "json")) as { metadata: { uid: string } };
    const replicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "legacy-6d4f", namespace: "parity-open", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "legacy", uid: deployment.metadata.uid, controller: true }] },
      spec: { replicas: 2, selector: { matchLabels: { app: "legacy" } }, template: { metadata: { labels: { app: "legacy" } }, spec: { containers: [{ name: "legacy", image: "nginx:latest", securityContext: { privileged: true } }] } } },
    };
    const dir = scratch({ "rs.json": JSON.stringify(replicaSet) });
    await kubectl(admin, "apply", "--server-side", "-f", path.join(dir, "rs.json"));
    const report = parseReport(runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", admin, "-n", "parity-open"]));
    expect(report.findings.filter((f) => f.resource?.kind === "ReplicaSet")).toEqual([]);
    expect(report.findings.some((f) => f.resource?.kind === "Deployment" && f.resource.name === "legacy" && f.rule === "privileged-container")).toBe(true);
    await kubectl(admin, "delete", "replicaset", "legacy-6d4f", "-n", "parity-open");
  }, 60_000);

  it("narrows to a label selector", () => {
    const report = parseReport(runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig, "-l", "app.kubernetes.io/name=api"]));
    const kinds = new Set(report.findings.filter((f) => f.resource !== undefined && f.resource.kind !== "Namespace").map((f) => `${f.resource?.kind} ${f.resource?.name}`));
    expect(kinds).toEqual(new Set(["Deployment api"]));
  }, 60_000);

  it("validates custom resources against the CRDs installed in the cluster", async () => {
    const report = parseReport(runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig, "-n", "parity-open"]));
    expect(report.findings.filter((f) => f.rule === "schema-unknown-kind" && f.resource?.kind === "Backup")).toEqual([]);
    expect(report.summary.resources).toBeGreaterThan(5);
  }, 60_000);

  it("judges what only a live cluster tells: the server's version, and a log shipper on the nodes", async () => {
    const first = parseReport(runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig]));
    // The test control plane runs the newest version shipshape knows: not outdated, not past end of life.
    expect(first.findings.filter((f) => f.rule === "cluster-version-outdated" || f.rule === "kube-version-end-of-life")).toEqual([]);
    // node-agent is no log shipper: said once, about the cluster.
    expect(first.findings.filter((f) => f.rule === "log-shipper-missing")).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining("no DaemonSet ships container logs") })]);
    expect(first.findings.find((f) => f.rule === "log-shipper-missing")?.resource).toBeUndefined();
    const shipper = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "fluent-bit", namespace: "parity-open" },
      spec: { selector: { matchLabels: { app: "fluent-bit" } }, template: { metadata: { labels: { app: "fluent-bit" } }, spec: { containers: [{ name: "fluent-bit", image: "cr.fluentbit.io/fluent/fluent-bit:3.1.4" }] } } },
    };
    const dir = scratch({ "shipper.json": JSON.stringify(shipper) });
    await kubectl(cluster.adminKubeconfig, "apply", "--server-side", "-f", path.join(dir, "shipper.json"));
    const second = parseReport(runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig]));
    expect(second.findings.filter((f) => f.rule === "log-shipper-missing")).toEqual([]);
    await kubectl(cluster.adminKubeconfig, "delete", "daemonset", "fluent-bit", "-n", "parity-open");
    // Judging it needs every namespace.
    const scoped = parseReport(runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.adminKubeconfig, "-n", "parity-open"]));
    expect(scoped.findings.filter((f) => f.rule === "log-shipper-missing")).toEqual([]);
    expect(scoped.notes.map((n) => n.message)).toContain("log shipping is judged only when every namespace is scanned (without --namespace)");
  }, 90_000);

  it("with a restricted identity: lists once what it cannot read, with the permission, and checks the rest", async () => {
    const admin = cluster.adminKubeconfig;
    // Not the built-in `view`: it is an aggregated role, and no controller manager fills it in here.
    const workloadReader = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "reader-workloads" },
      rules: [
        { apiGroups: [""], resources: ["pods", "services", "configmaps", "serviceaccounts", "limitranges", "resourcequotas", "persistentvolumeclaims"], verbs: ["get", "list"] },
        { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: ["get", "list"] },
        { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: ["get", "list"] },
        { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["get", "list"] },
        { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies", "ingresses"], verbs: ["get", "list"] },
        { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: ["get", "list"] },
      ],
    };
    const binding = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "reader-workloads", namespace: "parity-open" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "reader-workloads" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: cluster.users.restricted.name }],
    };
    const listNamespaces = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "reader-namespaces" },
      rules: [{ apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list"] }],
    };
    const bindNamespaces = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "reader-namespaces" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "reader-namespaces" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: cluster.users.restricted.name }],
    };
    const dir = scratch({ "rbac.json": JSON.stringify({ apiVersion: "v1", kind: "List", items: [workloadReader, binding, listNamespaces, bindNamespaces] }) });
    await kubectl(admin, "apply", "--server-side", "-f", path.join(dir, "rbac.json"));
    const result = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", cluster.restrictedKubeconfig]);
    expect(result.status, result.stderr).not.toBe(2);
    const report = parseReport(result);
    const warnings = report.notes.filter((n) => n.level === "warning").map((n) => n.message);
    // Deployments: refused cluster-wide, read in the one namespace where the role allows it.
    expect(warnings).toContainEqual(expect.stringMatching(/^cannot list deployments\.apps cluster-wide, nor in \d+ of \d+ namespaces .*: the identity lacks list on deployments\.apps there; read in 1$/));
    // Secrets: nowhere. Cluster-scoped kinds it may not read at all.
    expect(warnings).toContain("cannot list secrets in any namespace: the identity lacks list on secrets");
    expect(warnings).toContainEqual(expect.stringContaining("cannot list clusterroles.rbac.authorization.k8s.io cluster-wide: the identity lacks list on clusterroles.rbac.authorization.k8s.io"));
    // Each missing permission once.
    expect(new Set(warnings).size).toBe(warnings.length);
    // What it could read was checked: the open namespace's workloads.
    expect(report.findings.some((f) => f.resource?.kind === "Deployment" && f.resource.name === "legacy")).toBe(true);
    expect(report.findings.some((f) => f.resource?.namespace === "parity-strict" && f.resource.kind !== "Namespace")).toBe(false);
  }, 90_000);

  it("exits 2 naming the context and server when the cluster cannot be reached or refuses the credentials", () => {
    const dir = scratch();
    const unreachable = path.join(dir, "unreachable.yaml");
    writeFileSync(
      unreachable,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: gone-context\n  context:\n    cluster: gone\n    user: nobody\nusers:\n- name: nobody\n  user:\n    token: nothing\ncurrent-context: gone-context\n`,
    );
    const down = runCli(["scan", "--kubeconfig", unreachable, "--request-timeout", "5"]);
    expect(down.status).toBe(2);
    expect(down.stderr).toContain('context "gone-context" (https://127.0.0.1:1)');
    expect(down.stderr).toContain("connection refused");

    const badToken = path.join(dir, "bad-token.yaml");
    writeFileSync(
      badToken,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n    server: ${cluster.server}\n    certificate-authority: ${cluster.caFile}\ncontexts:\n- name: expired\n  context:\n    cluster: local\n    user: stale\nusers:\n- name: stale\n  user:\n    token: expired-or-revoked\ncurrent-context: expired\n`,
    );
    const refused = runCli(["scan", "--kubeconfig", badToken]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`context "expired" (${cluster.server})`);
    expect(refused.stderr).toContain("401");
  }, 60_000);

  it("copes with a namespace that goes away: a terminating namespace is still read, a missing one is a warning", async () => {
    const admin = cluster.adminKubeconfig;
    await kubectl(admin, "create", "namespace", "parity-doomed");
    await kubectl(admin, "create", "configmap", "leftover", "-n", "parity-doomed", "--from-literal=a=b");
    await kubectl(admin, "delete", "namespace", "parity-doomed", "--wait=false");
    const terminating = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", admin, "-n", "parity-doomed"]);
    expect(terminating.status, terminating.stderr).not.toBe(2);
    expect(parseReport(terminating).summary.resources).toBeGreaterThanOrEqual(1);
    const missing = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", admin, "-n", "parity-never-existed"]);
    expect(missing.status, missing.stderr).toBe(0);
    expect(parseReport(missing).notes).toContainEqual(expect.objectContaining({ level: "warning", message: 'namespace "parity-never-existed" does not exist' }));
  }, 60_000);

  it("reports its progress kind by kind while it reads (what the terminal's indicator shows)", async () => {
    const { runScan } = await import("../../src/cluster/scan.js");
    const { ClusterConnection } = await import("../../src/cluster/connection.js");
    const calls: Array<[number, number]> = [];
    await runScan({ connection: ClusterConnection.open({ kubeconfig: cluster.viewerKubeconfig }), config: configFrom({}), onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(5);
    const total = calls[0]?.[1] ?? 0;
    expect(calls.every(([, t]) => t === total)).toBe(true);
    // Counted up one kind at a time, to every kind read.
    expect(calls.map(([done]) => done)).toEqual(Array.from({ length: calls.length }, (_, i) => calls[0]![0] + i));
    expect(calls[calls.length - 1]).toEqual([total, total]);
  }, 60_000);

  it("lint --server-dry-run reports what the server refuses, at the object's place, and changes nothing", async () => {
    const admin = cluster.adminKubeconfig;
    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: dry-run-privileged
  namespace: parity-strict
spec:
  containers:
    - name: app
      image: registry.example.com/parity/app:1.0.0
      securityContext:
        privileged: true
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: dry-run-fine
  namespace: parity-strict
data:
  a: b
`;
    const dir = scratch({ "dry-run.yaml": manifest });
    const result = runCli(["lint", "dry-run.yaml", "--no-config", "--format", "json", "--server-dry-run", "--kubeconfig", admin], { cwd: dir });
    const report = parseReport(result);
    const rejected = report.findings.filter((f) => f.rule === "server-dry-run-rejected");
    expect(rejected).toEqual([expect.objectContaining({ severity: "error", resource: expect.objectContaining({ kind: "Pod", name: "dry-run-privileged" }), location: expect.objectContaining({ file: "dry-run.yaml" }) })]);
    expect(rejected[0]?.message).toContain("PodSecurity");
    expect(rejected[0]?.message).toContain("privileged");
    expect(result.status).toBe(1);
    // Nothing was created.
    await expect(kubectl(admin, "get", "pod", "dry-run-privileged", "-n", "parity-strict")).rejects.toThrow(/NotFound/);
    await expect(kubectl(admin, "get", "configmap", "dry-run-fine", "-n", "parity-strict")).rejects.toThrow(/NotFound/);

    // The same manifests on standard input (as `helm template | shipshape lint -` sends them):
    // read once, linted, and sent to the server from what was read.
    const piped = runCli(["lint", "-", "--no-config", "--format", "json", "--server-dry-run", "--kubeconfig", admin], { cwd: dir, input: manifest });
    const pipedRejected = parseReport(piped).findings.filter((f) => f.rule === "server-dry-run-rejected");
    expect(pipedRejected).toEqual([expect.objectContaining({ resource: expect.objectContaining({ kind: "Pod", name: "dry-run-privileged" }), location: expect.objectContaining({ file: "<stdin>", line: rejected[0]?.location?.line }) })]);
    expect(piped.status).toBe(1);
  }, 60_000);
});
