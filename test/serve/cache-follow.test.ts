import { describe, expect, it } from "vitest";
import { ApiError, type ClusterConnection } from "../../src/cluster/connection.js";
import type { ApiResource } from "../../src/cluster/discovery.js";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { ClusterCache, resourcesToFollow } from "../../src/serve/cache.js";
import { configFrom } from "../helpers/lint.js";

const listWatch = ["get", "list", "watch"];
const resource = (group: string, kind: string, plural: string, verbs: readonly string[] = listWatch): ApiResource => ({ group, version: "v1", resource: plural, kind, namespaced: true, verbs });

const discovered: ApiResource[] = [
  resource("", "Namespace", "namespaces"),
  resource("apps", "Deployment", "deployments"),
  resource("policy", "PodDisruptionBudget", "poddisruptionbudgets"),
  resource("autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  resource("keda.sh", "ScaledObject", "scaledobjects"),
  // Same kind names in groups the rules do not read.
  resource("example.com", "ScaledObject", "scaledobjects"),
  resource("example.com", "PodDisruptionBudget", "poddisruptionbudgets"),
  resource("", "Event", "events"),
  resource("apps", "ControllerRevision", "controllerrevisions", ["get", "list"]),
];

const followed = (rules: Record<string, string>) => {
  const config = configFrom({ rules });
  return resourcesToFollow(discovered, buildLinter(linterSpecOf(config, [])).ruleSet).map((r) => `${r.group}/${r.kind}`);
};

describe("the resources serve's cache follows", () => {
  it("include KEDA ScaledObjects when a rule reads autoscalers, so the webhook judges a KEDA-scaled Deployment as lint and scan do", () => {
    const names = followed({ "pdb-missing": "warning" });
    expect(names).toContain("keda.sh/ScaledObject");
    expect(names).toContain("autoscaling/HorizontalPodAutoscaler");
    expect(names).toContain("policy/PodDisruptionBudget");
    expect(names).toContain("apps/Deployment");
  });

  it("leave out kinds of the same name in other groups, kinds no rule needs, and what cannot be watched", () => {
    const names = followed({ "pdb-missing": "warning" });
    expect(names).not.toContain("example.com/ScaledObject");
    expect(names).not.toContain("example.com/PodDisruptionBudget");
    expect(names).not.toContain("/Event");
    expect(names).not.toContain("apps/ControllerRevision");
  });
});

describe("a followed resource the identity may not read", () => {
  // The cache calls only json (lists) and watch on its connection.
  function connection(forbidden: string) {
    const watches: string[] = [];
    const stand = {
      watches,
      async json<T>(requestPath: string): Promise<T> {
        if (requestPath.startsWith(forbidden)) throw new ApiError(403, `forbidden: cannot list ${forbidden}`, requestPath);
        return { metadata: { resourceVersion: "1" }, items: [] } as T;
      },
      async watch(requestPath: string): Promise<{ stop: () => void }> {
        watches.push(requestPath);
        return { stop: () => undefined };
      },
    };
    return stand;
  }

  it("does not keep the webhook unready: it is logged once, the rest is followed, and the cache counts as synced", async () => {
    const config = configFrom({ rules: { "pdb-missing": "warning" } });
    const linter = buildLinter(linterSpecOf(config, []));
    const resources = resourcesToFollow(discovered, linter.ruleSet);
    const stand = connection("/apis/keda.sh/");
    const logged: Array<{ level: string; message: string }> = [];
    const cache = new ClusterCache(stand as unknown as ClusterConnection, resources, linter.ruleSet, linter.input, (level, message) => logged.push({ level, message }));
    cache.start();
    for (let i = 0; i < 50 && !cache.synced; i++) await new Promise((r) => setTimeout(r, 10));
    cache.stop();
    expect(cache.synced).toBe(true);
    const warnings = logged.filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/cannot follow scaledobjects\.keda\.sh \(403 .*grant list and watch/);
    // Everything else was listed and is watched.
    expect(stand.watches).toHaveLength(resources.length - 1);
    expect(logged.filter((l) => l.message.startsWith("cache synced for ")).map((l) => l.message)).toHaveLength(resources.length - 1);
  });
});

describe("the cache as the cluster changes", () => {
  const config = configFrom({ rules: { "pdb-missing": "warning" } });
  const linter = buildLinter(linterSpecOf(config, []));
  const object = (apiVersion: string, kind: string, name: string, spec: object = {}) => ({ apiVersion, kind, metadata: { name, namespace: "shop", uid: `uid-${kind}-${name}` }, spec });
  const budget = object("policy/v1", "PodDisruptionBudget", "web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } });
  const scaler = object("keda.sh/v1alpha1", "ScaledObject", "web", { scaleTargetRef: { name: "web" }, minReplicaCount: 2 });

  /** Lists answer from `items` by collection path prefix; `forbidden` prefixes answer 403; watches can be ended. */
  function cluster(items: Record<string, unknown[]>) {
    const forbidden = new Set<string>();
    const ends = new Map<string, (error: unknown) => void>();
    const stand = {
      forbidden,
      ends,
      async json<T>(requestPath: string): Promise<T> {
        for (const prefix of forbidden) if (requestPath.startsWith(prefix)) throw new ApiError(403, `forbidden: cannot list ${prefix}`, requestPath);
        const found = Object.entries(items).find(([prefix]) => requestPath.startsWith(prefix));
        return { metadata: { resourceVersion: "1" }, items: found?.[1] ?? [] } as T;
      },
      async watch(requestPath: string, _version: string, _onEvent: unknown, onEnd: (error: unknown) => void): Promise<{ stop: () => void }> {
        ends.set(requestPath, onEnd);
        return { stop: () => undefined };
      },
    };
    return stand;
  }
  const kinds = (cache: ClusterCache) => [...cache.index("shop").all()].map((r) => r.kind).sort();
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
    return condition();
  };

  it("follows a kind the API server serves only after the start (a CRD installed later), without turning unready", async () => {
    const atStart = discovered.filter((r) => r.group !== "keda.sh");
    const stand = cluster({ "/apis/policy/": [budget], "/apis/keda.sh/": [scaler] });
    const logged: string[] = [];
    let served = atStart;
    const cache = new ClusterCache(stand as unknown as ClusterConnection, resourcesToFollow(atStart, linter.ruleSet), linter.ruleSet, linter.input, (_level, message) => logged.push(message), { everyMs: 3_600_000, discover: async () => served });
    cache.start();
    expect(await until(() => cache.synced)).toBe(true);
    expect(kinds(cache)).toEqual(["PodDisruptionBudget"]);
    // Asking again changes nothing while nothing new is served.
    await cache.rediscover();
    expect(logged.filter((m) => m.startsWith("following "))).toEqual([]);
    served = discovered;
    await cache.rediscover();
    expect(cache.synced).toBe(true);
    expect(await until(() => kinds(cache).includes("ScaledObject"))).toBe(true);
    cache.stop();
    expect(kinds(cache)).toEqual(["PodDisruptionBudget", "ScaledObject"]);
    expect(logged).toContain("following scaledobjects.keda.sh, served since the webhook started");
    expect(logged).toContain("cache synced for scaledobjects.keda.sh");
  });

  it("drops what it holds of a kind it may no longer read (the rules go without it, as when it is refused from the start)", async () => {
    const stand = cluster({ "/apis/policy/": [budget] });
    const cache = new ClusterCache(stand as unknown as ClusterConnection, resourcesToFollow(discovered, linter.ruleSet), linter.ruleSet, linter.input, () => undefined);
    cache.start();
    expect(await until(() => cache.synced && kinds(cache).includes("PodDisruptionBudget"))).toBe(true);
    // The watch ends and the list is refused: the budget may be gone or changed, unseen.
    stand.forbidden.add("/apis/policy/");
    stand.ends.get("/apis/policy/v1/poddisruptionbudgets")?.(new Error("watch closed"));
    expect(await until(() => !kinds(cache).includes("PodDisruptionBudget"))).toBe(true);
    expect(cache.synced).toBe(true);
    cache.stop();
  });
});
