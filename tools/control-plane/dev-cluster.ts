// `npm run dev:cluster`: a local control plane to try `shipshape scan` against, with no cluster of
// your own. Builds the binaries if needed (tools/control-plane/build.sh), starts etcd and
// kube-apiserver on 127.0.0.1, prints where they are and how to use them, and stops on Ctrl-C.
//
//   npm run dev:cluster [-- KUBE_APISERVER_FLAG...]   extra flags go to kube-apiserver as they are
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { BUILD_SCRIPT, startControlPlane, type ControlPlane } from "./control-plane.js";

const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  console.log(`usage: npm run dev:cluster [-- KUBE_APISERVER_FLAG...]

Starts etcd and kube-apiserver on 127.0.0.1 (TLS, RBAC) with an admin, a read-only viewer and a
restricted identity, writes a kubeconfig for each, and runs until Ctrl-C. Arguments are passed to
kube-apiserver after its own flags (e.g. --v=2). See tools/control-plane/README.md.`);
  process.exit(0);
}

// 1. The binaries: a no-op when they are cached, several minutes the first time.
const build = spawnSync("bash", [BUILD_SCRIPT], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? "");
  console.error(`dev-cluster: ${BUILD_SCRIPT} could not build the control plane (above: why).`);
  process.exit(1);
}

// 2. One fixed folder, so the kubeconfig paths are the same on every run.
const dir = path.join(process.env.SHIPSHAPE_CACHE ?? path.join(homedir(), ".cache", "shipshape"), "dev-cluster");
if (existsSync(dir)) {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".pid"))) {
    const pid = Number(readFileSync(path.join(dir, name), "utf8"));
    try {
      process.kill(pid, 0);
      console.error(`dev-cluster: another dev cluster is running (${name.replace(".pid", "")} pid ${pid}, folder ${dir}); stop it first.`);
      process.exit(1);
    } catch {
      // not running: a leftover of a run that was killed
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

const started = Date.now();
let plane: ControlPlane;
try {
  plane = await startControlPlane({ dir, extraApiServerArgs: args, log: (message) => console.log(`  ${message}`) });
} catch (error) {
  console.error(`dev-cluster: ${(error as Error).message}`);
  process.exit(1);
}

const scan = path.relative(process.cwd(), path.resolve(import.meta.dirname, "../../bin/shipshape.js"));
console.log(`
shipshape dev cluster: Kubernetes ${plane.kubernetesVersion} at ${plane.server} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)
No nodes and no controller manager: objects are stored and served, but no pod ever runs.

kubeconfigs (one context each):
  admin       ${plane.adminKubeconfig}
              user ${plane.users.admin.name}, group system:masters: may do anything
  viewer      ${plane.viewerKubeconfig}
              user ${plane.users.viewer.name}: get, list and watch on everything but Secrets; get /metrics
  restricted  ${plane.restrictedKubeconfig}
              user ${plane.users.restricted.name}: no permissions until you bind some

try:
  KUBECONFIG=${plane.adminKubeconfig} kubectl get namespaces
  KUBECONFIG=${plane.adminKubeconfig} kubectl apply -f examples/shop/namespace.yaml -f examples/shop/
  node ${scan} scan --kubeconfig ${plane.viewerKubeconfig}

etcd:  ${plane.etcdUrl} (plain HTTP, loopback only)
logs:  ${plane.logs.apiServer}
       ${plane.logs.etcd}

Ctrl-C stops both and removes ${dir}.`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the dev cluster ...`);
  await plane.stop();
  console.log("stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGHUP", () => void shutdown("SIGHUP"));

// Stays up; says so if a process dies under it.
setInterval(() => {
  if (stopping) return;
  const { apiServer, etcd } = plane.pids;
  if (apiServer === undefined || etcd === undefined) {
    stopping = true;
    const which = apiServer === undefined ? plane.logs.apiServer : plane.logs.etcd;
    console.error(`\ndev-cluster: ${apiServer === undefined ? "kube-apiserver" : "etcd"} exited; the end of ${which}:`);
    try {
      console.error(readFileSync(which, "utf8").trimEnd().split("\n").slice(-20).join("\n"));
    } catch {
      // removed already
    }
    void plane.stop().then(() => process.exit(1));
  }
}, 1000);
