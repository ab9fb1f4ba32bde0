import { describe, expect, it } from "vitest";
import { compareQuantities, formatBytes, formatCores, isNegative, parseExactQuantity, parseQuantity, type ExactQuantity } from "../../src/model/quantity.js";

function exact(value: unknown): ExactQuantity {
  const q = parseExactQuantity(value);
  if (q === undefined) throw new Error(`${String(value)} did not parse`);
  return q;
}

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["2", 2],
    [2, 2],
    [0.5, 0.5],
    ["0.1", 0.1],
    [".5", 0.5],
    ["1.", 1],
    ["+1", 1],
    ["100n", 1e-7],
    ["250u", 2.5e-4],
    ["1k", 1000],
    ["1M", 1e6],
    ["1G", 1e9],
    ["1Ki", 1024],
    ["128Mi", 128 * 2 ** 20],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1Ti", 2 ** 40],
    ["1e3", 1000],
    ["1E3", 1000],
    ["5e-3", 0.005],
    [1e9, 1e9],
  ])("reads %j as %d", (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(["1Gii", "two", "", " 1Gi", "1Gi ", "128 Mi", "1K", "1mi", "1GB", "1KiB", "1.2.3", "e3", "1e", "--1", "0x10", true, null, {}, [], Number.NaN, Number.POSITIVE_INFINITY])("refuses %j", (value) => {
    expect(parseQuantity(value)).toBeUndefined();
  });

  it("keeps signs so negatives can be reported", () => {
    expect(parseQuantity("-1")).toBe(-1);
    expect(isNegative(exact("-100m"))).toBe(true);
    expect(isNegative(exact("0"))).toBe(false);
  });
});

describe("compareQuantities", () => {
  it("compares exactly, without floating-point error", () => {
    expect(compareQuantities(exact("100m"), exact("0.1"))).toBe(0);
    expect(compareQuantities(exact("300m"), exact(0.3))).toBe(0);
    expect(compareQuantities(exact("1Gi"), exact("1G"))).toBe(1);
    expect(compareQuantities(exact("1000Mi"), exact("1Gi"))).toBe(-1);
    expect(compareQuantities(exact("1024Mi"), exact("1Gi"))).toBe(0);
    expect(compareQuantities(exact("1e3"), exact("1k"))).toBe(0);
    expect(compareQuantities(exact("999999999n"), exact("1"))).toBe(-1);
    expect(compareQuantities(exact("1Ei"), exact("1E"))).toBe(1);
  });

  it("tells a whole number of bytes from a fraction", () => {
    const milli = exact("500m");
    expect(milli.numerator % milli.denominator).not.toBe(0n);
    const mebi = exact("0.5Mi");
    expect(mebi.numerator % mebi.denominator).toBe(0n);
  });
});

describe("formatting", () => {
  it("formats cores and bytes for messages", () => {
    expect(formatCores(1)).toBe("1 core");
    expect(formatCores(1.5)).toBe("1.5 cores");
    expect(formatBytes(0.5)).toBe("0.5 bytes");
    expect(formatBytes(128 * 2 ** 20)).toBe("128 MiB");
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1.5 GiB");
  });
});
