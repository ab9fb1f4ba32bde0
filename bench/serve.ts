// `npm run bench` (webhook part): `shipshape serve` with its watch-fed cache on the test control
// plane, driven from a second process on loopback with admission reviews of the benchmark
// corpus's Deployments, at 200 and 1,000 requests per second. Prints throughput and p50/p99/p999
// latency. Targets (2-core machines): p99 < 10 ms at 200/s, no errors at 1,000/s, measured in the
// steady state after a warm-up; the first 20 s after start are printed beside them ("cold").
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { build } from "esbuild";
import yaml from "js-yaml";
import { ClusterConnection } from "../src/cluster/connection.js";
import { apiVersionOf, collectionPath, discover } from "../src/cluster/discovery.js";
import { effectiveNamespace, isKubeObject, nameOf, type KubeObject } from "../src/model/object.js";
import { findControlPlaneBinaries, startControlPlane } from "../tools/control-plane/control-plane.js";
import { crossResourceCorpus, workloadCorpus } from "./corpus.js";

const root = path.resolve(import.meta.dirname, "..");
const work = path.join(root, ".bench");
const BIN = path.join(root, "bin/shipshape.js");

const lookup = await findControlPlaneBinaries();
if (!lookup.found) {
  console.log(`\nwebhook benchmark: skipped (${lookup.reason}); run tools/control-plane/build.sh`);
  process.exit(0);
}

// Realistic reviews: the Deployments (and other workloads) of the benchmark corpus.
const corpus = workloadCorpus(work);
const reviews: string[] = [];
for (const file of corpus.files.slice(0, 10)) {
  for (const document of yaml.loadAll(readFileSync(file, "utf8"))) {
    const object = document as { apiVersion?: string; kind?: string; metadata?: { namespace?: string; name?: string } } | null;
    if (object?.kind === undefined || object.apiVersion === undefined) continue;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    reviews.push(
      JSON.stringify({
        apiVersion: "admission.k8s.io/v1",
        kind: "AdmissionReview",
        request: { uid: `bench-${reviews.length}`, operation: "CREATE", kind: { group, version, kind: object.kind }, namespace: object.metadata?.namespace ?? "default", name: object.metadata?.name, object, userInfo: { username: "bench" } },
      }),
    );
  }
}
const reviewsFile = path.join(work, "admission-reviews.json");
writeFileSync(reviewsFile, JSON.stringify(reviews));

