// The control plane that live tests and `npm run dev:cluster` run: a real kube-apiserver and etcd
// on 127.0.0.1 (tools/control-plane/). Without the binaries these tests skip locally and fail in
// CI, where .ci/run builds them first.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findControlPlaneBinaries, startControlPlane, type ControlPlane } from "../../tools/control-plane/control-plane.js";

const run = promisify(execFile);
const lookup = await findControlPlaneBinaries();
const inCi = Boolean(process.env.CI) && process.env.CI !== "false";
if (!lookup.found && !inCi) console.warn(`skipping the live control-plane tests: ${lookup.reason}`);
const kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((file) => existsSync(file));

function apis(kubeconfig: string): { core: CoreV1Api; apps: AppsV1Api } {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  return { core: config.makeApiClient(CoreV1Api), apps: config.makeApiClient(AppsV1Api) };
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}

function get(url: string, options: https.RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { ...options, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject);
  });
}

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

let counter = 0;
const freshName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

describe.skipIf(!lookup.found && !inCi)("control plane", () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    const started = Date.now();
    plane = await startControlPlane(); // in CI without binaries: fails here with build.sh's reason
    console.log(`control plane ${plane.kubernetesVersion} up in ${Date.now() - started} ms at ${plane.server}`);
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it("serves HTTPS on 127.0.0.1 and reports the pinned version at /version", async () => {
    expect(plane.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await plane.request("restricted", "GET", "/version");
    expect(res.status).toBe(200);
    const version = JSON.parse(res.body) as { gitVersion: string; major: string; minor: string };
    const pinned = lookup.found ? lookup.binaries.kubeApiServer.version : "";
    expect(version.gitVersion).toBe(pinned);
    expect(`v${version.major}.${version.minor}.`).toBe(pinned.replace(/\d+$/, ""));
  });

  it("lets the admin identity create a namespace and a Deployment (client-node, admin kubeconfig)", async () => {
    const namespace = freshName("admin");
    const { core, apps } = apis(plane.adminKubeconfig);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: "web" },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "web" } },
          template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
        },
      },
    });
    const read = await apps.readNamespacedDeployment({ namespace, name: "web" });
    expect(read.spec?.replicas).toBe(2);
    expect(read.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.skipIf(!kubectl)("works with kubectl through the admin and restricted kubeconfigs", async () => {
    const namespace = freshName("kubectl");
    const admin = ["--kubeconfig", plane.adminKubeconfig];
    await run(kubectl!, [...admin, "create", "namespace", namespace]);
    const { stdout } = await run(kubectl!, [...admin, "get", "namespace", namespace, "-o", "jsonpath={.metadata.name}"]);
    expect(stdout).toBe(namespace);
    const canI = await run(kubectl!, ["--kubeconfig", plane.restrictedKubeconfig, "auth", "can-i", "list", "pods", "-n", namespace]).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    expect(canI.stdout.trim()).toBe("no");
  });

  it("refuses the restricted identity (403) until a RoleBinding grants it, and only what it grants", async () => {
    const namespace = freshName("rbac");
    const other = freshName("rbac-other");
    for (const name of [namespace, other]) {
      expect((await plane.request("admin", "POST", "/api/v1/namespaces", { metadata: { name } })).status).toBe(201);
    }
    const listConfigMaps = (ns: string) => plane.request("restricted", "GET", `/api/v1/namespaces/${ns}/configmaps`);
    expect((await listConfigMaps(namespace)).status).toBe(403);

    const rbac = "/apis/rbac.authorization.k8s.io/v1";
    expect(
      (await plane.request("admin", "POST", `${rbac}/namespaces/${namespace}/roles`, {
        metadata: { name: "read-configmaps" },
        rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }],
      })).status,
    ).toBe(201);
    expect(
      (await plane.request("admin", "POST", `${rbac}/namespaces/${namespace}/rolebindings`, {
        metadata: { name: "reader" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "read-configmaps" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: plane.users.restricted.name }],
      })).status,
    ).toBe(201);

    expect(await eventually(async () => (await listConfigMaps(namespace)).status === 200)).toBe(true);
    expect((await listConfigMaps(other)).status).toBe(403);
    expect((await plane.request("restricted", "GET", `/api/v1/namespaces/${namespace}/secrets`)).status).toBe(403);
    expect((await plane.request("restricted", "DELETE", `/api/v1/namespaces/${namespace}/configmaps/x`)).status).toBe(403);
  });

  it("gives the viewer identity read access to everything but Secrets, and the API server's /metrics", async () => {
    const namespace = freshName("viewer");
    await apis(plane.adminKubeconfig).core.createNamespace({ body: { metadata: { name: namespace } } });
    const { core, apps } = apis(plane.viewerKubeconfig);
    const names = (await core.listNamespace()).items.map((ns) => ns.metadata?.name);
    expect(names).toContain(namespace);
    expect(await statusOf(apps.listNamespacedDeployment({ namespace }))).toBe(200);
    expect(await statusOf(core.listNamespacedSecret({ namespace }))).toBe(403);
    expect(await statusOf(core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "x" } } }))).toBe(403);
    expect((await plane.request("viewer", "GET", "/metrics")).status).toBe(200);
    expect((await plane.request("restricted", "GET", "/metrics")).status).toBe(403);
  });

  it("verifies TLS against the cluster CA (SANs 127.0.0.1 and localhost), not against the system's roots", async () => {
    const ca = readFileSync(plane.caFile);
    const { port } = plane;
    expect(await get(`https://127.0.0.1:${port}/readyz`, { ca })).toBe(200);
    expect(await get(`https://127.0.0.1:${port}/readyz`, { ca, servername: "localhost" })).toBe(200);
    await expect(get(`https://127.0.0.1:${port}/readyz`, {})).rejects.toMatchObject({ code: expect.stringMatching(/CERT|SIGNATURE/) });
    await expect(get(`https://127.0.0.1:${port}/readyz`, { ca, servername: "example.com" })).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });

  it("keeps etcd's raw values readable at their /registry keys", async () => {
    const namespace = freshName("raw");
    await plane.request("admin", "POST", "/api/v1/namespaces", { metadata: { name: namespace } });
    const res = await plane.request("admin", "POST", `/api/v1/namespaces/${namespace}/secrets`, { metadata: { name: "token" }, stringData: { token: "s3cr3t-value" } });
    expect(res.status).toBe(201);
    const raw = await plane.etcdGet(`/registry/secrets/${namespace}/token`);
    expect(raw?.subarray(0, 4).toString("latin1")).toBe("k8s\0"); // protobuf, not encrypted
    expect(raw?.includes("s3cr3t-value")).toBe(true);
    expect(await plane.etcdGet(`/registry/secrets/${namespace}/missing`)).toBeUndefined();
  });

  it("restarts the API server with extra flags on the same etcd data (an audit log here)", async () => {
    const namespace = freshName("restart");
    await plane.request("admin", "POST", "/api/v1/namespaces", { metadata: { name: namespace } });
    const policy = path.join(plane.dir, "audit-policy.yaml");
    const auditLog = path.join(plane.dir, "audit.log");
    writeFileSync(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n");
    const before = plane.pids.apiServer;
    await plane.restart([`--audit-policy-file=${policy}`, `--audit-log-path=${auditLog}`]);
    expect(plane.pids.apiServer).not.toBe(before);
    expect(plane.apiServerArgs).toContain(`--audit-log-path=${auditLog}`);
    expect((await plane.request("viewer", "GET", `/api/v1/namespaces/${namespace}`)).status).toBe(200);
    const lines = readFileSync(auditLog, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { requestURI: string; user: { username: string } });
    expect(lines).toContainEqual(expect.objectContaining({ requestURI: `/api/v1/namespaces/${namespace}`, user: expect.objectContaining({ username: "shipshape-viewer" }) }));
  });

  it("stop() ends both processes and removes its folder", async () => {
    const { apiServer, etcd } = plane.pids;
    expect(apiServer).toBeGreaterThan(0);
    expect(etcd).toBeGreaterThan(0);
    await plane.stop();
    for (const pid of [apiServer!, etcd!]) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(existsSync(plane.dir)).toBe(false);
    expect(plane.pids).toEqual({ apiServer: undefined, etcd: undefined });
  });

  it("fails to start with the reason from the API server's log, leaving nothing behind", async () => {
    const dir = path.join(tmpdir(), freshName("shipshape-control-plane-bad"));
    const error = await startControlPlane({ dir, extraApiServerArgs: ["--no-such-flag=1"] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/kube-apiserver exited \(code \d+\) before ready/);
    expect(error?.message).toContain("unknown flag: --no-such-flag");
    expect(existsSync(dir)).toBe(false);
  });
});
