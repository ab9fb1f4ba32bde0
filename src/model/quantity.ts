// Resource quantities ("500m", "1Gi", "1e3") as numbers of base units (cores, bytes).

const SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** The value of a quantity, or undefined when it is not one Kubernetes would accept. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = QUANTITY.exec(value.trim());
  if (match === null) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? "";
  if (suffix.startsWith("e") || suffix.startsWith("E")) return number * 10 ** Number(suffix.slice(1));
  const factor = SUFFIXES[suffix];
  return factor === undefined ? undefined : number * factor;
}

/** "1.5 cores", "128 MiB": for messages. */
export function formatCores(cores: number): string {
  return `${Number(cores.toPrecision(4))} core${cores === 1 ? "" : "s"}`;
}
