import { describe, expect, it } from "vitest";
import { CachedRecords } from "../../src/serve/cached-records.js";
import type { IndexRecord } from "../../src/input/process.js";
import type { RecordIndex } from "../../src/engine/outcome.js";
import { NO_ANCHORS } from "../../src/engine/anchors.js";

function record(kind: string, name: string, namespace?: string): IndexRecord {
  return { key: `cache#${kind}/${namespace ?? ""}/${name}`, apiVersion: "v1", kind, name, namespace, labels: {}, workload: undefined, object: undefined, file: "", anchors: NO_ANCHORS, source: undefined };
}

function names(index: RecordIndex): string[] {
  return [...index.all()].map((r) => `${r.kind}/${r.name ?? ""}`);
}

describe("cached records", () => {
  const filled = (): CachedRecords => {
    const cache = new CachedRecords();
    cache.set("ns-a", record("Namespace", "a"), "");
    cache.set("svc-a", record("Service", "web", "a"), "a");
    cache.set("ns-b", record("Namespace", "b"), "");
    cache.set("pdb-a", record("PodDisruptionBudget", "web", "a"), "a");
    cache.set("svc-b", record("Service", "web", "b"), "b");
    cache.set("crb", record("ClusterRoleBinding", "admins"), "");
    return cache;
  };

  it("gives a review its namespace's objects and every Namespace object, Namespace objects first, nothing of other namespaces", () => {
    const cache = filled();
    expect(names(cache.index("a"))).toEqual(["Namespace/a", "Namespace/b", "Service/web", "PodDisruptionBudget/web"]);
    expect(names(cache.index("b"))).toEqual(["Namespace/a", "Namespace/b", "Service/web"]);
  });

  it("gives a cluster-scoped review the cluster-scoped objects", () => {
    expect(names(filled().index(undefined))).toEqual(["Namespace/a", "Namespace/b", "ClusterRoleBinding/admins"]);
  });

  it("keeps a namespace's index until an object of that namespace or a Namespace object changes", () => {
    const cache = filled();
    const a = cache.index("a");
    const b = cache.index("b");
    expect(cache.index("a")).toBe(a);
    cache.set("svc-b", record("Service", "api", "b"), "b");
    expect(cache.index("a")).toBe(a);
    expect(cache.index("b")).not.toBe(b);
    expect(names(cache.index("b"))).toEqual(["Namespace/a", "Namespace/b", "Service/api"]);
    const b2 = cache.index("b");
    cache.delete("pdb-a");
    expect(names(cache.index("a"))).toEqual(["Namespace/a", "Namespace/b", "Service/web"]);
    expect(cache.index("b")).toBe(b2);
    cache.set("ns-c", record("Namespace", "c"), "");
    expect(names(cache.index("b"))).toEqual(["Namespace/a", "Namespace/b", "Namespace/c", "Service/api"]);
    expect(cache.index("a")).not.toBe(a);
  });

  it("keeps the indexes of the most recently reviewed namespaces only", () => {
    const cache = new CachedRecords(2);
    for (const ns of ["a", "b", "c"]) cache.set(`svc-${ns}`, record("Service", "web", ns), ns);
    const a = cache.index("a");
    const b = cache.index("b");
    expect(cache.index("a")).toBe(a);
    cache.index("c");
    // "b" was the least recently used: dropped, built again when asked for.
    expect(cache.index("a")).toBe(a);
    expect(cache.index("b")).not.toBe(b);
  });

  it("forgets deleted objects and moves an object whose namespace changed", () => {
    const local = new CachedRecords();
    local.set("svc", record("Service", "web", "a"), "a");
    expect(names(local.index("a"))).toEqual(["Service/web"]);
    local.set("svc", record("Service", "web", "b"), "b");
    expect(names(local.index("a"))).toEqual([]);
    expect(names(local.index("b"))).toEqual(["Service/web"]);
    local.delete("svc");
    local.delete("never-there");
    expect(local.size).toBe(0);
    expect(names(local.index("b"))).toEqual([]);
  });
});
