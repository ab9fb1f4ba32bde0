// The objects the cross-resource rules need (budgets, policies, Services, namespaces, other
// workloads), kept current from the cluster by list-then-watch, so that a review never calls
// the API server. Each object is kept as the index record the rules read.
import { CUSTOM_KINDS_READ } from "../model/disruption.js";
import { asObject } from "../model/json.js";
import { controllerOf, type KubeObject } from "../model/object.js";
import type { RuleSet } from "../engine/run.js";
import type { InputRules } from "../input/process.js";
import type { RecordIndex } from "../engine/outcome.js";
import { indexRecordOf } from "../input/process.js";
import { ApiError, type ClusterConnection } from "../cluster/connection.js";
import { apiVersionOf, collectionPath, type ApiResource } from "../cluster/discovery.js";
import { cleaned } from "../cluster/read.js";
import { CachedRecords } from "./cached-records.js";

export interface CacheLog {
  (level: "info" | "warn", message: string, fields?: Record<string, unknown>): void;
}

/** A built-in API group: the core group, `apps`-like groups without a dot, and `*.k8s.io`. */
function builtInGroup(group: string): boolean {
  return group === "" || group.endsWith(".k8s.io") || !group.includes(".");
}

/**
 * The resources to follow: the kinds index rules name (in built-in groups, or in the one group of
 * a custom kind the rules read, such as KEDA's ScaledObject), and workloads when they need them.
 */
export function resourcesToFollow(resources: readonly ApiResource[], ruleSet: RuleSet): ApiResource[] {
  const kinds = new Set<string>(["Namespace"]);
  let workloads = false;
  for (const { rule } of ruleSet.indexRules) {
    for (const kind of rule.needs.kinds ?? []) kinds.add(kind);
    if (rule.needs.workloads === true) workloads = true;
  }
  return resources.filter((r) => {
    if (!r.verbs.includes("list") || !r.verbs.includes("watch")) return false;
    if (kinds.has(r.kind) && (builtInGroup(r.group) || CUSTOM_KINDS_READ.some((c) => c.group === r.group && c.kind === r.kind))) return true;
    return workloads && ruleSet.workloads.find({ apiVersion: apiVersionOf(r), kind: r.kind, metadata: {} } as KubeObject) !== undefined;
  });
}

/** How often a resource the identity may not read is tried again. */
const UNREADABLE_RETRY_MS = 60_000;

/** Asking the API server again, now and then, what it serves: a CRD installed after the start (KEDA) is followed from then on. */
export interface Rediscovery {
  readonly everyMs: number;
  readonly discover: () => Promise<readonly ApiResource[]>;
}

