// `shipshape serve`: the validating admission webhook. Configuration from flags and environment
// variables (and the usual .shipshape.yaml), logs as JSON lines on standard output.
import { readFileSync } from "node:fs";
import { loadConfig } from "../input/config-file.js";
import { buildLinter, linterSpecOf } from "../input/linter.js";
import { ALL_RULES } from "../rules/index.js";
import { ClusterConnection, ClusterUnavailable, ApiError } from "../cluster/connection.js";
import { discover } from "../cluster/discovery.js";
import { ClusterCache, resourcesToFollow } from "../serve/cache.js";
import { serveConfig } from "../serve/serve-rules.js";
import { tuneHeapForServing } from "../serve/heap-tuning.js";
import { ServeMetrics } from "../serve/metrics.js";
import { Reviewer } from "../serve/reviewer.js";
import { startServer } from "../serve/server.js";
import { webhookConfigurationYaml } from "../serve/webhook-config.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import type { KubeObject } from "../model/object.js";

export interface ServeFlags {
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly config?: string | false;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster: boolean;
  readonly shutdownTimeout: number;
  /** Seconds between discoveries, to follow kinds installed after the start. */
  readonly discoveryInterval: number;
  readonly maxBodyBytes: number;
  readonly requestTimeout: number;
  readonly printConfig?: boolean;
  readonly webhookName: string;
  readonly serviceName: string;
  readonly serviceNamespace: string;
  readonly servicePort: number;
  readonly url?: string;
  readonly caBundle?: string;
  readonly failurePolicy: "Fail" | "Ignore";
  readonly timeoutSeconds: number;
}

type LogLevel = "info" | "warn" | "error";

// Log lines are gathered and written once per turn of the event loop: one write for many
// reviews instead of a (synchronous, for files and pipes) write each.
let pendingLines: string[] = [];
let flushScheduled = false;

function flushLog(): void {
  flushScheduled = false;
  if (pendingLines.length === 0) return;
  const text = pendingLines.join("");
  pendingLines = [];
  process.stdout.write(text);
}

function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  pendingLines.push(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushLog);
  }
}

/**
 * Reviews a few typical objects before the first request, so that the rules' code is compiled
 * and the first real reviews are as fast as the rest.
 */
function warmUp(reviewer: Reviewer): void {
  const container = { name: "app", image: "registry.example.com/app:1.0.0", ports: [{ containerPort: 8080 }] };
  const template = { metadata: { labels: { app: "warm-up" } }, spec: { containers: [container] } };
  const objects: KubeObject[] = [
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "warm-up", namespace: "warm-up" }, spec: { replicas: 2, selector: { matchLabels: { app: "warm-up" } }, template } },
    { apiVersion: "v1", kind: "Pod", metadata: { name: "warm-up", namespace: "warm-up" }, spec: { containers: [container] } },
    { apiVersion: "batch/v1", kind: "Job", metadata: { name: "warm-up", namespace: "warm-up" }, spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "warm-up", namespace: "warm-up" }, spec: { selector: { app: "warm-up" }, ports: [{ port: 80 }] } },
  ];
  for (let round = 0; round < 20; round++) {
    for (const object of objects) {
      const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
      reviewer.review({ uid: "warm-up", operation: "CREATE", kind: { group: group ?? "", version: version ?? "v1", kind: object.kind }, namespace: "warm-up", name: "warm-up", subResource: undefined, dryRun: true, object, userName: undefined });
    }
  }
}

