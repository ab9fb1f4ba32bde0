// The webhook's HTTPS server: admission reviews on /validate, health on /_/healthz and
// /_/ready, metrics on a separate plain-HTTP port. Certificates are re-read when they change on
// disk; bodies are size-limited; slow clients time out; SIGTERM drains what is in flight.
import { readFileSync, statSync, unwatchFile, watchFile } from "node:fs";
import http from "node:http";
import https from "node:https";
import { admissionResponse, parseAdmissionReview } from "./admission-review.js";
import type { ServeMetrics } from "./metrics.js";
import type { Reviewer } from "./reviewer.js";
import { nameOf } from "../model/object.js";

export interface ServerOptions {
  readonly certFile: string;
  readonly keyFile: string;
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number | undefined;
  readonly maxBodyBytes: number;
  /** Milliseconds a client may take to send a whole request. */
  readonly requestTimeoutMs: number;
  readonly reviewer: Reviewer;
  readonly metrics: ServeMetrics;
  /** Why the server is not ready yet (undefined when ready): the cache still syncing. */
  readonly notReady: () => string | undefined;
  readonly log: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly metricsPort: number | undefined;
  /** Stops accepting connections, finishes the reviews in flight, then resolves (or after the timeout). */
  shutdown(timeoutMs: number): Promise<{ drained: boolean; inFlight: number }>;
}

function readTls(options: ServerOptions): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(options.certFile), key: readFileSync(options.keyFile) };
}