const cluster = await startControlPlane();
const serving = await cluster.issueCertificate({ name: "bench-webhook", commonName: "shipshape-webhook", usage: "server", altNames: ["IP:127.0.0.1"] });
// As docs/serve.md recommends for deployments: a larger young generation (NODE_OPTIONS in the pod).
const webhook = spawn(process.execPath, ["--max-semi-space-size=64", BIN, "serve", "--no-config", "--tls-cert", serving.certFile, "--tls-key", serving.keyFile, "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--kubeconfig", cluster.viewerKubeconfig], { stdio: ["ignore", "pipe", "inherit"] });
try {
  let startLog = "";
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = "";
    webhook.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"message":"serving admission reviews","port":(\d+)/.exec(buffered);
      if (match !== null && startLog === "") {
        startLog = buffered.slice(match.index, buffered.indexOf("\n", match.index));
        resolve(Number(match[1]));
      }
      // Later log lines are not needed: keep the buffer small.
      if (buffered.length > 1 << 20) buffered = buffered.slice(-4096);
    });
    webhook.on("exit", (code) => reject(new Error(`shipshape serve exited (${code})`)));
  });
  const ca = readFileSync(cluster.caFile, "utf8");
  for (let i = 0; i < 100; i++) {
    const status = await new Promise<number>((resolve) => https.get({ host: "127.0.0.1", port, path: "/_/ready", ca }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", () => resolve(0)));
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`\nwebhook: shipshape serve with its cache on kube-apiserver ${cluster.kubernetesVersion}; ${reviews.length} distinct admission reviews (workloads of the benchmark corpus), load from a second process`);
  // The load generator runs as plain JavaScript (under tsx its own event loop added to the tail
  // it measures) and writes HTTP/1.1 on keep-alive TLS connections itself (bench/serve-load.ts).
  const generator = path.join(work, "serve-load.mjs");
  await build({ entryPoints: [path.join(root, "bench/serve-load.ts")], bundle: true, platform: "node", format: "esm", outfile: generator, logLevel: "warning" });
  const load = (target: number, rate: number, count: number) =>
    JSON.parse(execFileSync(process.execPath, [generator, String(target), cluster.caFile, reviewsFile, String(rate), String(count)], { encoding: "utf8", maxBuffer: 1 << 26 })) as {
      throughput: number;
      p50: number;
      p99: number;
      p999: number;
      max: number;
      errors: number;
      count: number;
    };
  // The first 20 s after start, while V8 still compiles the rules' code: printed, not the target.
  const cold = load(port, 200, 4000);
  // Then every review ten times more, so that what follows is the steady state a webhook is in
  // for all but the first seconds of its life: in the 20 s after 2,000 reviews V8 still made 92
  // optimized compilations (0.7 s of compiler time beside the webhook), after 14,000 about 4.
  load(port, 1000, 10000);
  const results = [
    { rate: 200, r: load(port, 200, 4000) },
    { rate: 1000, r: load(port, 1000, 10000) },
  ];
  // The machine itself: how often a thread that wakes every 5 ms finds its CPU slowed (below).
  const machine = JSON.parse(execFileSync(process.execPath, [generator, "--probe", "10"], { encoding: "utf8" })) as { slices: number; median: number; slow: number; max: number };
  // The floor: the same generator against a minimal HTTPS server that allows every review
  // unread, on the same machine in the same run. What is above it is the webhook's.
  const floorServer = spawn(process.execPath, [generator, "--floor", serving.certFile, serving.keyFile], { stdio: ["ignore", "pipe", "inherit"] });
  const floorPort = await new Promise<number>((resolve, reject) => {
    floorServer.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    floorServer.on("exit", (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  const floor = [
    { rate: 200, r: load(floorPort, 200, 4000) },
    { rate: 1000, r: load(floorPort, 1000, 10000) },
  ];
  floorServer.kill();

  // The webhook's own view (its latency histogram) of the runs above: the time of a review
  // itself, without the loopback, TLS and queueing the client sees.
  const metricsPort = Number(/"metricsPort":(\d+)/.exec(startLog)?.[1]);
  const metricsText = () => new Promise<string>((resolve, reject) => http.get({ host: "127.0.0.1", port: metricsPort, path: "/metrics" }, (res) => { let body = ""; res.on("data", (c: Buffer) => (body += c.toString())); res.on("end", () => resolve(body)); }).on("error", reject));
  const inside = await metricsText();

  // Then a populated cluster: the namespaces the reviews go to (team-0 … team-9) filled with the
  // cross-resource corpus's objects of the same names (workloads, a Service each, budgets,
  // policies: about 240 a namespace), so that each review is an update among its neighbours.
  const populated = await populate(corpusObjects(crossResourceCorpus(work).files.filter((f) => /\/team-[0-9]\.yaml$/.test(f))));
  for (let i = 0; i < 100 && Number(/^shipshape_cache_objects (\d+)$/m.exec(await metricsText())?.[1] ?? 0) < populated.created; i++) await new Promise((r) => setTimeout(r, 100));
  load(port, 200, 4000); // the cross-resource rules' code on full namespaces (at 1,000/s it would only queue)
  const full = [
    { rate: 200, r: load(port, 200, 4000) },
    { rate: 1000, r: load(port, 1000, 10000) },
  ];

  console.log("                               rate/s   requests   achieved/s     p50 ms    p99 ms   p999 ms    max ms   errors");
  const line = (label: string, rate: number, r: (typeof results)[number]["r"]) =>
    console.log(`  ${label.padEnd(27)} ${String(rate).padStart(6)} ${String(r.count).padStart(10)} ${r.throughput.toFixed(0).padStart(12)} ${r.p50.toFixed(2).padStart(10)} ${r.p99.toFixed(2).padStart(9)} ${r.p999.toFixed(2).padStart(9)} ${r.max.toFixed(2).padStart(9)} ${String(r.errors).padStart(8)}`);
  line("shipshape serve, cold", 200, cold);
  for (const { rate, r } of results) line("shipshape serve", rate, r);
  for (const { rate, r } of floor) line("floor (no webhook)", rate, r);
  for (const { rate, r } of full) line("serve, ~240 objects/ns", rate, r);
  console.log(`  populated: ${populated.created} objects created in the reviews' namespaces (${populated.refused} refused by the API server's validation)`);
  {
    const text = inside;
    const buckets = [...text.matchAll(/shipshape_admission_duration_seconds_bucket\{le="([^"]+)",operation="CREATE"\} (\d+)/g)].map((m) => ({ le: m[1] === "+Inf" ? Infinity : Number(m[1]), count: Number(m[2]) }));
    const total = buckets[buckets.length - 1]?.count ?? 0;
    const upTo = (q: number) => buckets.find((b) => b.count >= q * total)?.le ?? Infinity;
    const sum = Number(/shipshape_admission_duration_seconds_sum\{operation="CREATE"\} ([\d.e+-]+)/.exec(text)?.[1]);
    console.log(`  inside the webhook (all ${total} reviews of the run): mean ${((sum / total) * 1000).toFixed(2)} ms, p50 ≤ ${upTo(0.5) * 1000} ms, p99 ≤ ${upTo(0.99) * 1000} ms (histogram buckets)`);
  }
  console.log(`  the machine: of ${machine.slices} slices of ${(machine.median * 1000).toFixed(0)} µs of arithmetic, one every 5 ms, ${machine.slow} (${((100 * machine.slow) / machine.slices).toFixed(1)}%) took over 5× the median (longest ${machine.max.toFixed(1)} ms): the share of wake-ups that find the CPU slowed`);
  const at200 = results[0]?.r;
  const at1000 = results[1]?.r;
  const floor200 = floor[0]?.r;
  if (at200 !== undefined && floor200 !== undefined) console.log(`  at 200/s the webhook's p99 is ${(at200.p99 / floor200.p99).toFixed(1)}× the floor's (${(at200.p99 - floor200.p99).toFixed(2)} ms above it)`);
  if (at200 !== undefined) console.log(`target: p99 < 10 ms at 200/s (steady state) → ${at200.p99.toFixed(2)} ms ${at200.p99 < 10 ? "met" : "MISSED"} (cold: ${cold.p99.toFixed(2)} ms)`);
  if (at1000 !== undefined) console.log(`target: no errors at 1,000/s → ${at1000.errors} errors ${at1000.errors === 0 ? "met" : "MISSED"}`);
  const full200 = full[0]?.r;
  const full1000 = full[1]?.r;
  if (full200 !== undefined && full1000 !== undefined) {
    console.log(`with ~240 objects in each reviewed namespace: p99 at 200/s ${full200.p99.toFixed(2)} ms ${full200.p99 < 10 ? "(under 10 ms)" : "(OVER 10 ms)"}; at 1,000/s ${full1000.throughput.toFixed(0)}/s achieved, p50 ${full1000.p50.toFixed(1)} ms, ${full1000.errors} errors`);
  }
} finally {
  webhook.kill("SIGTERM");
  await cluster.stop();
}

/** The objects of corpus files, Namespaces first. */
function corpusObjects(files: readonly string[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const file of files) for (const document of yaml.loadAll(readFileSync(file, "utf8"))) if (isKubeObject(document)) objects.push(document);
  return [...objects.filter((o) => o.kind === "Namespace"), ...objects.filter((o) => o.kind !== "Namespace")];
}

/** Creates the objects in the test control plane, 16 requests at a time; counts what the API server refused as invalid. */
async function populate(objects: readonly KubeObject[]): Promise<{ created: number; refused: number }> {
  const connection = ClusterConnection.open({ kubeconfig: cluster.adminKubeconfig });
  const { resources } = await discover(connection);
  const collection = (object: KubeObject): string => {
    const resource = resources.find((r) => apiVersionOf(r) === object.apiVersion && r.kind === object.kind);
    if (resource === undefined) throw new Error(`the API server does not serve ${object.apiVersion} ${object.kind}`);
    return collectionPath(resource, effectiveNamespace(object));
  };
  let created = 0;
  let refused = 0;
  const create = async (object: KubeObject) => {
    const response = await cluster.request("admin", "POST", collection(object), object);
    if (response.status === 201) created += 1;
    else if (response.status === 422) refused += 1; // the corpus has a few objects the API server rejects, on purpose
    else throw new Error(`creating ${object.kind} ${nameOf(object) ?? ""}: ${response.status} ${response.body.slice(0, 200)}`);
  };
  const namespaces = objects.filter((o) => o.kind === "Namespace");
  for (const namespace of namespaces) await create(namespace);
  let next = namespaces.length;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let object = objects[next++]; object !== undefined; object = objects[next++]) await create(object);
    }),
  );
  return { created, refused };
}
