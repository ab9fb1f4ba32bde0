// Kubernetes reads YAML through sigs.k8s.io/yaml, which resolves plain scalars with YAML 1.1
// rules (go-yaml v2): `yes`/`on` are booleans and `0644` is an octal integer. Parsing with the
// same rules keeps our view of a manifest identical to the API server's.
import yaml from "js-yaml";

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ..."y Y yes Yes YES true True TRUE on On ON".split(" ").map((w) => [w, true] as const),
  ..."n N no No NO false False FALSE off Off OFF".split(" ").map((w) => [w, false] as const),
]);

const yaml11Bool = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  // Every plain scalar is offered to this resolver: rule out most by length and first letter
  // before hashing the string.
  resolve: (data: string | null) => data !== null && data.length <= 5 && "yYnNtTfFoO".includes(data.charAt(0)) && BOOLEAN_WORDS.has(data),
  construct: (data: string) => BOOLEAN_WORDS.get(data) === true,
  predicate: (value: unknown) => typeof value === "boolean",
  represent: { lowercase: (value: unknown) => (value ? "true" : "false") },
  defaultStyle: "lowercase",
});

/** Go's strconv.ParseInt(text, 0, 64) after go-yaml strips underscores, as a JS number. */
export function parseGoInteger(text: string): number | undefined {
  // Most plain scalars are words: rule them out before any regular expression runs.
  const first = text.charCodeAt(0);
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d)) return undefined;
  const plain = text.includes("_") ? text.replaceAll("_", "") : text;
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (match === null) return undefined;
  const sign = match[1] === "-" ? -1 : 1;
  const digits = match[2] ?? "";
  let value: number;
  if (/^0[xX]/.test(digits)) value = Number.parseInt(digits.slice(2), 16);
  else if (/^0[bB]/.test(digits)) value = Number.parseInt(digits.slice(2), 2);
  else if (/^0[oO]/.test(digits)) value = Number.parseInt(digits.slice(2), 8);
  else if (digits.length > 1 && digits.startsWith("0")) value = Number.parseInt(digits.slice(1), 8);
  else value = Number.parseInt(digits, 10);
  return sign * value;
}

const yaml11Int = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && parseGoInteger(data) !== undefined,
  construct: (data: string) => parseGoInteger(data) ?? 0,
  predicate: (value: unknown) => typeof value === "number" && Number.isInteger(value),
  represent: { decimal: (value: unknown) => String(value) },
  defaultStyle: "decimal",
});

// js-yaml exports its built-in types at run time; its type declarations omit them.
const builtIn = (yaml as unknown as { types: Record<"null" | "float" | "merge" | "str" | "seq" | "map" | "binary" | "set" | "omap" | "pairs", yaml.Type> }).types;

/**
 * Plain scalars resolve as go-yaml v2 does: null, YAML 1.1 booleans and integers, floats.
 * Timestamps stay strings (Kubernetes fields that hold dates are strings), and `<<` merges.
 */
export const KUBERNETES_YAML_SCHEMA = new yaml.Schema({
  implicit: [builtIn.null, yaml11Bool, yaml11Int, builtIn.float, builtIn.merge],
  explicit: [builtIn.str, builtIn.seq, builtIn.map, builtIn.binary, builtIn.set, builtIn.omap, builtIn.pairs],
});
