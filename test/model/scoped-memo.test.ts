import { describe, expect, it } from "vitest";
import { inMemoScope, ScopedMemo } from "../../src/model/scoped-memo.js";

describe("scoped memo", () => {
  const counted = () => {
    let calls = 0;
    return { compute: (key: { id: number }) => ((calls += 1), key.id * 10), calls: () => calls };
  };

  it("computes once per key inside a scope, and nested scopes share the outer one's tables", () => {
    const memo = new ScopedMemo<{ id: number }, number>();
    const { compute, calls } = counted();
    const a = { id: 1 };
    const b = { id: 2 };
    inMemoScope(() => {
      expect(memo.get(a, compute)).toBe(10);
      expect(memo.get(a, compute)).toBe(10);
      inMemoScope(() => expect(memo.get(a, compute)).toBe(10));
      expect(memo.get(b, compute)).toBe(20);
    });
    expect(calls()).toBe(2);
  });

  it("keeps nothing outside a scope, and nothing after its scope ends", () => {
    const memo = new ScopedMemo<{ id: number }, number>();
    const { compute, calls } = counted();
    const a = { id: 3 };
    expect(memo.get(a, compute)).toBe(30);
    expect(memo.get(a, compute)).toBe(30);
    expect(calls()).toBe(2);
    memo.set(a, 99);
    expect(memo.peek(a)).toBeUndefined();
    inMemoScope(() => memo.set(a, 99));
    inMemoScope(() => expect(memo.peek(a)).toBeUndefined());
  });

  it("ends the scope when the check throws", () => {
    const memo = new ScopedMemo<{ id: number }, number>();
    const a = { id: 4 };
    expect(() =>
      inMemoScope(() => {
        memo.set(a, 1);
        throw new Error("rule failed");
      }),
    ).toThrow("rule failed");
    expect(memo.peek(a)).toBeUndefined();
  });

  it("keeps separate tables for separate memos", () => {
    const first = new ScopedMemo<object, string>();
    const second = new ScopedMemo<object, string>();
    const key = {};
    inMemoScope(() => {
      first.set(key, "first");
      expect(second.peek(key)).toBeUndefined();
      expect(first.peek(key)).toBe("first");
    });
  });
});
