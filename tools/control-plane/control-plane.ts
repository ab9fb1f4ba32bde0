// A real Kubernetes control plane on 127.0.0.1 for the live tests and `npm run dev:cluster`: etcd
// and kube-apiserver (TLS, RBAC, client-certificate identities), no controller manager, no nodes.
// The binaries come from tools/control-plane/build.sh (see README.md beside this file).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The script that builds (and, with --print, locates) the binaries. */
export const BUILD_SCRIPT = fileURLToPath(new URL("./build.sh", import.meta.url));

export interface Binary {
  readonly path: string;
  /** The pinned version build.sh built, or what an overriding binary reports (`v1.37.2`, `v3.7.3`). */
  readonly version: string;
}

export interface ControlPlaneBinaries {
  readonly kubeApiServer: Binary;
  readonly etcd: Binary;
  /** Not needed to run; for reading raw keys from a shell. */
  readonly etcdctl?: Binary;
}

export type BinaryLookup =
  | { readonly found: true; readonly binaries: ControlPlaneBinaries }
  | { readonly found: false; readonly reason: string };

/**
 * The identities every control plane has, each a client certificate signed by the cluster CA:
 * - admin: user `shipshape-admin` in group `system:masters` (may do anything);
 * - viewer: user `shipshape-viewer`, bound to the ClusterRole `shipshape-viewer` (get, list and
 *   watch on every resource except Secrets, and get on /metrics): what a read-only `scan` runs as;
 * - restricted: user `shipshape-reader` with no bindings at all, so a test grants exactly what it
 *   needs (beyond discovery, which every authenticated user has, every request is refused with 403).
 */
export type Identity = "admin" | "viewer" | "restricted";

export const IDENTITIES: Readonly<Record<Identity, { readonly user: string; readonly groups: readonly string[] }>> = {
  admin: { user: "shipshape-admin", groups: ["system:masters"] },
  viewer: { user: "shipshape-viewer", groups: [] },
  restricted: { user: "shipshape-reader", groups: [] },
};

