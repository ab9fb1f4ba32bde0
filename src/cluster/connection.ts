// A read-only connection to the API server of a kubeconfig context. @kubernetes/client-node
// reads the kubeconfig and authenticates (client certificates, tokens, exec plugins); requests
// are plain HTTPS so that we choose what to ask for (pages, metadata-only lists, metrics).
import https from "node:https";
import http from "node:http";
import { KubeConfig, Watch } from "@kubernetes/client-node";

export interface ConnectOptions {
  /** A kubeconfig file; default: $KUBECONFIG or ~/.kube/config. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig; default: its current context. */
  readonly context?: string;
  /** Seconds before one request gives up. */
  readonly timeoutSeconds?: number;
}

/** The cluster could not be reached or refused our credentials: exit 2, naming context and server. */
export class ClusterUnavailable extends Error {}

export interface ApiResponse {
  readonly status: number;
  readonly text: string;
  /** Warnings the API server attached (the `Warning` headers kubectl prints). */
  readonly warnings: string[];
}

export class ClusterConnection {
  private constructor(
    private readonly config: KubeConfig,
    readonly context: string,
    readonly server: string,
    private readonly timeoutMs: number,
    /** The context's namespace (kubectl's default for objects that name none), or "default". */
    readonly namespace: string,
  ) {}

  static open(options: ConnectOptions): ClusterConnection {
    const config = new KubeConfig();
    try {
      if (options.kubeconfig !== undefined) config.loadFromFile(options.kubeconfig);
      else config.loadFromDefault();
    } catch (error) {
      throw new ClusterUnavailable(`cannot read the kubeconfig${options.kubeconfig !== undefined ? ` ${options.kubeconfig}` : ""}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (options.context !== undefined) {
      if (config.getContextObject(options.context) === null) {
        const known = config.getContexts().map((c) => c.name);
        throw new ClusterUnavailable(`the kubeconfig has no context "${options.context}"${known.length > 0 ? ` (it has: ${known.join(", ")})` : ""}`);
      }
      config.setCurrentContext(options.context);
    }
    const context = config.getCurrentContext();
    const cluster = config.getCurrentCluster();
    if (cluster === null || context === "") throw new ClusterUnavailable("the kubeconfig names no current context (use --context)");
    const namespace = config.getContextObject(context)?.namespace ?? "default";
    return new ClusterConnection(config, context, cluster.server.replace(/\/+$/, ""), (options.timeoutSeconds ?? 30) * 1000, namespace);
  }

  /** Where this connection points, for messages. */
  describe(): string {
    return `context "${this.context}" (${this.server})`;
  }

  /** One request; throws ClusterUnavailable when the server cannot be reached or rejects the credentials. */
  async request(path: string, options: { method?: string; accept?: string; body?: string; contentType?: string } = {}): Promise<ApiResponse> {
    const url = new URL(this.server + path);
    const requestOptions: https.RequestOptions = {
      method: options.method ?? "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: {
        accept: options.accept ?? "application/json",
        "user-agent": "shipshape",
        ...(options.body !== undefined ? { "content-type": options.contentType ?? "application/json", "content-length": Buffer.byteLength(options.body) } : {}),
      },
      timeout: this.timeoutMs,
    };
    try {
      await this.config.applyToHTTPSOptions(requestOptions);
    } catch (error) {
      throw new ClusterUnavailable(`cannot authenticate to ${this.describe()}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const response = await new Promise<ApiResponse>((resolve, reject) => {
      const transport = url.protocol === "http:" ? http : https;
      const req = transport.request(requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), warnings: warningsOf(res.headers.warning) }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      req.on("error", reject);
      if (options.body !== undefined) req.write(options.body);
      req.end();
    }).catch((error: unknown) => {
      throw new ClusterUnavailable(`cannot reach the API server of ${this.describe()}: ${describeNetworkError(error)}`);
    });
    if (response.status === 401) {
      throw new ClusterUnavailable(`the API server of ${this.describe()} refused the credentials (401 Unauthorized): they may have expired`);
    }
    return response;
  }

  /**
   * Follows a collection's changes from a resourceVersion: `onEvent` for each ADDED, MODIFIED,
   * DELETED or BOOKMARK, `onEnd` when the stream ends (the caller lists again and resumes).
   */
  async watch(path: string, resourceVersion: string, onEvent: (type: string, object: unknown) => void, onEnd: (error: unknown) => void): Promise<{ stop: () => void }> {
    const watcher = new Watch(this.config);
    const controller = await watcher.watch(path, { resourceVersion, allowWatchBookmarks: true }, (type: string, object: unknown) => onEvent(type, object), (error: unknown) => onEnd(error));
    return { stop: () => controller.abort() };
  }

  /** A JSON request that must succeed (2xx), or an ApiError with the server's status and message. */
  async json<T>(path: string, options: { method?: string; accept?: string; body?: string; contentType?: string } = {}): Promise<T> {
    const response = await this.request(path, options);
    if (response.status < 200 || response.status >= 300) throw new ApiError(response.status, statusMessage(response.text), path);
    return JSON.parse(response.text) as T;
  }
}

/** `Warning: 299 - "text"` headers → their texts. */
function warningsOf(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  const out: string[] = [];
  for (const value of values) for (const match of value.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) out.push((match[1] as string).replace(/\\(.)/g, "$1"));
  return out;
}

/** A request the server answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly path: string,
  ) {
    super(`${status} ${reason}`);
  }
}

/** The message of a Status object, or the start of the body. */
export function statusMessage(text: string): string {
  try {
    const status = JSON.parse(text) as { message?: string };
    if (typeof status.message === "string") return status.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200).trim();
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (is the cluster running?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ETIMEDOUT":
      return "the connection timed out";
    case "CERT_HAS_EXPIRED":
      return "its certificate has expired";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      return `its certificate is not trusted by the kubeconfig's certificate authority (${code})`;
    default:
      return code !== undefined ? `${error.message} (${code})` : error.message;
  }
}