export async function serveCommand(flags: ServeFlags): Promise<number> {
  if (flags.printConfig === true) {
    let caBundle: string | undefined;
    if (flags.caBundle !== undefined) {
      try {
        caBundle = readFileSync(flags.caBundle, "utf8");
      } catch (error) {
        process.stderr.write(`shipshape: cannot read --ca-bundle ${flags.caBundle}: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_USAGE;
      }
    }
    process.stdout.write(
      webhookConfigurationYaml({
        name: flags.webhookName,
        ...(flags.url !== undefined ? { url: flags.url } : { service: { namespace: flags.serviceNamespace, name: flags.serviceName, port: flags.servicePort } }),
        ...(caBundle !== undefined ? { caBundle } : {}),
        failurePolicy: flags.failurePolicy,
        timeoutSeconds: flags.timeoutSeconds,
        excludeNamespaces: [...new Set(["kube-system", flags.serviceNamespace])],
      }),
    );
    return EXIT_OK;
  }
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) {
    process.stderr.write("shipshape: serve needs --tls-cert and --tls-key (or SHIPSHAPE_TLS_CERT and SHIPSHAPE_TLS_KEY): the API server only calls webhooks over HTTPS\n");
    return EXIT_USAGE;
  }
  const loaded = await loadConfig(ALL_RULES, process.cwd(), typeof flags.config === "string" ? flags.config : undefined, flags.config !== false);
  if (!loaded.ok) {
    for (const message of loaded.messages) process.stderr.write(`shipshape: ${message}\n`);
    return EXIT_USAGE;
  }
  const config = serveConfig(loaded.config, flags.cluster);
  // Before the cache is filled: see src/serve/heap-tuning.ts.
  tuneHeapForServing();
  const linter = buildLinter(linterSpecOf(config, []));

  let cache: ClusterCache | undefined;
  if (flags.cluster && linter.ruleSet.indexRules.length > 0) {
    try {
      const connection = ClusterConnection.open({ ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context !== undefined ? { context: flags.context } : {}) });
      const { resources } = await discover(connection);
      const followed = resourcesToFollow(resources, linter.ruleSet);
      // Discovery again now and then: a CRD installed later (KEDA after the webhook) is followed from then on.
      cache = new ClusterCache(connection, followed, linter.ruleSet, linter.input, log, { everyMs: flags.discoveryInterval * 1000, discover: async () => (await discover(connection)).resources });
      log("info", `following ${followed.length} resources of ${connection.describe()} for the cross-resource rules`, { resources: followed.map((r) => r.resource) });
      cache.start();
    } catch (error) {
      if (error instanceof ClusterUnavailable || error instanceof ApiError) {
        process.stderr.write(`shipshape: ${error.message} (use --no-cluster to serve without cross-resource rules)\n`);
        return EXIT_USAGE;
      }
      throw error;
    }
  }

  const metrics = new ServeMetrics(cache !== undefined ? () => cache?.size ?? 0 : undefined);
  const reviewer = new Reviewer(linter, config, cache);
  warmUp(reviewer);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      certFile: flags.tlsCert,
      keyFile: flags.tlsKey,
      host: flags.host,
      port: flags.port,
      metricsPort: flags.metricsPort < 0 ? undefined : flags.metricsPort,
      maxBodyBytes: flags.maxBodyBytes,
      requestTimeoutMs: flags.requestTimeout * 1000,
      reviewer,
      metrics,
      notReady: () => (cache === undefined || cache.synced ? undefined : `cache syncing (${cache.unsynced().join(", ")})`),
      log,
    });
  } catch (error) {
    process.stderr.write(`shipshape: cannot serve: ${error instanceof Error ? error.message : String(error)}\n`);
    cache?.stop();
    return EXIT_USAGE;
  }
  log("info", "serving admission reviews", { port: server.port, metricsPort: server.metricsPort, rules: config.rules.length, mode: config.serve.mode });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log("info", `${signal}: no new connections; finishing the reviews in flight`);
      void server.shutdown(flags.shutdownTimeout * 1000).then(({ drained, inFlight }) => {
        cache?.stop();
        log(drained ? "info" : "warn", drained ? "stopped" : `stopped with ${inFlight} reviews unfinished after ${flags.shutdownTimeout} s`);
        flushLog();
        resolve(EXIT_OK);
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}