export interface Credentials {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface User extends Credentials {
  readonly name: string;
  readonly groups: readonly string[];
  /** A kubeconfig with one context, named `shipshape-<identity>`, and that context current. */
  readonly kubeconfig: string;
  readonly context: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface CertificateRequest {
  /** File names in the control plane's `certs/` folder: `<name>.crt`, `<name>.key`. */
  readonly name: string;
  readonly commonName: string;
  /** Subject organizations: a client certificate's groups. */
  readonly organizations?: readonly string[];
  /** "server" (default: SANs IP:127.0.0.1 and DNS:localhost) or "client". */
  readonly usage?: "server" | "client";
  /** For a server certificate: its subjectAltName entries, e.g. ["IP:127.0.0.1", "DNS:localhost"]. */
  readonly altNames?: readonly string[];
}

export interface ControlPlaneOptions {
  /**
   * Appended to the API server's command line after ours, so they add flags
   * (`--audit-policy-file=…`, `--encryption-provider-config=…`) or override ours (for a flag given
   * twice the last one wins, e.g. `--disable-admission-plugins=…`).
   */
  readonly extraApiServerArgs?: readonly string[];
  readonly extraEtcdArgs?: readonly string[];
  /** Folder for certificates, kubeconfigs, etcd's data and the logs; created if missing, and must
   * be empty. Default: a new folder under the system temp folder. */
  readonly dir?: string;
  /** Keep `dir` after stop() (default: remove it). */
  readonly keepDir?: boolean;
  /** Progress messages ("etcd ready in 210 ms"). Default: none. */
  readonly log?: (message: string) => void;
  /** How long etcd and then the API server may take to become ready (default 60 s each). */
  readonly timeoutMs?: number;
  /** Default: found through build.sh --print, or SHIPSHAPE_KUBE_APISERVER / SHIPSHAPE_ETCD. */
  readonly binaries?: ControlPlaneBinaries;
}

export interface ControlPlane {
  /** `https://127.0.0.1:<port>`; the port stays the same across restart(). */
  readonly server: string;
  readonly port: number;
  /** The API server's version as /version reports it (`v1.37.2`). */
  readonly kubernetesVersion: string;
  readonly binaries: ControlPlaneBinaries;
  /** The cluster CA (PEM); it signed the serving certificate and every client certificate. */
  readonly caFile: string;
  readonly caKeyFile: string;
  readonly users: Readonly<Record<Identity, User>>;
  readonly adminKubeconfig: string;
  readonly viewerKubeconfig: string;
  readonly restrictedKubeconfig: string;
  /** etcd's client URL, plain HTTP on 127.0.0.1 (`http://127.0.0.1:<port>`); keys under /registry. */
  readonly etcdUrl: string;
  readonly dir: string;
  readonly logs: { readonly apiServer: string; readonly etcd: string };
  /** The API server's current command line (without the program). */
  readonly apiServerArgs: readonly string[];
  /** Process ids of the running API server and etcd (they change on restart()). */
  readonly pids: { readonly apiServer: number | undefined; readonly etcd: number | undefined };
  /** One HTTPS request to the API server as an identity, the server verified against the CA. An
   * object body is sent as JSON; `contentType` defaults to application/json. */
  request(as: Identity, method: string, apiPath: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
  /** The raw bytes etcd stores at a key (e.g. `/registry/secrets/NS/NAME`), or undefined. */
  etcdGet(key: string): Promise<Buffer | undefined>;
  /** A new certificate signed by the cluster CA (a webhook's serving certificate, another user). */
  issueCertificate(request: CertificateRequest): Promise<Credentials>;
  /** Stops the API server and starts it again on the same port and etcd data, with these extra
   * arguments (default: the ones it runs with now). */
  restart(extraApiServerArgs?: readonly string[]): Promise<void>;
  /** Stops both processes and removes the folder (unless keepDir). Safe to call twice. */
  stop(): Promise<void>;
}

// ---- binaries ------------------------------------------------------------------------------

/** Where the binaries are: SHIPSHAPE_KUBE_APISERVER / SHIPSHAPE_ETCD (/ SHIPSHAPE_ETCDCTL) when
 * set, otherwise what `build.sh --print` lists. Never builds. */
export async function findControlPlaneBinaries(): Promise<BinaryLookup> {
  const built = new Map<string, Binary>();
  try {
    const { stdout } = await execFileAsync("bash", [BUILD_SCRIPT, "--print"], { encoding: "utf8" });
    for (const line of stdout.split("\n")) {
      const [tool, version, file] = line.split("\t");
      if (tool && version && file) built.set(tool, { path: file, version });
    }
  } catch (error) {
    return { found: false, reason: `${BUILD_SCRIPT} --print failed: ${(error as Error).message}` };
  }
  const pick = async (tool: string, envName: string, versionOf: (output: string) => string | undefined) => {
    const override = process.env[envName];
    if (!override) return built.get(tool);
    const { stdout } = await execFileAsync(override, [tool === "etcdctl" ? "version" : "--version"], { encoding: "utf8" });
    return { path: override, version: versionOf(stdout) ?? "unknown" };
  };
  try {
    const kubeApiServer = await pick("kube-apiserver", "SHIPSHAPE_KUBE_APISERVER", (out) => /Kubernetes (v\S+)/.exec(out)?.[1]);
    const etcd = await pick("etcd", "SHIPSHAPE_ETCD", (out) => /etcd Version: (\S+)/.exec(out)?.[1]?.replace(/^(?!v)/, "v"));
    const etcdctl = await pick("etcdctl", "SHIPSHAPE_ETCDCTL", (out) => /etcdctl version: (\S+)/.exec(out)?.[1]?.replace(/^(?!v)/, "v"));
    const missing = [kubeApiServer ? undefined : "kube-apiserver", etcd ? undefined : "etcd"].filter(Boolean);
    if (!kubeApiServer || !etcd) {
      return {
        found: false,
        reason: `${missing.join(" and ")} not built: run tools/control-plane/build.sh (the first build takes several minutes; see tools/control-plane/README.md)`,
      };
    }
    return { found: true, binaries: etcdctl ? { kubeApiServer, etcd, etcdctl } : { kubeApiServer, etcd } };
  } catch (error) {
    return { found: false, reason: `an overriding binary did not run: ${(error as Error).message}` };
  }
}

// ---- small helpers -------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function openssl(args: readonly string[], env: Record<string, string> = {}): Promise<void> {
  try {
    await execFileAsync("openssl", args, { env: { ...process.env, ...env } });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`openssl ${args.join(" ")} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

// Extensions for each kind of certificate; SAN comes from the environment so one file serves all.
const OPENSSL_CONFIG = `[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $ENV::SHIPSHAPE_SAN
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

// An RDN value in openssl's -subj syntax.
function rdn(value: string): string {
  return value.replace(/[/\\=+,]/g, (c) => `\\${c}`);
}

function kubeconfigYaml(options: { server: string; ca: Buffer; user: string; context: string; cert: Buffer; key: Buffer }): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: shipshape
  cluster:
    server: ${options.server}
    certificate-authority-data: ${options.ca.toString("base64")}
users:
- name: ${options.user}
  user:
    client-certificate-data: ${options.cert.toString("base64")}
    client-key-data: ${options.key.toString("base64")}
contexts:
- name: ${options.context}
  context:
    cluster: shipshape
    user: ${options.user}
current-context: ${options.context}
`;
}

// What a read-only scan needs: everything but Secrets. RBAC only adds, and apiGroups "*" would take
// in the core group's Secrets, so the core group is listed resource by resource and every other
// group served at start (discovery) by name; groups of CRDs created later are not included.
const VIEWER_CORE_RESOURCES = [
  "componentstatuses", "configmaps", "endpoints", "events", "limitranges", "namespaces", "nodes",
  "persistentvolumeclaims", "persistentvolumes", "pods", "pods/log", "pods/status", "podtemplates",
  "replicationcontrollers", "replicationcontrollers/scale", "resourcequotas", "serviceaccounts", "services",
];

function viewerRole(groups: readonly string[]): object {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "shipshape-viewer", labels: { "app.kubernetes.io/managed-by": "shipshape-control-plane" } },
    rules: [
      { apiGroups: [""], resources: VIEWER_CORE_RESOURCES, verbs: ["get", "list", "watch"] },
      { apiGroups: groups, resources: ["*"], verbs: ["get", "list", "watch"] },
      // The API server's own metrics: which deprecated APIs clients still call (scan reads them).
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ],
  };
}

// ---- processes -----------------------------------------------------------------------------

interface Proc {
  readonly child: ChildProcess;
  readonly name: string;
  readonly logFile: string;
  exited: boolean;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  readonly done: Promise<void>;
}

function startProcess(name: string, file: string, args: readonly string[], logFile: string, pidFile: string): Proc {
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(file, args, { stdio: ["ignore", fd, fd] });
  } finally {
    closeSync(fd);
  }
  let resolveDone: () => void = () => {};
  const proc: Proc = {
    child,
    name,
    logFile,
    exited: false,
    exitCode: null,
    exitSignal: null,
    done: new Promise<void>((resolve) => (resolveDone = resolve)),
  };
  if (child.pid !== undefined) writeFileSync(pidFile, String(child.pid));
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (proc.exited) return;
    proc.exited = true;
    proc.exitCode = code;
    proc.exitSignal = signal;
    rmSync(pidFile, { force: true }); // so the watchdog never kills a recycled pid
    resolveDone();
  };
  child.once("exit", onExit);
  child.once("error", (error) => {
    try {
      writeFileSync(logFile, `\nspawn ${file} failed: ${error.message}\n`, { flag: "a" });
    } catch {
      // the folder is gone: stop() ran
    }
    onExit(null, null);
  });
  return proc;
}

async function stopProcess(proc: Proc | undefined, signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<void> {
  if (!proc || proc.exited) return;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), graceMs);
  await proc.done;
  clearTimeout(timer);
}

// The API server keeps no state of its own (etcd has acknowledged every write it answered), and its
// graceful shutdown takes a second (measured: 1.1 s, most of it waiting on the ServiceCIDR
// allocator), so stop() and restart() kill it. etcd stops on SIGTERM in about 10 ms.
const API_SERVER_STOP_SIGNAL: NodeJS.Signals = "SIGKILL";

// Polls `ready` until it says yes; fails early when the process exits, and at the deadline.
async function waitUntil(proc: Proc, what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exited) {
      const how = proc.exitSignal ? `signal ${proc.exitSignal}` : `code ${proc.exitCode}`;
      throw new Error(`${proc.name} exited (${how}) before ${what}; the end of ${proc.logFile}:\n${tail(proc.logFile)}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${proc.name} not ${what} after ${timeoutMs / 1000} s; the end of ${proc.logFile}:\n${tail(proc.logFile)}`);
    }
    await sleep(50);
  }
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

// One handler for every control plane of this process: kill the children if the process exits
// without stop() (a failing test file, an uncaught error). A kill -9 of this process skips it:
// the watchdog below covers that.
const running = new Set<RunningControlPlane>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const plane of running) plane.killNow();
  });
}

// A detached shell that waits for this process to go and then kills what the pid files name and
// removes the folder: covers a test worker killed outright.
const WATCHDOG = `while kill -0 "$1" 2>/dev/null; do sleep 1; done
for f in "$2"/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
[ "$3" = keep ] || rm -rf "$2"`;

// ---- the control plane ---------------------------------------------------------------------

class RunningControlPlane implements ControlPlane {
  readonly server: string;
  readonly caFile: string;
  readonly caKeyFile: string;
  readonly users: Readonly<Record<Identity, User>>;
  readonly etcdUrl: string;
  readonly logs: { readonly apiServer: string; readonly etcd: string };
  apiServerArgs: readonly string[] = [];
  private etcd: Proc | undefined;
  private apiServer: Proc | undefined;
  private watchdog: ChildProcess | undefined;
  private stopped = false;
  private readonly credentials: Map<Identity, { cert: Buffer; key: Buffer }> = new Map();
  private ca: Buffer | undefined;

  constructor(
    readonly dir: string,
    readonly port: number,
    etcdPort: number,
    private readonly etcdPeerPort: number,
    readonly binaries: ControlPlaneBinaries,
    private readonly options: ControlPlaneOptions,
  ) {
    this.server = `https://127.0.0.1:${port}`;
    this.etcdUrl = `http://127.0.0.1:${etcdPort}`;
    this.caFile = path.join(dir, "certs", "ca.crt");
    this.caKeyFile = path.join(dir, "certs", "ca.key");
    const user = (identity: Identity): User => ({
      name: IDENTITIES[identity].user,
      groups: IDENTITIES[identity].groups,
      certFile: path.join(dir, "certs", `${identity}.crt`),
      keyFile: path.join(dir, "certs", `${identity}.key`),
      kubeconfig: path.join(dir, `${identity}.kubeconfig`),
      context: `shipshape-${identity}`,
    });
    this.users = { admin: user("admin"), viewer: user("viewer"), restricted: user("restricted") };
    this.logs = { apiServer: path.join(dir, "kube-apiserver.log"), etcd: path.join(dir, "etcd.log") };
  }

  get kubernetesVersion(): string {
    return this.binaries.kubeApiServer.version;
  }
  get adminKubeconfig(): string {
    return this.users.admin.kubeconfig;
  }
  get viewerKubeconfig(): string {
    return this.users.viewer.kubeconfig;
  }
  get restrictedKubeconfig(): string {
    return this.users.restricted.kubeconfig;
  }
  get pids(): { apiServer: number | undefined; etcd: number | undefined } {
    const live = (proc: Proc | undefined) => (proc && !proc.exited ? proc.child.pid : undefined);
    return { apiServer: live(this.apiServer), etcd: live(this.etcd) };
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private get certDir(): string {
    return path.join(this.dir, "certs");
  }

  async issueCertificate(request: CertificateRequest): Promise<Credentials> {
    if (!/^[\w.-]+$/.test(request.name)) throw new Error(`certificate name ${JSON.stringify(request.name)}: letters, digits, . _ - only`);
    const certFile = path.join(this.certDir, `${request.name}.crt`);
    const keyFile = path.join(this.certDir, `${request.name}.key`);
    const usage = request.usage ?? "server";
    const subject = [...(request.organizations ?? []).map((o) => `/O=${rdn(o)}`), `/CN=${rdn(request.commonName)}`].join("");
    const altNames = request.altNames ?? ["IP:127.0.0.1", "DNS:localhost"];
    await openssl(
      [
        "req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", keyFile, "-out", certFile, "-days", "365", "-subj", subject,
        "-CA", this.caFile, "-CAkey", this.caKeyFile,
        "-config", path.join(this.certDir, "openssl.cnf"), "-extensions", usage,
      ],
      { SHIPSHAPE_SAN: altNames.join(",") },
    );
    return { certFile, keyFile };
  }

  /** CA, serving certificate, one client certificate per identity, service-account key, kubeconfigs. */
  async writeCertificates(): Promise<void> {
    mkdirSync(this.certDir, { recursive: true });
    writeFileSync(path.join(this.certDir, "openssl.cnf"), OPENSSL_CONFIG);
    await openssl(
      [
        "req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", this.caKeyFile, "-out", this.caFile, "-days", "3650", "-subj", "/CN=shipshape-ca",
        "-config", path.join(this.certDir, "openssl.cnf"), "-extensions", "ca",
      ],
      { SHIPSHAPE_SAN: "DNS:unused" },
    );
    await Promise.all([
      this.issueCertificate({ name: "serving", commonName: "kube-apiserver" }),
      ...(Object.keys(this.users) as Identity[]).map((identity) =>
        this.issueCertificate({ name: identity, commonName: IDENTITIES[identity].user, organizations: IDENTITIES[identity].groups, usage: "client" }),
      ),
      // --service-account-key-file reads public keys only (measured: a private key is refused).
      openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path.join(this.certDir, "service-account.key")]).then(() =>
        openssl(["pkey", "-in", path.join(this.certDir, "service-account.key"), "-pubout", "-out", path.join(this.certDir, "service-account.pub")]),
      ),
    ]);
    this.ca = await readFile(this.caFile);
    for (const identity of Object.keys(this.users) as Identity[]) {
      const user = this.users[identity];
      const [cert, key] = await Promise.all([readFile(user.certFile), readFile(user.keyFile)]);
      this.credentials.set(identity, { cert, key });
      await writeFile(user.kubeconfig, kubeconfigYaml({ server: this.server, ca: this.ca, user: user.name, context: user.context, cert, key }), { mode: 0o600 });
    }
  }

