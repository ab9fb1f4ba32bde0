// Every object of a run, looked up by kind and namespace, for rules that judge several together.
import type { KubeObject } from "./object.js";

/**
 * An object as the index holds it: its identity and labels at hand, the whole object on
 * demand (a run may parse it again only when a rule asks for it).
 */
export interface IndexedResource {
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  /** The effective namespace (undefined for cluster-scoped kinds and when unset). */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly object: KubeObject;
}

export class ResourceIndex<R extends IndexedResource = IndexedResource> {
  private readonly byKind = new Map<string, R[]>();
  private readonly namespaces = new Map<string, R>();
  private count = 0;

  add(resource: R): void {
    let list = this.byKind.get(resource.kind);
    if (list === undefined) this.byKind.set(resource.kind, (list = []));
    list.push(resource);
    this.count += 1;
    if (resource.kind === "Namespace" && resource.apiVersion === "v1" && resource.name !== undefined) this.namespaces.set(resource.name, resource);
  }

  get size(): number {
    return this.count;
  }

  ofKind(kind: string): readonly R[] {
    return this.byKind.get(kind) ?? [];
  }

  *all(): IterableIterator<R> {
    for (const list of this.byKind.values()) yield* list;
  }

  /** The Namespace object of that name, when the run has it. */
  namespace(name: string): R | undefined {
    return this.namespaces.get(name);
  }

  /** Resources of a kind in a namespace. */
  inNamespace(kind: string, namespace: string): R[] {
    return this.ofKind(kind).filter((r) => r.namespace === namespace);
  }
}
