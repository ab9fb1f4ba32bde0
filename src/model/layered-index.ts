// An index that is another index with a few objects added and a few taken out, without copying
// it: a webhook review lays the object under review over the index of its namespace, which the
// cache keeps from one review to the next. Lookups that the change cannot affect go to the base,
// and so do derived values that read none of the changed objects (policies, budgets and their
// selectors, when the review is of a Deployment): those are computed once per namespace, not once
// per review. The answers are those of an index built from scratch with the base's objects in
// their order and then the added objects: what a review adds is the newest object.
import { namespaceKeyOf, readsResource, ResourceIndex, type DerivedKey, type IndexedResource } from "./resource-index.js";
import { selectorMatches, type LabelSelector } from "./selectors.js";

export class LayeredIndex<R extends IndexedResource> extends ResourceIndex<R> {
  private readonly removedSet: ReadonlySet<R>;
  private readonly changedKinds: ReadonlySet<string>;
  private readonly changesWorkloads: boolean;
  /** Lists that the change touches, worked out once: by kind, by "kind\0namespace", workloads by namespace. */
  private readonly kindLists = new Map<string, readonly R[]>();
  private readonly namespaceLists = new Map<string, readonly R[]>();
  private readonly workloadLists = new Map<string, readonly R[]>();

  /** `removed` are objects of `base`, left out; `added` come after the base's objects. */
  constructor(
    private readonly base: ResourceIndex<R>,
    private readonly added: readonly R[],
    private readonly removed: readonly R[],
  ) {
    super();
    this.removedSet = new Set(removed);
    const changed = [...added, ...removed];
    this.changedKinds = new Set(changed.map((r) => r.kind));
    this.changesWorkloads = changed.some((r) => r.workload !== undefined);
  }

  override derive<T>(key: DerivedKey<T>, compute: (index: ResourceIndex<R>) => T): T {
    const reads = key.reads;
    if (reads === undefined || this.added.some((r) => readsResource(reads, r)) || this.removed.some((r) => readsResource(reads, r))) return super.derive(key, compute);
    this.checkNested(key);
    return this.base.derive(key, compute);
  }

  override add(): void {
    throw new Error("a layered index is read-only");
  }

  override get size(): number {
    return this.base.size + this.added.length - this.removed.length;
  }

  override ofKind(kind: string): readonly R[] {
    this.checkRead(kind);
    if (!this.changedKinds.has(kind)) return this.base.ofKind(kind);
    let list = this.kindLists.get(kind);
    if (list === undefined) this.kindLists.set(kind, (list = this.merged((r) => r.kind === kind, this.base.ofKind(kind))));
    return list;
  }

  override all(): readonly R[] {
    this.checkRead(undefined);
    if (this.everything === undefined) {
      const out: R[] = [];
      for (const kind of this.kinds()) for (const resource of this.ofKind(kind)) out.push(resource);
      this.everything = out;
    }
    return this.everything;
  }

  override *kinds(): IterableIterator<string> {
    const seen = new Set<string>();
    for (const kind of this.base.kinds()) {
      // A kind whose every object of the base is left out comes in with the added objects, if at all.
      if (this.changedKinds.has(kind) && this.base.ofKind(kind).every((r) => this.removedSet.has(r))) continue;
      seen.add(kind);
      yield kind;
    }
    for (const { kind } of this.added) {
      if (seen.has(kind)) continue;
      seen.add(kind);
      yield kind;
    }
  }

  override namespace(name: string): R | undefined {
    this.checkRead("Namespace");
    if (!this.changedKinds.has("Namespace")) return this.base.namespace(name);
    let last: R | undefined;
    for (const resource of this.ofKind("Namespace")) if (resource.apiVersion === "v1" && resource.name === name) last = resource;
    return last;
  }

  override namespacesInUse(): string[] {
    this.checkRead(undefined);
    const namespaces = new Set(this.base.namespacesInUse());
    // Only the namespaces of changed objects can come or go.
    for (const resource of [...this.added, ...this.removed]) {
      const namespace = namespaceKeyOf(resource);
      if (namespace === undefined) continue;
      if (this.countIn(namespace) > 0) namespaces.add(namespace);
      else namespaces.delete(namespace);
    }
    return [...namespaces].sort();
  }

  override countIn(namespace: string): number {
    const inNamespace = (r: R): boolean => namespaceKeyOf(r) === namespace;
    return this.base.countIn(namespace) + this.added.filter(inNamespace).length - this.removed.filter(inNamespace).length;
  }

  override inNamespace(kind: string, namespace: string): readonly R[] {
    this.checkRead(kind);
    if (!this.changedKinds.has(kind)) return this.base.inNamespace(kind, namespace);
    const key = `${kind}\u0000${namespace}`;
    let list = this.namespaceLists.get(key);
    if (list === undefined) this.namespaceLists.set(key, (list = this.merged((r) => r.kind === kind && namespaceKeyOf(r) === namespace, this.base.inNamespace(kind, namespace))));
    return list;
  }

  override workloadsIn(namespace: string): readonly R[] {
    this.checkWorkloadsRead();
    if (!this.changesWorkloads) return this.base.workloadsIn(namespace);
    let list = this.workloadLists.get(namespace);
    if (list === undefined) this.workloadLists.set(namespace, (list = this.merged((r) => r.workload !== undefined && namespaceKeyOf(r) === namespace, this.base.workloadsIn(namespace))));
    return list;
  }

  override workloadsSelectedBy(namespace: string, selector: LabelSelector): R[] {
    this.checkWorkloadsRead();
    if (!this.changesWorkloads) return this.base.workloadsSelectedBy(namespace, selector);
    if (selector.kind === "nothing" || selector.kind === "invalid") return [];
    const selects = (r: R): boolean => r.workload !== undefined && namespaceKeyOf(r) === namespace && selectorMatches(selector, r.workload.podLabels);
    return this.merged(selects, this.base.workloadsSelectedBy(namespace, selector));
  }

  /** The base's `list` without the removed objects, then the added objects `included` takes. */
  private merged(included: (resource: R) => boolean, list: readonly R[]): R[] {
    const out: R[] = [];
    for (const resource of list) if (!this.removedSet.has(resource)) out.push(resource);
    for (const resource of this.added) if (included(resource)) out.push(resource);
    return out;
  }
}
