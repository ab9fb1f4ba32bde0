import { afterEach, describe, expect, it, vi } from "vitest";
import { todayUtc } from "../../src/engine/exemptions.js";

describe("todayUtc", () => {
  afterEach(() => vi.useRealTimers());

  it("moves to the next day at midnight UTC although it remembers the current one", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-31T23:59:59.500Z"));
    expect(todayUtc()).toBe("2026-03-31");
    expect(todayUtc()).toBe("2026-03-31");
    vi.setSystemTime(new Date("2026-04-01T00:00:00.000Z"));
    expect(todayUtc()).toBe("2026-04-01");
    // A clock set back (NTP) is followed too.
    vi.setSystemTime(new Date("2026-03-30T12:00:00.000Z"));
    expect(todayUtc()).toBe("2026-03-30");
  });

  it("formats a given date", () => {
    expect(todayUtc(new Date("2027-01-02T03:04:05Z"))).toBe("2027-01-02");
  });
});