  startWatchdog(): void {
    this.watchdog = spawn("sh", ["-c", WATCHDOG, "shipshape-control-plane-watchdog", String(process.pid), this.dir, this.options.keepDir ? "keep" : "remove"], {
      detached: true,
      stdio: "ignore",
    });
    this.watchdog.unref();
  }

  async startEtcd(): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const started = Date.now();
    const peer = `http://127.0.0.1:${this.etcdPeerPort}`;
    this.etcd = startProcess(
      "etcd",
      this.binaries.etcd.path,
      [
        "--name=shipshape",
        `--data-dir=${path.join(this.dir, "etcd-data")}`,
        `--listen-client-urls=${this.etcdUrl}`,
        `--advertise-client-urls=${this.etcdUrl}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=shipshape=${peer}`,
        "--unsafe-no-fsync",
        ...(this.options.extraEtcdArgs ?? []),
      ],
      this.logs.etcd,
      path.join(this.dir, "etcd.pid"),
    );
    await waitUntil(this.etcd, "healthy", timeoutMs, async () => {
      const res = await httpGet(`${this.etcdUrl}/health`);
      return res.status === 200 && (JSON.parse(res.body) as { health?: string }).health === "true";
    });
    this.log(`etcd ${this.binaries.etcd.version} ready at ${this.etcdUrl} in ${Date.now() - started} ms`);
  }

