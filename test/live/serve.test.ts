// `shipshape serve` called by a real API server (tools/control-plane/): admitted, denied, warned,
// exempted objects through kubectl, update and dry-run paths, malformed and hostile requests,
// and SIGTERM while reviews are in flight. Without the binaries these tests skip locally and
// fail in CI.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import http from "node:http";
import path from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDENTITIES, findControlPlaneBinaries, startControlPlane, type ControlPlane } from "../../tools/control-plane/control-plane.js";
import { BIN, scratch } from "../helpers/cli.js";
import { compliantDeployment } from "../helpers/workloads.js";

const run = promisify(execFile);
const lookup = await findControlPlaneBinaries();
const inCi = Boolean(process.env.CI) && process.env.CI !== "false";
if (!lookup.found && !inCi) console.warn(`skipping the live webhook tests: ${lookup.reason}`);

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly [key: string]: unknown;
}

/** A running `shipshape serve` and its JSON log lines. */
interface Webhook {
  readonly process: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly metricsPort: number;
  readonly logs: LogLine[];
  readonly exited: Promise<number | null>;
}

async function startWebhook(args: readonly string[], cwd: string): Promise<Webhook> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  let buffered = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close": the process has exited and its output has been read to the end.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const ready = new Promise<{ port: number; metricsPort: number }>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as LogLine;
        buffered = buffered.slice(newline + 1);
        logs.push(line);
        if (line.message === "serving admission reviews") resolve({ port: Number(line.port), metricsPort: Number(line.metricsPort) });
        newline = buffered.indexOf("\n");
      }
    });
    void exited.then((code) => reject(new Error(`shipshape serve exited (${code}): ${stderr}`)));
  });
  const { port, metricsPort } = await ready;
  return { process: child, port, metricsPort, logs, exited };
}

async function kubectl(kubeconfig: string, args: readonly string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
    if (input !== undefined) {
      child.stdin?.write(input);
      child.stdin?.end();
    }
  });
}

function post(port: number, ca: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port, path: "/validate", method: "POST", ca, headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function get(port: number, ca: string, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: "127.0.0.1", port, path: urlPath, ca }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      })
      .on("error", reject);
  });
}

function deployment(name: string, namespace: string, container: Record<string, unknown>, annotations?: Record<string, string>): string {
  return JSON.stringify(compliantDeployment(name, container, { namespace, ...(annotations !== undefined ? { annotations } : {}) }));
}

function review(uid: string, object: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: { uid, operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, namespace: "serve-shop", object, userInfo: { username: "test" }, ...extra },
  });
}

