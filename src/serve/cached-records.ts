// The index records of a cluster's objects as the webhook keeps them: by namespace, so that a
// review reads the records of its own namespace (and the Namespace objects) without going over
// every object of the cluster. The index of a namespace is kept between reviews and built again
// only after one of its objects (or a Namespace object) changed: a review lays its object over it
// (LayeredIndex), and the values rules derive from the namespace's other objects are kept with it.
import { keptObject, RecordResource, type RecordIndex } from "../engine/outcome.js";
import type { IndexRecord } from "../input/process.js";
import { ResourceIndex } from "../model/resource-index.js";

/** How many namespaces' indexes are kept; the least recently reviewed beyond that are dropped. */
export const KEPT_INDEXES = 256;

interface Entry {
  readonly resource: RecordResource;
  readonly namespace: string;
}

export class CachedRecords {
  /** Every object by its key, with the namespace it is filed under ("" for cluster-scoped objects). */
  private readonly byKey = new Map<string, Entry>();
  /** Objects of each namespace ("" for cluster-scoped objects), Namespace objects aside. */
  private readonly byNamespace = new Map<string, Map<string, RecordResource>>();
  /** The Namespace objects, which every review sees (their labels set policy for their workloads). */
  private readonly namespaces = new Map<string, RecordResource>();
  /** Indexes of namespaces as reviews asked for them, the most recently asked for last. */
  private readonly indexes = new Map<string, RecordIndex>();

  constructor(private readonly keptIndexes = KEPT_INDEXES) {}

  get size(): number {
    return this.byKey.size;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  set(key: string, record: IndexRecord, namespace: string): void {
    this.delete(key);
    const resource = new RecordResource(record, keptObject);
    this.byKey.set(key, { resource, namespace });
    this.changed(record.kind, namespace);
    if (record.kind === "Namespace") {
      this.namespaces.set(key, resource);
      return;
    }
    let resources = this.byNamespace.get(namespace);
    if (resources === undefined) {
      resources = new Map();
      this.byNamespace.set(namespace, resources);
    }
    resources.set(key, resource);
  }

  delete(key: string): void {
    const entry = this.byKey.get(key);
    if (entry === undefined) return;
    this.byKey.delete(key);
    this.changed(entry.resource.kind, entry.namespace);
    if (entry.resource.kind === "Namespace") {
      this.namespaces.delete(key);
      return;
    }
    const resources = this.byNamespace.get(entry.namespace);
    resources?.delete(key);
    if (resources?.size === 0) this.byNamespace.delete(entry.namespace);
  }

  /** Drops the kept indexes that held an object of this kind and namespace. */
  private changed(kind: string, namespace: string): void {
    if (kind === "Namespace") this.indexes.clear();
    else this.indexes.delete(namespace);
  }

  /** The objects of a namespace ("" or undefined: cluster-scoped objects) and every Namespace object: Namespace objects first, each group in the order it was cached (a changed object last). */
  private *resources(namespace: string | undefined): IterableIterator<RecordResource> {
    yield* this.namespaces.values();
    yield* this.byNamespace.get(namespace ?? "")?.values() ?? [];
  }

  /** The index of a namespace's objects and every Namespace object, kept until one of them changes. */
  index(namespace: string | undefined): RecordIndex {
    const key = namespace ?? "";
    let index = this.indexes.get(key);
    if (index !== undefined) {
      // Most recently used last.
      this.indexes.delete(key);
      this.indexes.set(key, index);
      return index;
    }
    index = new ResourceIndex<RecordResource>();
    for (const resource of this.resources(namespace)) index.add(resource);
    this.indexes.set(key, index);
    if (this.indexes.size > this.keptIndexes) this.indexes.delete(this.indexes.keys().next().value as string);
    return index;
  }
}
