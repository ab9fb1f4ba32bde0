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
