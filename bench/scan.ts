// `npm run bench` (scan part): loads 5,000 objects into the test control plane (a real
// kube-apiserver and etcd, tools/control-plane/), scans it, and prints the wall time split into
// reading the API and checking, with the number of requests, beside `kubectl get -A -o json` of
// the same kinds as a yardstick for the reading. Ratios matter; the machines are noisy.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { findControlPlaneBinaries, startControlPlane } from "../tools/control-plane/control-plane.js";

const root = path.resolve(import.meta.dirname, "..");
const BIN = path.join(root, "bin/shipshape.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAMESPACES = 50;
const PER_NAMESPACE = { deployments: 40, services: 40, configmaps: 20 };

const lookup = await findControlPlaneBinaries();
if (!lookup.found) {
  console.log(`\nscan benchmark: skipped (${lookup.reason}); run tools/control-plane/build.sh`);
  process.exit(0);
}

function deployment(namespace: string, i: number): object {
  const app = `app-${i}`;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: app, namespace, labels: { "app.kubernetes.io/name": app } },
    spec: {
      replicas: 2 + (i % 3),
      selector: { matchLabels: { "app.kubernetes.io/name": app } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": app } },
        spec: {
          containers: [
            {
              name: "main",
              image: i % 4 === 0 ? "nginx:latest" : `registry.example.com/team/${app}:1.${i}.0`,
              ports: [{ name: "http", containerPort: 8080 }],
              ...(i % 2 === 0 ? { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } } } : {}),
              ...(i % 3 === 0 ? { readinessProbe: { httpGet: { path: "/ready", port: "http" } } } : {}),
            },
          ],
        },
      },
    },
  };
}

const cluster = await startControlPlane();
try {
  const started = performance.now();
  const objects: Array<{ path: string; body: object }> = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `bench-${n}`;
    await cluster.request("admin", "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    for (let i = 0; i < PER_NAMESPACE.deployments; i++) objects.push({ path: `/apis/apps/v1/namespaces/${namespace}/deployments`, body: deployment(namespace, i) });
    for (let i = 0; i < PER_NAMESPACE.services; i++) {
      objects.push({ path: `/api/v1/namespaces/${namespace}/services`, body: { apiVersion: "v1", kind: "Service", metadata: { name: `app-${i}`, namespace }, spec: { selector: { "app.kubernetes.io/name": `app-${i}` }, ports: [{ port: 80, targetPort: "http" }] } } });
    }
    for (let i = 0; i < PER_NAMESPACE.configmaps; i++) {
      objects.push({ path: `/api/v1/namespaces/${namespace}/configmaps`, body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `settings-${i}`, namespace }, data: { mode: "fast" } } });
    }
  }
  // Created 16 at a time.
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let item = objects[next++]; item !== undefined; item = objects[next++]) {
        const response = await cluster.request("admin", "POST", item.path, item.body);
        if (response.status !== 201) throw new Error(`creating ${item.path}: ${response.status} ${response.body.slice(0, 200)}`);
      }
    }),
  );
  console.log(`\nscan: ${objects.length} objects in ${NAMESPACES} namespaces loaded into kube-apiserver ${cluster.kubernetesVersion} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const runs: Array<{ wall: number; read: number; check: number; requests: number; objects: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [BIN, "scan", "--no-config", "--format", "json", "--stats", "--kubeconfig", cluster.adminKubeconfig], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "pipe"] });
    const wall = (performance.now() - t0) / 1000;
    const match = /shipshape stats: (\d+) objects .* in (\d+) requests; reading ([\d.]+) s, checking ([\d.]+) s/.exec(result.stderr ?? "");
    if (match === null) throw new Error(`no stats from scan (exit ${result.status}): ${result.stderr}`);
    runs.push({ wall, objects: Number(match[1]), requests: Number(match[2]), read: Number(match[3]), check: Number(match[4]) });
  }
  runs.sort((a, b) => a.wall - b.wall);
  const median = runs[Math.floor(runs.length / 2)] as (typeof runs)[number];

  const kubectlTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    execFileSync("kubectl", ["--kubeconfig", cluster.adminKubeconfig, "get", "namespaces,deployments,services,configmaps", "-A", "-o", "json"], { maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "ignore"] });
    kubectlTimes.push((performance.now() - t0) / 1000);
  }
  kubectlTimes.sort((a, b) => a - b);
  const kubectlMedian = kubectlTimes[Math.floor(kubectlTimes.length / 2)] as number;

  console.log(`scan of the whole cluster (median of ${RUNS} runs): ${median.objects} objects checked`);
  console.log(`  wall ${median.wall.toFixed(2)} s = reading the API ${median.read.toFixed(2)} s + checking ${median.check.toFixed(2)} s (+ start-up)`);
  console.log(`  ${median.requests} requests (${(median.objects / median.requests).toFixed(0)} objects per request: paginated lists, not one request per object)`);
  console.log(`  kubectl get namespaces,deployments,services,configmaps -A -o json: ${kubectlMedian.toFixed(2)} s; scan's reading took ${(median.read / kubectlMedian).toFixed(2)}× as long while reading every kind`);
} finally {
  await cluster.stop();
}
