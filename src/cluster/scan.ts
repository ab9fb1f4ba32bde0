// `shipshape scan` as a function: a cluster in, the same kind of result as lint out. The objects
// go through the very rules lint uses (RuleSet, index rules, exemptions); only where they come
// from differs, and that they have no file and line.
import type { ResolvedConfig } from "../engine/config.js";
import type { RunResult } from "../engine/outcome.js";
import { buildLinter, linterSpecOf } from "../input/linter.js";
import { checkObjectInto, emptyResult, inputReporter } from "../input/process.js";
import { finishUnplaced } from "../input/run-lint.js";
import type { ImageScan } from "../model/image-scans.js";
import { compareKubeVersions, formatKubeVersion, NEWEST_KUBE_VERSION, OLDEST_KNOWN_MINOR, parseKubeVersion, type KubeVersion } from "../model/kube-version.js";
import { asObject } from "../model/json.js";
import { controllerOf, effectiveNamespace, nameOf, type KubeObject } from "../model/object.js";
import type { CustomSchema } from "../schemas/custom.js";
import { clusterChecks } from "./checks.js";
import type { ClusterConnection } from "./connection.js";
import { discover } from "./discovery.js";
import { ClusterReader } from "./read.js";

export interface ScanRequest {
  readonly connection: ClusterConnection;
  readonly config: ResolvedConfig;
  /** Set by --kube-version; otherwise the server's own version is the target. */
  readonly kubeVersion?: KubeVersion;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly imageScans?: readonly ImageScan[];
  readonly customSchemas?: readonly CustomSchema[];
  readonly today?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ScanOutcome extends RunResult {
  /** The server's version as it reports it (gitVersion). */
  readonly serverVersion: string;
  readonly target: KubeVersion;
  /** What could not be read, and other things worth saying about the scan. */
  readonly warnings: string[];
  readonly requests: number;
  readonly readMillis: number;
  readonly checkMillis: number;
  /** Objects left out because their controller (read too) is reported instead. */
  readonly owned: number;
}

/** The target a server's version gives, kept within what shipshape knows. */
function targetOf(gitVersion: string): KubeVersion {
  const parsed = parseKubeVersion(gitVersion);
  if (parsed === undefined) return NEWEST_KUBE_VERSION;
  if (compareKubeVersions(parsed, NEWEST_KUBE_VERSION) > 0) return NEWEST_KUBE_VERSION;
  if (compareKubeVersions(parsed, OLDEST_KNOWN_MINOR) < 0) return OLDEST_KNOWN_MINOR;
  return parsed;
}

/** Objects whose controller was read too: reported once, at the controller (a Pod of a ReplicaSet of a Deployment). */
function withoutOwned(objects: readonly KubeObject[]): { kept: KubeObject[]; owned: number } {
  const uids = new Set<string>();
  for (const object of objects) {
    const uid = asObject(object.metadata)?.uid;
    if (typeof uid === "string") uids.add(uid);
  }
  const kept: KubeObject[] = [];
  let owned = 0;
  for (const object of objects) {
    const controller = controllerOf(object);
    // A mirror pod's controller is its Node, which reports nothing about it: the pod is kept (a static pod such as kube-apiserver).
    const controlled = controller !== undefined && controller.kind !== "Node" && uids.has(String(controller.uid));
    if (controlled) owned += 1;
    else kept.push(object);
  }
  return { kept, owned };
}

export async function runScan(request: ScanRequest): Promise<ScanOutcome> {
  const { connection } = request;
  const readStarted = performance.now();
  const version = await connection.json<{ gitVersion?: string }>("/version");
  const serverVersion = version.gitVersion ?? "unknown";
  const target = request.kubeVersion ?? targetOf(serverVersion);
  const discovery = await discover(connection);
  const reader = new ClusterReader(connection);
  const read = await reader.read(discovery.resources, {
    ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
    ...(request.labelSelector !== undefined ? { labelSelector: request.labelSelector } : {}),
    ...(request.onProgress !== undefined ? { onProgress: request.onProgress } : {}),
  });
  const checks = await clusterChecks(connection, read.objects, serverVersion, request.namespace === undefined);
  const readMillis = performance.now() - readStarted;

  const checkStarted = performance.now();
  const config: ResolvedConfig = { ...request.config, kubeVersion: target };
  const linter = buildLinter(linterSpecOf(config, request.imageScans ?? [], request.customSchemas ?? []));
  const { kept, owned } = withoutOwned(read.objects);
  // Input order for index rules: namespace, kind, name (a cluster has no file order).
  kept.sort((a, b) => {
    const ka = `${effectiveNamespace(a) ?? ""}\u0000${a.kind}\u0000${nameOf(a) ?? ""}`;
    const kb = `${effectiveNamespace(b) ?? ""}\u0000${b.kind}\u0000${nameOf(b) ?? ""}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const result = emptyResult("");
  const report = inputReporter(result, linter.input);
  kept.forEach((object, index) => {
    checkObjectInto(result, object, { key: `cluster#${index}`, file: "", locate: () => undefined, source: undefined }, linter.ruleSet, linter.input, report);
  });
  const warnings = [...read.warnings, ...discovery.unavailable.map((u) => `API group not readable: ${u}`), ...checks.warnings];
  const outcome = finishUnplaced([result], linter, request.config, { today: request.today, runFindings: checks.findings });
  return {
    ...outcome,
    serverVersion,
    target,
    warnings,
    requests: read.requests + checks.requests + 3,
    readMillis,
    checkMillis: performance.now() - checkStarted,
    owned,
  };
}

export function describeTarget(outcome: Pick<ScanOutcome, "serverVersion" | "target">): string {
  return `Kubernetes ${outcome.serverVersion} (rules judged for ${formatKubeVersion(outcome.target)})`;
}
