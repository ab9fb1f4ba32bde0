// The index records of a cluster's objects as the webhook keeps them: by namespace, so that a
// review reads the records of its own namespace (and the Namespace objects) without going over
// every object of the cluster.
import type { IndexRecord } from "../input/process.js";

export class CachedRecords {
  /** Every record by its key, with the namespace it is filed under ("" for cluster-scoped objects). */
  private readonly byKey = new Map<string, { readonly record: IndexRecord; readonly namespace: string }>();
  /** Records of each namespace ("" for cluster-scoped objects), Namespace objects aside. */
  private readonly byNamespace = new Map<string, Map<string, IndexRecord>>();
  /** The Namespace objects, which every review sees (their labels set policy for their workloads). */
  private readonly namespaces = new Map<string, IndexRecord>();

  get size(): number {
    return this.byKey.size;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  set(key: string, record: IndexRecord, namespace: string): void {
    this.delete(key);
    this.byKey.set(key, { record, namespace });
    if (record.kind === "Namespace") {
      this.namespaces.set(key, record);
      return;
    }
    let records = this.byNamespace.get(namespace);
    if (records === undefined) {
      records = new Map();
      this.byNamespace.set(namespace, records);
    }
    records.set(key, record);
  }

  delete(key: string): void {
    const entry = this.byKey.get(key);
    if (entry === undefined) return;
    this.byKey.delete(key);
    if (entry.record.kind === "Namespace") {
      this.namespaces.delete(key);
      return;
    }
    const records = this.byNamespace.get(entry.namespace);
    records?.delete(key);
    if (records?.size === 0) this.byNamespace.delete(entry.namespace);
  }

  /** The records of a namespace ("" or undefined: cluster-scoped objects) and every Namespace object, without the object under review. */
  records(namespace: string | undefined, exclude: { kind: string; name: string | undefined }): IndexRecord[] {
    const out: IndexRecord[] = [];
    for (const record of this.namespaces.values()) if (!(exclude.kind === "Namespace" && record.name === exclude.name)) out.push(record);
    for (const record of this.byNamespace.get(namespace ?? "")?.values() ?? []) if (!(record.kind === exclude.kind && record.name === exclude.name)) out.push(record);
    return out;
  }
}