  private baseApiServerArgs(): string[] {
    const certs = this.certDir;
    return [
      `--etcd-servers=${this.etcdUrl}`,
      "--bind-address=127.0.0.1",
      `--secure-port=${this.port}`,
      "--advertise-address=127.0.0.1",
      // A loopback advertise address breaks the reconciler of the `kubernetes` Endpoints.
      "--endpoint-reconciler-type=none",
      "--service-cluster-ip-range=10.96.0.0/16",
      "--authorization-mode=RBAC",
      "--allow-privileged=true",
      // No controller manager creates default ServiceAccounts, so their admission would refuse pods.
      "--disable-admission-plugins=ServiceAccount",
      `--service-account-issuer=${this.server}`,
      `--service-account-key-file=${path.join(certs, "service-account.pub")}`,
      `--service-account-signing-key-file=${path.join(certs, "service-account.key")}`,
      `--tls-cert-file=${path.join(certs, "serving.crt")}`,
      `--tls-private-key-file=${path.join(certs, "serving.key")}`,
      `--client-ca-file=${this.caFile}`,
      `--cert-dir=${path.join(this.dir, "apiserver-certs")}`,
    ];
  }

  async startApiServer(extraArgs: readonly string[]): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const started = Date.now();
    this.apiServerArgs = [...this.baseApiServerArgs(), ...extraArgs];
    writeFileSync(this.logs.apiServer, `--- kube-apiserver ${this.apiServerArgs.join(" ")}\n`, { flag: "a" });
    this.apiServer = startProcess("kube-apiserver", this.binaries.kubeApiServer.path, this.apiServerArgs, this.logs.apiServer, path.join(this.dir, "kube-apiserver.pid"));
    await waitUntil(this.apiServer, "ready (/readyz)", timeoutMs, async () => (await this.request("admin", "GET", "/readyz")).status === 200);
    this.log(`kube-apiserver ${this.kubernetesVersion} ready at ${this.server} in ${Date.now() - started} ms`);
  }

