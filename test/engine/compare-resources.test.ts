import { describe, expect, it } from "vitest";
import { compareResources, type ResourceRef } from "../../src/engine/findings.js";

/** The order compareResources must keep: the keys "kind/namespace/name" as strings. */
function byKey(a: ResourceRef | undefined, b: ResourceRef | undefined): number {
  const key = (r: ResourceRef | undefined) => (r === undefined ? "" : `${r.kind}/${r.namespace ?? ""}/${r.name ?? ""}`);
  const ka = key(a);
  const kb = key(b);
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

describe("compareResources", () => {
  it("orders resources exactly as their keys would, on names with the characters that sort around '/'", () => {
    // A small deterministic generator; the alphabet holds "-" and "." (below "/"), "/" itself, digits and letters.
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = ["a", "b", "-", ".", "/", "0", "A"];
    const text = (max: number) => Array.from({ length: Math.floor(next() * max) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    const ref = (): ResourceRef | undefined => {
      if (next() < 0.05) return undefined;
      const namespace = next() < 0.2 ? undefined : text(4);
      const name = next() < 0.1 ? undefined : text(4);
      return { apiVersion: "v1", kind: next() < 0.5 ? "Pod" : text(4), ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) };
    };
    for (let i = 0; i < 20_000; i++) {
      const a = ref();
      const b = next() < 0.1 ? a : ref();
      expect(Math.sign(compareResources(a, b)), JSON.stringify([a, b])).toBe(byKey(a, b));
    }
  });

  it("puts a namespace before a longer one that continues with '-' as the keys do", () => {
    const a: ResourceRef = { apiVersion: "v1", kind: "Pod", namespace: "a", name: "x" };
    const b: ResourceRef = { apiVersion: "v1", kind: "Pod", namespace: "a-b", name: "x" };
    // "Pod/a-b/x" < "Pod/a/x" because "-" sorts before "/".
    expect(compareResources(b, a)).toBeLessThan(0);
  });
});
