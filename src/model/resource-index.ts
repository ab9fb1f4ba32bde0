// Every object of a run, looked up by kind and namespace, for rules that judge several together.
import { effectiveNamespace, nameOf, type KubeObject } from "./object.js";

export class ResourceIndex<R extends { readonly object: KubeObject }> {
  private readonly byKind = new Map<string, R[]>();
  private readonly namespaces = new Map<string, R>();
  private count = 0;

  add(resource: R): void {
    const { kind } = resource.object;
    let list = this.byKind.get(kind);
    if (list === undefined) this.byKind.set(kind, (list = []));
    list.push(resource);
    this.count += 1;
    if (kind === "Namespace" && resource.object.apiVersion === "v1") {
      const name = nameOf(resource.object);
      if (name !== undefined) this.namespaces.set(name, resource);
    }
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
    return this.ofKind(kind).filter((r) => effectiveNamespace(r.object) === namespace);
  }
}