  /** Binds the viewer identity to its read-only ClusterRole and waits until RBAC sees it. */
  async grantViewer(): Promise<void> {
    const create = async (apiPath: string, body: unknown) => {
      const res = await this.request("admin", "POST", apiPath, body);
      if (res.status !== 201 && res.status !== 409) throw new Error(`POST ${apiPath}: ${res.status} ${res.body}`);
    };
    const discovery = await this.request("admin", "GET", "/apis");
    if (discovery.status !== 200) throw new Error(`GET /apis: ${discovery.status} ${discovery.body}`);
    const groups = (JSON.parse(discovery.body) as { groups?: Array<{ name: string }> }).groups?.map((g) => g.name) ?? [];
    await create("/apis/rbac.authorization.k8s.io/v1/clusterroles", viewerRole(groups));
    await create("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "shipshape-viewer" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "shipshape-viewer" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: IDENTITIES.viewer.user }],
    });
    const deadline = Date.now() + 10_000;
    while ((await this.request("viewer", "GET", "/api/v1/namespaces?limit=1")).status !== 200) {
      if (Date.now() > deadline) throw new Error("the viewer identity still cannot list namespaces 10 s after its binding");
      await sleep(20);
    }
  }

  request(as: Identity, method: string, apiPath: string, body?: unknown, contentType = "application/json"): Promise<ApiResponse> {
    const credentials = this.credentials.get(as);
    if (!credentials || !this.ca) return Promise.reject(new Error("the control plane has no certificates yet"));
    const payload = body === undefined ? undefined : typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: "127.0.0.1",
          port: this.port,
          method,
          path: apiPath,
          ca: this.ca,
          cert: credentials.cert,
          key: credentials.key,
          agent: false,
          timeout: 30_000,
          headers: { accept: "application/json", ...(payload === undefined ? {} : { "content-type": contentType }) },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${apiPath}: no answer in 30 s`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  async etcdGet(key: string): Promise<Buffer | undefined> {
    const payload = JSON.stringify({ key: Buffer.from(key).toString("base64") });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${this.etcdUrl}/v3/kv/range`, { method: "POST", headers: { "content-type": "application/json" } }, (r) => {
        let text = "";
        r.setEncoding("utf8");
        r.on("data", (chunk: string) => (text += chunk));
        r.on("end", () => resolve({ status: r.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(payload);
    });
    if (res.status !== 200) throw new Error(`etcd range ${key}: ${res.status} ${res.body}`);
    const value = (JSON.parse(res.body) as { kvs?: Array<{ value?: string }> }).kvs?.[0]?.value;
    return value === undefined ? undefined : Buffer.from(value, "base64");
  }

  async restart(extraApiServerArgs?: readonly string[]): Promise<void> {
    if (this.stopped) throw new Error("restart() after stop()");
    const extra = extraApiServerArgs ?? this.apiServerArgs.slice(this.baseApiServerArgs().length);
    await stopProcess(this.apiServer, API_SERVER_STOP_SIGNAL);
    await this.startApiServer(extra);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await stopProcess(this.apiServer, API_SERVER_STOP_SIGNAL);
    await stopProcess(this.etcd);
    if (this.watchdog?.pid !== undefined) {
      try {
        process.kill(-this.watchdog.pid, "SIGKILL"); // its process group: the shell and its sleep
      } catch {
        // already gone
      }
    }
    running.delete(this);
    if (!this.options.keepDir) await rm(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort at process exit. */
  killNow(): void {
    for (const proc of [this.apiServer, this.etcd]) if (proc && !proc.exited) proc.child.kill("SIGKILL");
    if (!this.options.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }

  track(): void {
    installExitHook();
    running.add(this);
  }
}

/**
 * Starts etcd and kube-apiserver on free ports of 127.0.0.1 and resolves once the API server's
 * /readyz answers 200 and the viewer identity is bound. On failure everything started is stopped
 * and the error says why (with the end of the failing process's log).
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  let binaries = options.binaries;
  if (!binaries) {
    const lookup = await findControlPlaneBinaries();
    if (!lookup.found) throw new Error(lookup.reason);
    binaries = lookup.binaries;
  }
  let dir: string;
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    if (readdirSync(options.dir).length > 0) throw new Error(`${options.dir} is not empty`);
    dir = path.resolve(options.dir);
  } else {
    dir = await mkdtemp(path.join(tmpdir(), "shipshape-control-plane-"));
  }
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [port = 0, etcdPort = 0, etcdPeerPort = 0] = [...ports];
  const plane = new RunningControlPlane(dir, port, etcdPort, etcdPeerPort, binaries, options);
  plane.track();
  plane.startWatchdog();
  try {
    // etcd needs no certificates, and the API server waits for etcd by itself: overlap the three.
    const etcdReady = plane.startEtcd();
    etcdReady.catch(() => {}); // awaited below; not unhandled meanwhile
    await plane.writeCertificates();
    await Promise.all([etcdReady, plane.startApiServer(options.extraApiServerArgs ?? [])]);
    await plane.grantViewer();
  } catch (error) {
    await plane.stop();
    throw error;
  }
  return plane;
}