function sendJson(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { log, metrics } = options;
  let inFlight = 0;
  let draining = false;
  let tlsLoaded = false;
  const server = https.createServer({
    ...readTls(options),
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: Math.min(options.requestTimeoutMs, 10_000),
    // How often Node looks for requests past their timeout (its default, 30 s, lets a slow client hold a slot that long).
    connectionsCheckingInterval: Math.min(1000, options.requestTimeoutMs),
  });
  tlsLoaded = true;
  server.keepAliveTimeout = 30_000;

  // cert-manager and kubelet secret mounts replace the files: poll their modification times.
  let stamp = `${statSync(options.certFile).mtimeMs}:${statSync(options.keyFile).mtimeMs}`;
  const reload = () => {
    let next: string;
    try {
      next = `${statSync(options.certFile).mtimeMs}:${statSync(options.keyFile).mtimeMs}`;
    } catch {
      return; // mid-rotation: a file is briefly missing
    }
    if (next === stamp) return;
    try {
      server.setSecureContext(readTls(options));
      stamp = next;
      log("info", "reloaded the TLS certificate", { certFile: options.certFile });
    } catch (error) {
      log("warn", `could not load the new TLS certificate, keeping the old one: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  watchFile(options.certFile, { interval: 1000 }, reload);
  watchFile(options.keyFile, { interval: 1000 }, reload);

  server.on("request", (req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && url === "/_/healthz") {
      // Answering at all proves the event loop turns; nothing else is asked.
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && url === "/_/ready") {
      const why = draining ? "shutting down" : !tlsLoaded ? "TLS certificate not loaded" : options.notReady();
      res.writeHead(why === undefined ? 200 : 503, { "content-type": "text/plain" }).end(why === undefined ? "ready\n" : `not ready: ${why}\n`);
      return;
    }
    if (url !== "/validate" && url !== "/") {
      sendJson(res, 404, JSON.stringify({ error: `no such path ${url}: admission reviews go to POST /validate` }));
      return;
    }
    if (req.method !== "POST") {
      sendJson(res, 405, JSON.stringify({ error: "admission reviews are POSTed" }));
      return;
    }
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > options.maxBodyBytes) {
      metrics.requests.inc({ operation: "unknown", result: "invalid" });
      sendJson(res, 413, JSON.stringify({ error: `the body is ${declared} bytes; the limit is ${options.maxBodyBytes}` }));
      req.resume();
      return;
    }
    inFlight += 1;
    let counted = true;
    const done = () => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        refused = true;
        metrics.requests.inc({ operation: "unknown", result: "invalid" });
        sendJson(res, 413, JSON.stringify({ error: `the body exceeds the limit of ${options.maxBodyBytes} bytes` }));
        req.destroy();
        done();
        return;
      }
      chunks.push(chunk);
    });
    // A client that goes away before its request is complete is no longer in flight.
    req.on("close", () => {
      if (!req.complete) done();
    });
    req.on("end", () => {
      if (refused) return;
      const started = performance.now();
      try {
        const parsed = parseAdmissionReview(Buffer.concat(chunks).toString("utf8"));
        if (!parsed.ok) {
          metrics.requests.inc({ operation: "unknown", result: "invalid" });
          log("warn", `refused a malformed admission review: ${parsed.reason}`, { remote: req.socket.remoteAddress });
          sendJson(res, 400, JSON.stringify({ error: parsed.reason }));
          return;
        }
        const { request } = parsed;
        let outcome: ReturnType<Reviewer["review"]>;
        try {
          outcome = options.reviewer.review(request);
        } catch (error) {
          // Never reached by a failing rule (those are contained); an internal error allows, as the webhook's failurePolicy would.
          log("error", `internal error reviewing ${request.uid}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          outcome = { verdict: { allowed: true, warnings: ["shipshape: internal error; the request was not checked"] }, mode: "enforce", denied: [], warned: [], audited: [], ruleErrors: [String(error)] };
        }
        const seconds = (performance.now() - started) / 1000;
        const result = outcome.skipped !== undefined ? "skipped" : outcome.verdict.allowed ? "allowed" : "denied";
        metrics.requests.inc({ operation: request.operation, result });
        metrics.latency.observe({ operation: request.operation }, seconds);
        for (const rule of outcome.denied) metrics.denials.inc({ rule });
        for (const rule of outcome.warned) metrics.warnings.inc({ rule });
        if (outcome.ruleErrors.length > 0) metrics.ruleErrors.inc(outcome.ruleErrors.length);
        log(outcome.verdict.allowed ? "info" : "warn", "review", {
          uid: request.uid,
          operation: request.operation,
          kind: request.kind.kind,
          namespace: request.namespace,
          name: request.name ?? (request.object !== undefined ? nameOf(request.object) : undefined),
          user: request.userName,
          dryRun: request.dryRun,
          mode: outcome.mode,
          result,
          ...(outcome.skipped !== undefined ? { skipped: outcome.skipped } : {}),
          ...(outcome.denied.length > 0 ? { denied: outcome.denied } : {}),
          ...(outcome.warned.length > 0 ? { warned: outcome.warned } : {}),
          ...(outcome.audited.length > 0 ? { audited: outcome.audited } : {}),
          ...(outcome.ruleErrors.length > 0 ? { ruleErrors: outcome.ruleErrors } : {}),
          ms: Math.round(seconds * 100_000) / 100,
        });
        sendJson(res, 200, admissionResponse(request.uid, outcome.verdict));
      } finally {
        done();
      }
    });
  });
  server.on("clientError", (error, socket) => {
    // Malformed HTTP or a client too slow to send its request: answer if possible, never crash.
    if (socket.writable) socket.end(`HTTP/1.1 ${(error as NodeJS.ErrnoException).code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request"}\r\nconnection: close\r\n\r\n`);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  let metricsServer: http.Server | undefined;
  if (options.metricsPort !== undefined) {
    metricsServer = http.createServer((req, res) => {
      if (req.method === "GET" && (req.url ?? "").split("?")[0] === "/metrics") {
        void metrics.registry.metrics().then((text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      metricsServer?.once("error", reject);
      metricsServer?.listen(options.metricsPort, options.host, () => resolve());
    });
  }
  const metricsPort = metricsServer !== undefined ? (metricsServer.address() as { port: number }).port : undefined;

  return {
    port,
    metricsPort,
    async shutdown(timeoutMs) {
      draining = true;
      unwatchFile(options.certFile);
      unwatchFile(options.keyFile);
      server.close();
      server.closeIdleConnections();
      metricsServer?.close();
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const drained = inFlight === 0;
      server.closeAllConnections();
      return { drained, inFlight };
    },
  };
}
