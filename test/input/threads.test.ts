import { describe, expect, it } from "vitest";
import { automaticThreads } from "../../src/input/run-lint.js";

describe("automatic worker threads", () => {
  it("stay off for small inputs and on two cores, and leave one core to the main thread", () => {
    expect(automaticThreads(100_000, 16)).toBe(0);
    expect(automaticThreads(50_000_000, 2)).toBe(0);
    expect(automaticThreads(50_000_000, 4)).toBe(3);
    expect(automaticThreads(50_000_000, 64)).toBe(8);
  });
});
