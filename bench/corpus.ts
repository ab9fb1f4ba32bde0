// A reproducible corpus of workloads for benchmarks: 100 namespaces × 100 workloads (about
// 10 MB of YAML), one multi-document file per namespace. The mix of kinds and of good and
// bad settings resembles real applications, so every rule has work to do.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** A small deterministic generator, so every run lints the same bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ["Deployment", "Deployment", "Deployment", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"];
const IMAGES = ["registry.example.com/shop/{name}:1.{n}.0", "nginx:1.27", "bitnami/redis:7.2", "ghcr.io/acme/{name}:latest", "registry.example.com/base/{name}", "quay.io/prometheus/node-exporter:v1.8.2"];

const indent = (lines: readonly string[], by: number): string[] => lines.map((l) => `${" ".repeat(by)}${l}`);

/** One container, as lines of a sequence item at indentation 0. */
function container(name: string, n: number, rnd: () => number, serving: boolean): string[] {
  const image = (IMAGES[Math.floor(rnd() * IMAGES.length)] as string).replace("{name}", name).replace("{n}", String(n % 20));
  const body = [`image: ${image}`];
  if (rnd() < 0.3) body.push("imagePullPolicy: IfNotPresent");
  if (serving) {
    body.push("ports:", "  - name: http", "    containerPort: 8080");
    if (rnd() < 0.7) body.push("readinessProbe:", "  httpGet:", "    path: /_/ready", `    port: ${rnd() < 0.9 ? "http" : "web"}`);
    if (rnd() < 0.6) body.push("livenessProbe:", "  httpGet:", "    path: /_/healthz", "    port: http", `  initialDelaySeconds: ${rnd() < 0.2 ? 120 : 5}`);
    if (rnd() < 0.4) body.push("lifecycle:", "  preStop:", "    exec:", `      command: ["sh", "-c", "sleep ${rnd() < 0.1 ? 60 : 5}"]`);
  }
  body.push("env:", "  - name: LOG_LEVEL", "    value: info");
  if (rnd() < 0.8) {
    body.push("resources:", "  requests:", `    cpu: ${rnd() < 0.1 ? "2" : "100m"}`, `    memory: ${rnd() < 0.5 ? "128Mi" : "256Mi"}`);
    if (rnd() < 0.7) body.push("  limits:", "    memory: 256Mi");
  }
  if (rnd() < 0.6) {
    body.push("securityContext:", `  allowPrivilegeEscalation: ${rnd() < 0.9 ? "false" : "true"}`, "  readOnlyRootFilesystem: true", "  capabilities:", "    drop: [ALL]");
    if (rnd() < 0.05) body.push("  privileged: true");
  }
  body.push("volumeMounts:", "  - name: tmp", "    mountPath: /tmp");
  return [`- name: ${name}`, ...indent(body, 2)];
}

/** A pod template (metadata and spec) at indentation 0. */
function podTemplate(name: string, index: number, rnd: () => number, kind: string): string[] {
  const serving = kind !== "CronJob" && kind !== "Job";
  const spec = [
    `terminationGracePeriodSeconds: ${rnd() < 0.05 ? 0 : 30}`,
    ...(rnd() < 0.6 ? ["securityContext:", "  runAsNonRoot: true", "  seccompProfile:", "    type: RuntimeDefault"] : []),
    ...(serving ? [] : ["restartPolicy: OnFailure"]),
    "containers:",
    ...indent(container(name, index, rnd, serving), 2),
    ...(rnd() < 0.2 ? indent(container(`${name}-sidecar`, index, rnd, false), 2) : []),
    "volumes:",
    "  - name: tmp",
    "    emptyDir: {}",
  ];
  return ["metadata:", "  labels:", `    app.kubernetes.io/name: ${name}`, "spec:", ...indent(spec, 2)];
}

function workload(namespace: string, index: number, rnd: () => number): string {
  const kind = KINDS[Math.floor(rnd() * KINDS.length)] as string;
  const name = `app-${index}`;
  const labels = [`app.kubernetes.io/name: ${name}`, `app.kubernetes.io/instance: ${name}-${namespace}`];
  if (rnd() < 0.5) labels.push(`app.kubernetes.io/version: "1.${index % 20}.0"`, "app.kubernetes.io/part-of: bench", "app.kubernetes.io/component: backend", "app.kubernetes.io/managed-by: bench");
  const batch = kind === "CronJob" || kind === "Job";
  const header = [`# ${kind} ${name}: generated for the benchmark`, `apiVersion: ${batch ? "batch/v1" : "apps/v1"}`, `kind: ${kind}`, "metadata:", `  name: ${name}`, `  namespace: ${namespace}`, "  labels:", ...indent(labels, 4)];
  const template = podTemplate(name, index, rnd, kind);
  let spec: string[];
  if (kind === "CronJob") spec = ['schedule: "*/15 * * * *"', "jobTemplate:", "  spec:", "    template:", ...indent(template, 6)];
  else if (kind === "Job") spec = ["template:", ...indent(template, 2)];
  else {
    spec = [
      ...(kind === "DaemonSet" ? [] : [`replicas: ${1 + Math.floor(rnd() * 4)}`]),
      ...(kind === "StatefulSet" ? [`serviceName: ${name}`] : []),
      "selector:",
      "  matchLabels:",
      `    app.kubernetes.io/name: ${name}`,
      "template:",
      ...indent(template, 2),
    ];
  }
  return [...header, "spec:", ...indent(spec, 2)].join("\n");
}

