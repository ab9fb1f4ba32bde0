// Every object of a run, looked up by kind, namespace and pod labels, for rules that judge
// several objects together. Lookups stay close to linear in the number of objects: pods are
// found through an inverted index of their labels, not by trying every selector on every pod.
import { isClusterScoped, type KubeObject } from "./object.js";
import { requiredPairs, selectorMatches, type LabelSelector } from "./selectors.js";
import type { WorkloadSummary } from "./workload-summary.js";

/**
 * An object as the index holds it: its identity and labels at hand, a summary for workloads,
 * and the whole object on demand (a run may parse it again only when a rule asks for it).
 */
export interface IndexedResource {
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  /** The effective namespace (undefined for cluster-scoped kinds and when unset). */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** Present for objects that run pods. */
  readonly workload: WorkloadSummary | undefined;
  /** The file the object was read from, when it was read from one. */
  readonly file: string | undefined;
  readonly object: KubeObject;
}

interface NamespaceEntry<R> {
  readonly byKind: Map<string, R[]>;
  readonly workloads: R[];
  /** "key=value" of pod template labels → workloads whose pods carry it. */
  readonly byPodLabel: Map<string, R[]>;
}

/**
 * The namespace an object is grouped under: its own, or "" when a namespaced object names none
 * (such objects are usually applied together, into one namespace chosen at apply time);
 * undefined for cluster-scoped kinds.
 */
export function namespaceKeyOf(resource: Pick<IndexedResource, "kind" | "namespace">): string | undefined {
  if (isClusterScoped(resource.kind)) return undefined;
  return resource.namespace ?? "";
}

/**
 * What a derived value is computed from: objects of some kinds, and the objects that run pods
 * (what `workloadsIn` and `workloadsSelectedBy` answer from). A layered index (a webhook review
 * laid over its namespace) reuses its base's value when the objects it changes are none of these.
 */
export interface IndexReads {
  readonly kinds?: readonly string[];
  readonly workloads?: boolean;
}

/** Names a value derived from an index (see ResourceIndex.derive); one per kind of value. */
export interface DerivedKey<T> {
  readonly description: string;
  /** What the value is computed from; undefined: anything in the index. Enforced while it is computed. */
  readonly reads: IndexReads | undefined;
  /** Only carries the type. */
  readonly type?: T;
}

/** A key for a derived value; with `reads`, computing it may read only what `reads` names. */
export function derivedKey<T>(description: string, reads?: IndexReads): DerivedKey<T> {
  return { description, reads };
}

/** Whether a value computed from `reads` depends on this object. */
export function readsResource(reads: IndexReads, resource: Pick<IndexedResource, "kind" | "workload">): boolean {
  return (reads.kinds?.includes(resource.kind) ?? false) || (reads.workloads === true && resource.workload !== undefined);
}

function readsWithin(inner: IndexReads, outer: IndexReads): boolean {
  return (inner.workloads !== true || outer.workloads === true) && (inner.kinds ?? []).every((kind) => outer.kinds?.includes(kind) === true);
}

export class ResourceIndex<R extends IndexedResource = IndexedResource> {
  /**
   * Values rules derive from the whole index (the run's budgets, policies, RBAC policy), kept by
   * the index itself rather than in module-level WeakMaps: they die with the run or admission
   * review that made them, young, instead of being kept alive by weak tables until a full GC.
   */
  private readonly derived = new Map<DerivedKey<unknown>, unknown>();
  private readonly byKind = new Map<string, R[]>();
  private readonly byNamespace = new Map<string, NamespaceEntry<R>>();
  private readonly namespaces = new Map<string, R>();
  private count = 0;
  /** What `all` answers, once asked (several rules go over every object). */
  protected everything: R[] | undefined;
  /** The derived value being computed, when it declares what it reads: reads outside that fail. */
  private reading: DerivedKey<unknown> | undefined;

  /** The value `key` names, computed by `compute` the first time it is asked for. */
  derive<T>(key: DerivedKey<T>, compute: (index: ResourceIndex<R>) => T): T {
    this.checkNested(key);
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const outer = this.reading;
    this.reading = key.reads !== undefined ? key : outer;
    try {
      const value = compute(this);
      this.derived.set(key, value);
      return value;
    } finally {
      this.reading = outer;
    }
  }

  /** A derived value computed from another reads at least what that one reads. */
  protected checkNested(key: DerivedKey<unknown>): void {
    const outer = this.reading;
    if (outer?.reads === undefined) return;
    if (key.reads === undefined || !readsWithin(key.reads, outer.reads)) throw new Error(`the derived value "${outer.description}" uses "${key.description}", which reads more than it declares`);
  }

  /** Fails a read of `kind` objects (undefined: any object) that the derived value being computed does not declare. */
  protected checkRead(kind: string | undefined): void {
    const reads = this.reading?.reads;
    if (reads === undefined) return;
    if (kind !== undefined && reads.kinds?.includes(kind) === true) return;
    throw new Error(`the derived value "${this.reading?.description ?? ""}" reads ${kind !== undefined ? `${kind} objects` : "every object"}, which it does not declare`);
  }