describe.skipIf(!lookup.found && !inCi)("shipshape serve called by a real API server", () => {
  let cluster: ControlPlane;
  let webhook: Webhook;
  let ca: string;
  let dir: string;

  beforeAll(async () => {
    cluster = await startControlPlane();
    ca = readFileSync(cluster.caFile, "utf8");
    const serving = await cluster.issueCertificate({ name: "webhook", commonName: "shipshape-webhook", usage: "server", altNames: ["IP:127.0.0.1"] });
    dir = scratch({
      ".shipshape.yaml": "serve:\n  mode: enforce\n  namespaces:\n    serve-legacy: warn\n",
    });
    await kubectl(cluster.adminKubeconfig, ["create", "namespace", "serve-shop"]);
    await kubectl(cluster.adminKubeconfig, ["create", "namespace", "serve-legacy"]);
    webhook = await startWebhook(["--tls-cert", serving.certFile, "--tls-key", serving.keyFile, "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--kubeconfig", cluster.viewerKubeconfig, "--request-timeout", "2", "--shutdown-timeout", "10", "--discovery-interval", "1"], dir);
    // Ready once the cache has listed what the cross-resource rules need.
    for (let i = 0; i < 100 && (await get(webhook.port, ca, "/_/ready")).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const printed = await run(process.execPath, [BIN, "serve", "--print-config", "--url", `https://127.0.0.1:${webhook.port}/validate`, "--ca-bundle", cluster.caFile, "--service-namespace", "shipshape", "--timeout-seconds", "10"], { encoding: "utf8" });
    writeFileSync(path.join(dir, "webhook.yaml"), printed.stdout);
    const applied = await kubectl(cluster.adminKubeconfig, ["apply", "-f", path.join(dir, "webhook.yaml")]);
    expect(applied.code, applied.stderr).toBe(0);
    // The API server picks the configuration up asynchronously: wait until it calls us.
    const probe = deployment("probe", "serve-shop", { securityContext: { privileged: true } });
    for (let i = 0; i < 100; i++) {
      const attempt = await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], probe);
      if (attempt.stderr.includes("shipshape denied")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    await kubectl(cluster?.adminKubeconfig ?? "", ["delete", "validatingwebhookconfiguration", "shipshape", "--ignore-not-found"]).catch(() => undefined);
    if (webhook !== undefined && webhook.process.exitCode === null) webhook.process.kill("SIGKILL");
    await cluster?.stop();
  });

  it("is ready (certificates loaded, cache synced) and alive, neither calling anything else", async () => {
    expect(await get(webhook.port, ca, "/_/healthz")).toEqual({ status: 200, body: "ok\n" });
    expect(await get(webhook.port, ca, "/_/ready")).toEqual({ status: 200, body: "ready\n" });
  });

  it("admits a compliant Deployment", async () => {
    const result = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], deployment("good", "serve-shop", {}));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("shipshape denied");
    // Only cross-resource advice can come back for it (no NetworkPolicy in the namespace yet), never a single-object finding.
    const warned = [...result.stderr.matchAll(/Warning: shipshape: ([a-z-]+):/g)].map((m) => m[1]);
    expect(warned.filter((rule) => !["network-policy-missing", "namespace-default-deny-missing", "namespace-limitrange-missing", "namespace-resourcequota-missing", "namespace-pod-security-enforce-missing", "namespace-pod-security-warn-missing", "namespace-not-declared"].includes(rule ?? ""))).toEqual([]);
  });

  it("denies a violating Deployment with each error finding and how to fix it", async () => {
    const result = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], deployment("bad", "serve-shop", { securityContext: { privileged: true } }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('admission webhook "validate.shipshape.dev" denied the request');
    expect(result.stderr).toContain("shipshape denied Deployment serve-shop/bad");
    expect(result.stderr).toMatch(/privileged-container: .*privileged/);
    expect(result.stderr).toContain("Fix: ");
    expect((await kubectl(cluster.adminKubeconfig, ["get", "deployment", "bad", "-n", "serve-shop"])).code).not.toBe(0);
  });

  it("admits a warning-level Deployment and the warning reaches the client", async () => {
    const result = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], deployment("latest", "serve-shop", { image: "registry.example.com/shop/app:latest" }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Warning: shipshape: image-tag-mutable: /);
  });

  it("admits an exempted Deployment (annotation with a reason)", async () => {
    const exempted = deployment("exempt", "serve-shop", { securityContext: { privileged: true } }, { "shipshape.dev/exemptions": '[{"rules": ["privileged-container", "pod-security-baseline", "pod-security-restricted", "privilege-escalation-allowed"], "reason": "node debugging tool, owned by the platform team"}]' });
    const result = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], exempted);
    expect(result.code, result.stderr).toBe(0);
  });

  it("warns instead of denying in a namespace configured to warn", async () => {
    const result = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], deployment("legacy", "serve-legacy", { securityContext: { privileged: true } }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Warning: shipshape: privileged-container: /);
  });

  it("checks updates: a compliant object turned violating is denied and stays as it was", async () => {
    const update = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], deployment("good", "serve-shop", { securityContext: { privileged: true } }));
    expect(update.code).not.toBe(0);
    expect(update.stderr).toContain("shipshape denied Deployment serve-shop/good");
    const stored = JSON.parse((await kubectl(cluster.adminKubeconfig, ["get", "deployment", "good", "-n", "serve-shop", "-o", "json"])).stdout) as { spec: { template: { spec: { containers: Array<{ securityContext?: { privileged?: boolean } }> } } } };
    expect(stored.spec.template.spec.containers[0]?.securityContext?.privileged).toBeUndefined();
  });

  it("answers dry runs the same, without side effects", async () => {
    const denied = await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], deployment("dry", "serve-shop", { securityContext: { privileged: true } }));
    expect(denied.stderr).toContain("shipshape denied Deployment serve-shop/dry");
    const admitted = await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], deployment("dry", "serve-shop", {}));
    expect(admitted.code, admitted.stderr).toBe(0);
    expect((await kubectl(cluster.adminKubeconfig, ["get", "deployment", "dry", "-n", "serve-shop"])).code).not.toBe(0);
    expect(webhook.logs.some((l) => l.message === "review" && l.dryRun === true)).toBe(true);
  });

  it("uses the watch-fed cache for cross-resource rules: a replicated Deployment without a budget gets a warning, with one it does not", async () => {
    const replicated = (name: string) => deployment(name, "serve-shop", {}).replace('"replicas":1', '"replicas":3');
    const without = await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], replicated("replicated"));
    expect(without.code, without.stderr).toBe(0);
    expect(without.stderr).toMatch(/Warning: shipshape: pdb-missing: /);
    const budget = JSON.stringify({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "replicated", namespace: "serve-shop" }, spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "replicated" } } } });
    expect((await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], budget)).code).toBe(0);
    let stderr = "";
    for (let i = 0; i < 50; i++) {
      stderr = (await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], replicated("replicated"))).stderr;
      if (!stderr.includes("pdb-missing")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stderr).not.toContain("pdb-missing");
  });

  it("follows KEDA ScaledObjects, installed after its start: a Deployment that KEDA may scale down to one replica needs no budget, as in lint and scan", async () => {
    // KEDA's ScaledObject, installed after the webhook started: the webhook asks the API server
    // again what it serves (every second here) and follows the new kind. Its identity needs list
    // and watch on it, as docs/serve.md says: granted first, so that the first list is not refused.
    const grant = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "keda-viewer" }, rules: [{ apiGroups: ["keda.sh"], resources: ["scaledobjects"], verbs: ["get", "list", "watch"] }] },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "keda-viewer" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "keda-viewer" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: IDENTITIES.viewer.user }] },
      ],
    });
    const granted = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], grant);
    expect(granted.code, granted.stderr).toBe(0);
    const crd = JSON.stringify({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "scaledobjects.keda.sh" },
      spec: {
        group: "keda.sh",
        names: { kind: "ScaledObject", plural: "scaledobjects", singular: "scaledobject", listKind: "ScaledObjectList" },
        scope: "Namespaced",
        versions: [{ name: "v1alpha1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
      },
    });
    const installed = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], crd);
    expect(installed.code, installed.stderr).toBe(0);
    const established = await kubectl(cluster.adminKubeconfig, ["wait", "--for=condition=Established", "crd/scaledobjects.keda.sh", "--timeout=60s"]);
    expect(established.code, established.stderr).toBe(0);
    for (let i = 0; i < 150 && !webhook.logs.some((l) => l.message === "cache synced for scaledobjects.keda.sh"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(webhook.logs.map((l) => l.message)).toContain("following scaledobjects.keda.sh, served since the webhook started");
    expect(webhook.logs.map((l) => l.message)).toContain("cache synced for scaledobjects.keda.sh");
    const scaled = deployment("scaled", "serve-shop", {}).replace('"replicas":1', '"replicas":3');
    const before = await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], scaled);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toMatch(/Warning: shipshape: pdb-missing: /);
    const scaledObject = JSON.stringify({ apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "scaled", namespace: "serve-shop" }, spec: { scaleTargetRef: { name: "scaled" }, minReplicaCount: 1, triggers: [{ type: "cpu", metricType: "Utilization", metadata: { value: "60" } }] } });
    const created = await kubectl(cluster.adminKubeconfig, ["apply", "-f", "-"], scaledObject);
    expect(created.code, created.stderr).toBe(0);
    let stderr = "";
    for (let i = 0; i < 50; i++) {
      stderr = (await kubectl(cluster.adminKubeconfig, ["apply", "--dry-run=server", "-f", "-"], scaled)).stderr;
      if (!stderr.includes("pdb-missing")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stderr).not.toContain("pdb-missing");
  }, 90_000);

  it("answers malformed, foreign, empty and oversized reviews with 400 or 413 and a reason, and keeps serving", async () => {
    const malformed = await post(webhook.port, ca, "{not json");
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toEqual({ error: expect.stringContaining("not JSON") });
    const foreign = await post(webhook.port, ca, JSON.stringify({ apiVersion: "admission.k8s.io/v1beta1", kind: "AdmissionReview", request: {} }));
    expect(foreign.status).toBe(400);
    expect(JSON.parse(foreign.body).error).toContain("admission.k8s.io/v1");
    const empty = await post(webhook.port, ca, "");
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body).error).toContain("empty body");
    const huge = await post(webhook.port, ca, Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(huge.status).toBe(413);
    const fine = await post(webhook.port, ca, review("after-abuse", JSON.parse(deployment("x", "serve-shop", {}))));
    expect(fine.status).toBe(200);
    expect(JSON.parse(fine.body).response).toEqual(expect.objectContaining({ uid: "after-abuse", allowed: true }));
  });

  it("times out a slow client and keeps serving", async () => {
    const socket = tls.connect({ host: "127.0.0.1", port: webhook.port, ca });
    await new Promise((r) => socket.once("secureConnect", r));
    socket.write("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
    const answer = await new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      setTimeout(() => resolve(`still open: ${text}`), 15_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await get(webhook.port, ca, "/_/healthz")).status).toBe(200);
  }, 30_000);

  it("exposes Prometheus metrics on their own port: requests, denials by rule, latency, cached objects", async () => {
    const text = await new Promise<string>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port: webhook.metricsPort, path: "/metrics" }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve(body));
      }).on("error", reject);
    });
    expect(text).toMatch(/shipshape_admission_requests_total\{operation="CREATE",result="denied"\} [1-9]/);
    expect(text).toMatch(/shipshape_admission_denials_total\{rule="privileged-container"\} [1-9]/);
    expect(text).toContain("shipshape_admission_duration_seconds_bucket");
    // The cache holds at least the namespaces, the budget and the ScaledObject made above.
    expect(Number(/^shipshape_cache_objects (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(3);
  });

  it("logs JSON lines without secret values", () => {
    expect(webhook.logs.filter((l) => l.message === "review").length).toBeGreaterThan(5);
    for (const line of webhook.logs) expect(typeof line.time).toBe("string");
  });

  it("on SIGTERM stops accepting, finishes every review in flight, and exits", async () => {
    // Requests whose bodies are half sent when SIGTERM arrives must still be answered.
    const body = review("in-flight", JSON.parse(deployment("y", "serve-shop", {})));
    const half = Math.floor(body.length / 2);
    const pending: Array<Promise<{ status: number; body: string }>> = [];
    const finishers: Array<() => void> = [];
    for (let i = 0; i < 20; i++) {
      pending.push(
        new Promise((resolve, reject) => {
          const req = https.request({ host: "127.0.0.1", port: webhook.port, path: "/validate", method: "POST", ca, agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          });
          req.on("error", reject);
          req.write(body.slice(0, half));
          finishers.push(() => req.end(body.slice(half)));
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 300));
    webhook.process.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    for (const finish of finishers) finish();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.every((a) => JSON.parse(a.body).response.uid === "in-flight")).toBe(true);
    expect(await webhook.exited).toBe(0);
    expect(webhook.logs.map((l) => l.message)).toContain("stopped");
  }, 30_000);
});