export interface Corpus {
  readonly dir: string;
  readonly files: string[];
  readonly bytes: number;
  readonly workloads: number;
}

/** Writes the corpus (once; later calls reuse it) and returns where it is. */
export function workloadCorpus(root: string, namespaces = 100, perNamespace = 100): Corpus {
  const dir = path.join(root, `workloads-${namespaces}x${perNamespace}`);
  const files: string[] = [];
  let bytes = 0;
  const stamp = path.join(dir, ".complete");
  const fresh = !existsSync(stamp);
  mkdirSync(dir, { recursive: true });
  const rnd = random(42);
  for (let ns = 0; ns < namespaces; ns++) {
    const namespace = `team-${ns}`;
    const file = path.join(dir, `${namespace}.yaml`);
    if (fresh) {
      const docs: string[] = [];
      for (let i = 0; i < perNamespace; i++) docs.push(workload(namespace, ns * perNamespace + i, rnd));
      writeFileSync(file, `${docs.join("\n---\n")}\n`);
    }
    files.push(file);
    bytes += readFileSync(file).length;
  }
  if (fresh) writeFileSync(stamp, "");
  return { dir, files, bytes, workloads: namespaces * perNamespace };
}

function service(namespace: string, index: number, targetPort: string): string {
  const name = `app-${index}`;
  return [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    "spec:",
    "  selector:",
    `    app.kubernetes.io/name: ${name}`,
    "  ports:",
    "    - name: http",
    "      port: 80",
    `      targetPort: ${targetPort}`,
  ].join("\n");
}

function budget(namespace: string, index: number, rnd: () => number): string {
  const name = `app-${index}`;
  const limit = rnd() < 0.1 ? ["  maxUnavailable: 0"] : rnd() < 0.5 ? ['  minAvailable: "50%"'] : ["  maxUnavailable: 1"];
  return ["apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata:", `  name: ${name}`, `  namespace: ${namespace}`, "spec:", ...limit, "  selector:", "    matchLabels:", `      app.kubernetes.io/name: ${name}`].join("\n");
}

function policy(namespace: string, index: number, rnd: () => number): string {
  const name = `app-${index}`;
  const from = rnd() < 0.1 ? ["        - ipBlock:", "            cidr: 0.0.0.0/0"] : ["        - podSelector:", "            matchLabels:", "              role: frontend"];
  return [
    "apiVersion: networking.k8s.io/v1",
    "kind: NetworkPolicy",
    "metadata:",
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    "spec:",
    "  podSelector:",
    "    matchExpressions:",
    "      - key: app.kubernetes.io/name",
    "        operator: In",
    `        values: [${name}, app-${index + 1}]`,
    "  policyTypes: [Ingress]",
    "  ingress:",
    "    - from:",
    ...from,
  ].join("\n");
}

/**
 * The cross-resource benchmark: 100 namespaces, each with its Namespace object, 100 workloads,
 * 100 Services, 20 PodDisruptionBudgets and 20 NetworkPolicies (10,000 workloads, 10,000
 * Services, 2,000 budgets and 2,000 policies in all).
 */
export function crossResourceCorpus(root: string, namespaces = 100, perNamespace = 100, budgetsPerNamespace = 20): Corpus {
  const dir = path.join(root, `cross-v2-${namespaces}x${perNamespace}`);
  const files: string[] = [];
  let bytes = 0;
  const stamp = path.join(dir, ".complete");
  const fresh = !existsSync(stamp);
  mkdirSync(dir, { recursive: true });
  const rnd = random(7);
  for (let ns = 0; ns < namespaces; ns++) {
    const namespace = `team-${ns}`;
    const file = path.join(dir, `${namespace}.yaml`);
    if (fresh) {
      const docs = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n  labels:\n    pod-security.kubernetes.io/enforce: baseline`];
      const step = Math.max(1, Math.floor(perNamespace / budgetsPerNamespace));
      for (let i = 0; i < perNamespace; i++) {
        const index = ns * perNamespace + i;
        const doc = workload(namespace, index, rnd);
        // A Service for every workload; batch ones declare no named port, so theirs use a number.
        docs.push(doc, service(namespace, index, /^kind: (Deployment|StatefulSet|DaemonSet)$/m.test(doc) ? "http" : "8080"));
        // Budgets and policies for every fifth workload of the namespace.
        if (i % step === 0) docs.push(budget(namespace, index, rnd), policy(namespace, index, rnd));
      }
      writeFileSync(file, `${docs.join("\n---\n")}\n`);
    }
    files.push(file);
    bytes += readFileSync(file).length;
  }
  if (fresh) writeFileSync(stamp, "");
  return { dir, files, bytes, workloads: namespaces * perNamespace };
}