  /** Fails a read of workloads that the derived value being computed does not declare. */
  protected checkWorkloadsRead(): void {
    const reads = this.reading?.reads;
    if (reads !== undefined && reads.workloads !== true) throw new Error(`the derived value "${this.reading?.description ?? ""}" reads workloads, which it does not declare`);
  }

  add(resource: R): void {
    if (this.derived.size > 0) throw new Error("an object was added to an index after values were derived from it");
    this.everything = undefined;
    let list = this.byKind.get(resource.kind);
    if (list === undefined) this.byKind.set(resource.kind, (list = []));
    list.push(resource);
    this.count += 1;
    if (resource.kind === "Namespace" && resource.apiVersion === "v1" && resource.name !== undefined) this.namespaces.set(resource.name, resource);
    const namespace = namespaceKeyOf(resource);
    if (namespace === undefined) return;
    let entry = this.byNamespace.get(namespace);
    if (entry === undefined) this.byNamespace.set(namespace, (entry = { byKind: new Map(), workloads: [], byPodLabel: new Map() }));
    let kindList = entry.byKind.get(resource.kind);
    if (kindList === undefined) entry.byKind.set(resource.kind, (kindList = []));
    kindList.push(resource);
    if (resource.workload !== undefined) {
      entry.workloads.push(resource);
      for (const [key, value] of Object.entries(resource.workload.podLabels)) {
        const pair = `${key}=${value}`;
        let holders = entry.byPodLabel.get(pair);
        if (holders === undefined) entry.byPodLabel.set(pair, (holders = []));
        holders.push(resource);
      }
    }
  }

  get size(): number {
    return this.count;
  }

  ofKind(kind: string): readonly R[] {
    this.checkRead(kind);
    return this.byKind.get(kind) ?? [];
  }

  /** Every object: kind by kind, each kind in the order its first object was added. */
  all(): readonly R[] {
    this.checkRead(undefined);
    if (this.everything === undefined) {
      const out: R[] = [];
      for (const list of this.byKind.values()) for (const resource of list) out.push(resource);
      this.everything = out;
    }
    return this.everything;
  }

  /** The kinds of the index in the order `all` goes through them. */
  kinds(): IterableIterator<string> {
    return this.byKind.keys();
  }

  /** The Namespace object of that name, when the run has it (the last added, if several). */
  namespace(name: string): R | undefined {
    this.checkRead("Namespace");
    return this.namespaces.get(name);
  }

  /** Every namespace some object of the run lives in ("" for objects that name none). */
  namespacesInUse(): string[] {
    this.checkRead(undefined);
    return [...this.byNamespace.keys()].sort();
  }

  /** How many objects a namespace holds. */
  countIn(namespace: string): number {
    let count = 0;
    for (const list of this.byNamespace.get(namespace)?.byKind.values() ?? []) count += list.length;
    return count;
  }

  /** Resources of a kind in a namespace. */
  inNamespace(kind: string, namespace: string): readonly R[] {
    this.checkRead(kind);
    return this.byNamespace.get(namespace)?.byKind.get(kind) ?? [];
  }

  /** Objects of a namespace that run pods. */
  workloadsIn(namespace: string): readonly R[] {
    this.checkWorkloadsRead();
    return this.byNamespace.get(namespace)?.workloads ?? [];
  }

  /** Workloads of a namespace whose pod template labels a selector matches (in input order). */
  workloadsSelectedBy(namespace: string, selector: LabelSelector): R[] {
    this.checkWorkloadsRead();
    const entry = this.byNamespace.get(namespace);
    if (entry === undefined || selector.kind === "nothing" || selector.kind === "invalid") return [];
    const candidates = this.candidates(entry, selector);
    return candidates.filter((r) => r.workload !== undefined && selectorMatches(selector, r.workload.podLabels));
  }

  /**
   * Workloads that may match: those holding the rarest exact label the selector requires, or
   * the union over the values of an `In` of a few values; every workload of the namespace only
   * when the selector names no label to look up.
   */
  private candidates(entry: NamespaceEntry<R>, selector: LabelSelector): readonly R[] {
    let best: readonly R[] = entry.workloads;
    for (const pair of requiredPairs(selector)) {
      const holders = entry.byPodLabel.get(pair) ?? [];
      if (holders.length < best.length) best = holders;
      if (best.length === 0) return best;
    }
    if (selector.kind !== "labels") return best;
    for (const requirement of selector.requirements) {
      if (requirement.operator !== "In" || requirement.values.length < 2 || requirement.values.length > 16) continue;
      const union = new Set<R>();
      for (const value of requirement.values) for (const holder of entry.byPodLabel.get(`${requirement.key}=${value}`) ?? []) union.add(holder);
      if (union.size < best.length) best = entry.workloads.filter((w) => union.has(w));
    }
    return best;
  }
}
