import { describe, expect, it } from "vitest";
import { derivedKey, ResourceIndex } from "../../src/model/resource-index.js";

describe("ResourceIndex.derive", () => {
  it("computes a derived value once per index and separately for another index", () => {
    const key = derivedKey<{ n: number }>("test value");
    let computed = 0;
    const compute = () => ({ n: ++computed });
    const first = new ResourceIndex();
    const a = first.derive(key, compute);
    expect(first.derive(key, compute)).toBe(a);
    const second = new ResourceIndex();
    expect(second.derive(key, compute)).not.toBe(a);
    expect(computed).toBe(2);
  });

  it("remembers an undefined value too", () => {
    const key = derivedKey<undefined>("nothing");
    let computed = 0;
    const index = new ResourceIndex();
    index.derive(key, () => void computed++);
    index.derive(key, () => void computed++);
    expect(computed).toBe(1);
  });
});