export class ClusterCache {
  private readonly entries = new CachedRecords();
  private readonly pending = new Set<string>();
  /** Resources the identity may not list or watch (or that are gone): followed without, retried now and then. */
  private readonly unreadable = new Set<string>();
  /** Resources found after the start, until their first list: they do not make the webhook unready. */
  private readonly joining = new Set<string>();
  /** Every resource followed, by id. */
  private readonly followed = new Set<string>();
  /** The current watch of each followed resource, to stop it. */
  private readonly watches = new Map<string, () => void>();
  private rediscoveryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly resources: readonly ApiResource[],
    private readonly ruleSet: RuleSet,
    private readonly input: InputRules,
    private readonly log: CacheLog,
    private readonly rediscovery?: Rediscovery,
  ) {
    for (const r of resources) this.pending.add(this.id(r));
  }

  /** Every followed resource has been listed once, or refused (then the rules go without it). */
  get synced(): boolean {
    return this.pending.size === 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What is still being listed, for the readiness answer. */
  unsynced(): string[] {
    return [...this.pending].sort();
  }

  start(): void {
    for (const resource of this.resources) this.begin(resource);
    this.scheduleRediscovery();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.rediscoveryTimer);
    for (const stop of this.watches.values()) stop();
  }

  /** Follows the resources the rules need that the API server serves now and did not before. */
  async rediscover(): Promise<void> {
    if (this.rediscovery === undefined || this.stopped) return;
    for (const resource of resourcesToFollow(await this.rediscovery.discover(), this.ruleSet)) {
      const id = this.id(resource);
      if (this.followed.has(id)) continue;
      this.joining.add(id);
      this.log("info", `following ${id}, served since the webhook started`, { resource: id });
      this.begin(resource);
    }
  }

  /** Starts following a resource: list, then watch, for as long as the cache runs. */
  private begin(resource: ApiResource): void {
    this.followed.add(this.id(resource));
    void this.follow(resource, 0);
  }

  private scheduleRediscovery(): void {
    if (this.rediscovery === undefined || this.stopped) return;
    this.rediscoveryTimer = setTimeout(() => {
      this.rediscover()
        .catch((error: unknown) => this.log("warn", `cannot ask the API server what it serves: ${error instanceof Error ? error.message : String(error)}; asking again in ${(this.rediscovery?.everyMs ?? 0) / 1000} s`))
        .finally(() => this.scheduleRediscovery());
    }, this.rediscovery.everyMs);
    this.rediscoveryTimer.unref();
  }

  /** The index of a namespace's objects and every Namespace object (see CachedRecords). */
  index(namespace: string | undefined): RecordIndex {
    return this.entries.index(namespace);
  }

  private id(resource: ApiResource): string {
    return `${resource.resource}${resource.group !== "" ? `.${resource.group}` : ""}`;
  }

  /** Drops the cached objects of a followed resource, but those in `kept`. */
  private forget(id: string, kept: ReadonlySet<string> = new Set()): void {
    const prefix = `${id}/`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix) && !kept.has(key)) this.entries.delete(key);
  }

  private keyOf(resource: ApiResource, object: KubeObject): string | undefined {
    const metadata = asObject(object.metadata);
    const uid = metadata?.uid;
    return typeof uid === "string" ? `${this.id(resource)}/${uid}` : undefined;
  }

  /** Keeps (or, for an object a controller owns, drops) one object; its key, when it has one. */
  private put(resource: ApiResource, item: unknown): string | undefined {
    const object = cleaned(item, resource);
    if (object === undefined) return undefined;
    const key = this.keyOf(resource, object);
    if (key === undefined) return undefined;
    const metadata = asObject(object.metadata) ?? {};
    // Objects a controller owns (ReplicaSets, their Pods) are judged through the controller.
    if (controllerOf(object) !== undefined) {
      this.entries.delete(key);
      return key;
    }
    const record = indexRecordOf(object, { key: `cache#${key}`, file: "", locate: () => undefined, source: undefined }, this.ruleSet, this.input);
    this.entries.set(key, record, typeof metadata.namespace === "string" ? metadata.namespace : "");
    return key;
  }

  private remove(resource: ApiResource, item: unknown): void {
    const object = cleaned(item, resource);
    const key = object === undefined ? undefined : this.keyOf(resource, object);
    if (key !== undefined) this.entries.delete(key);
  }

  /** List (all pages), then watch from that version; start again when the watch ends. */
  private async follow(resource: ApiResource, attempt: number): Promise<void> {
    if (this.stopped) return;
    const id = this.id(resource);
    try {
      const seen = new Set<string>();
      let token: string | undefined;
      let version = "";
      do {
        const query = new URLSearchParams({ limit: "500" });
        if (token !== undefined) query.set("continue", token);
        const page = await this.connection.json<{ metadata?: { continue?: string; resourceVersion?: string }; items?: unknown[] }>(`${collectionPath(resource)}?${query.toString()}`);
        for (const item of page.items ?? []) {
          const key = this.put(resource, item);
          if (key !== undefined) seen.add(key);
        }
        token = page.metadata?.continue || undefined;
        version = page.metadata?.resourceVersion ?? version;
      } while (token !== undefined);
      // Objects deleted while we were not watching.
      this.forget(id, seen);
      if (this.pending.delete(id) || this.unreadable.delete(id) || this.joining.delete(id)) this.log("info", `cache synced for ${id}`, { resource: id });
      const watch = await this.connection.watch(
        collectionPath(resource),
        version,
        (type, object) => {
          if (type === "ADDED" || type === "MODIFIED") this.put(resource, object);
          else if (type === "DELETED") this.remove(resource, object);
        },
        (error) => {
          if (this.stopped) return;
          if (error !== null && error !== undefined) this.log("warn", `watch of ${id} ended, listing again`, { resource: id, error: String(error) });
          setTimeout(() => void this.follow(resource, 0), 200).unref();
        },
      );
      this.watches.set(id, watch.stop);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
        // Not a passing failure: waiting for it would keep the webhook unready for good (a CRD
        // installed after the webhook's RBAC was written). The rules go without these objects.
        this.pending.delete(id);
        this.joining.delete(id);
        // 404: the resource is no longer served (its CRD was deleted), and neither are its objects.
        // 403: they can no longer be read, so what is cached of them would go stale unnoticed.
        this.forget(id);
        if (!this.unreadable.has(id)) {
          this.unreadable.add(id);
          this.log("warn", `cannot follow ${id} (${error.message}); the cross-resource rules go without these objects until it can (grant list and watch on them); retrying every ${UNREADABLE_RETRY_MS / 1000} s`, { resource: id });
        }
        setTimeout(() => void this.follow(resource, 0), UNREADABLE_RETRY_MS).unref();
        return;
      }
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      this.log("warn", `cannot follow ${id}: ${error instanceof ApiError ? error.message : String(error)}; retrying in ${delay} ms`, { resource: id });
      setTimeout(() => void this.follow(resource, attempt + 1), delay).unref();
    }
  }
}
