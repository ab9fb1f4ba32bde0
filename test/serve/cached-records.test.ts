import { describe, expect, it } from "vitest";
import { CachedRecords } from "../../src/serve/cached-records.js";
import type { IndexRecord } from "../../src/input/process.js";
import { NO_ANCHORS } from "../../src/engine/anchors.js";

function record(kind: string, name: string, namespace?: string): IndexRecord {
  return { key: `cache#${kind}/${namespace ?? ""}/${name}`, apiVersion: "v1", kind, name, namespace, labels: {}, workload: undefined, object: undefined, file: "", anchors: NO_ANCHORS, source: undefined };
}

function names(records: readonly IndexRecord[]): string[] {
  return records.map((r) => `${r.kind}/${r.name}`).sort();
}

describe("cached records", () => {
  const cache = new CachedRecords();
  cache.set("ns-a", record("Namespace", "a"), "");
  cache.set("ns-b", record("Namespace", "b"), "");
  cache.set("svc-a", record("Service", "web", "a"), "a");
  cache.set("pdb-a", record("PodDisruptionBudget", "web", "a"), "a");
  cache.set("svc-b", record("Service", "web", "b"), "b");
  cache.set("crb", record("ClusterRoleBinding", "admins"), "");

  it("gives a review its namespace's records and every Namespace object, nothing of other namespaces", () => {
    expect(names(cache.records("a", { kind: "Deployment", name: "web" }))).toEqual(["Namespace/a", "Namespace/b", "PodDisruptionBudget/web", "Service/web"]);
    expect(names(cache.records("b", { kind: "Deployment", name: "web" }))).toEqual(["Namespace/a", "Namespace/b", "Service/web"]);
  });

  it("leaves out the object under review, in its own namespace only", () => {
    expect(names(cache.records("a", { kind: "Service", name: "web" }))).toEqual(["Namespace/a", "Namespace/b", "PodDisruptionBudget/web"]);
    expect(names(cache.records(undefined, { kind: "Namespace", name: "a" }))).toEqual(["ClusterRoleBinding/admins", "Namespace/b"]);
  });

  it("gives a cluster-scoped review the cluster-scoped records", () => {
    expect(names(cache.records(undefined, { kind: "ClusterRole", name: "x" }))).toEqual(["ClusterRoleBinding/admins", "Namespace/a", "Namespace/b"]);
  });

  it("forgets deleted objects and moves an object whose namespace changed", () => {
    const local = new CachedRecords();
    local.set("svc", record("Service", "web", "a"), "a");
    local.set("svc", record("Service", "web", "b"), "b");
    expect(names(local.records("a", { kind: "Deployment", name: "x" }))).toEqual([]);
    expect(names(local.records("b", { kind: "Deployment", name: "x" }))).toEqual(["Service/web"]);
    local.delete("svc");
    local.delete("never-there");
    expect(local.size).toBe(0);
    expect(local.records("b", { kind: "Deployment", name: "x" })).toEqual([]);
  });
});
