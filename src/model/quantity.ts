// Resource quantities ("500m", "1Gi", "1e3") as the API server reads them: as numbers of base
// units (cores, bytes) for arithmetic and messages, and as exact fractions for comparisons.
import { memoizeText } from "./memo.js";

const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The grammar of resource.Quantity: a signed decimal number and one optional suffix; no spaces. */
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** A quantity as an exact fraction: numerator / 10^scale. */
export interface ExactQuantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** The suffix as written ("", "m", "Mi", "e3"). */
  readonly suffix: string;
}

/** The exact value of a quantity, or undefined when the API server would reject its syntax. */
export function parseExactQuantity(value: unknown): ExactQuantity | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    // YAML numbers (`cpu: 0.5`, `memory: 1e9`) reach the API server as JSON numbers, read the same way.
    return parseQuantityText(String(value));
  }
  return typeof value === "string" ? parseQuantityText(value) : undefined;
}

/** Quantities repeat across a manifest set ("100m", "128Mi"): each text is parsed once. */
const parseQuantityText = memoizeText(readQuantityText);

function readQuantityText(text: string): ExactQuantity | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) return undefined;
  const negative = match[1] === "-";
  const [whole = "", fraction = ""] = (match[2] as string).split(".");
  const suffix = match[3] ?? "";
  let numerator = BigInt(`${whole}${fraction}` || "0");
  let denominator = 10n ** BigInt(fraction.length);
  let exponent10 = 0;
  if (suffix in BINARY_EXPONENTS) numerator *= 2n ** BigInt(BINARY_EXPONENTS[suffix] as number);
  else if (suffix in DECIMAL_EXPONENTS) exponent10 = DECIMAL_EXPONENTS[suffix] as number;
  else exponent10 = Number(suffix.slice(1));
  if (Math.abs(exponent10) > 1000) return undefined;
  if (exponent10 >= 0) numerator *= 10n ** BigInt(exponent10);
  else denominator *= 10n ** BigInt(-exponent10);
  return { numerator: negative ? -numerator : numerator, denominator, suffix };
}

/** The value of a quantity, or undefined when it is not one Kubernetes would accept. */
export function parseQuantity(value: unknown): number | undefined {
  const exact = parseExactQuantity(value);
  if (exact === undefined) return undefined;
  return toNumber(exact);
}

function toNumber(exact: ExactQuantity): number {
  // Divide in two steps so that huge numerators and denominators keep their precision.
  const whole = exact.numerator / exact.denominator;
  const remainder = exact.numerator % exact.denominator;
  return Number(whole) + Number((remainder * 1_000_000_000_000n) / exact.denominator) / 1e12;
}

/** -1, 0 or 1, exactly (no floating-point rounding): "100m" equals "0.1". */
export function compareQuantities(a: ExactQuantity, b: ExactQuantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNegative(quantity: ExactQuantity): boolean {
  return quantity.numerator < 0n;
}

/** "1.5 cores", "500m": for messages. */
export function formatCores(cores: number): string {
  return `${Number(cores.toPrecision(4))} core${cores === 1 ? "" : "s"}`;
}

/** "128 MiB", "1.5 GiB", "0.5 bytes": for messages. */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(4))} ${units[unit]}`;
}
