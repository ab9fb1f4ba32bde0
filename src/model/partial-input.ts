// Lint often sees part of an application: one file, one folder. A rule that would say "this
// selects nothing" must only say so where the objects it would select could have been given.
import { derivedKey, namespaceKeyOf, type IndexedResource, type ResourceIndex } from "./resource-index.js";

/** The folder of a file path as reports name it ("deploy/web.yaml" → "deploy"). */
export function folderOf(file: string | undefined): string {
  if (file === undefined) return "";
  const slash = file.lastIndexOf("/");
  return slash === -1 ? "." : file.slice(0, slash);
}

/**
 * True when the run includes workloads of the resource's namespace from the resource's own
 * folder: the application's pods are part of the input, so a selector that matches none of
 * them is a real mistake rather than a missing file.
 */
export function podsAreInInput<R extends IndexedResource>(index: ResourceIndex<R>, resource: IndexedResource): boolean {
  const namespace = namespaceKeyOf(resource);
  if (namespace === undefined) return false;
  const folder = folderOf(resource.file);
  // Asked once per Service, budget or policy: answered once per namespace and folder.
  const known = index.derive(ANSWERS, () => new Map<string, boolean>());
  const key = `${namespace}\u0000${folder}`;
  let answer = known.get(key);
  if (answer === undefined) known.set(key, (answer = index.workloadsIn(namespace).some((w) => folderOf(w.file) === folder)));
  return answer;
}

// Filled as questions come, from the index asking: a layered index shares its base's answers only
// when its workloads are the base's (the key declares it reads workloads).
const ANSWERS = derivedKey<Map<string, boolean>>("pods in the input, by namespace and folder", { workloads: true });
