// Label selectors, matched exactly as Kubernetes matches them.
import { asArray, asObject, asString, isObject } from "./json.js";

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/**
 * What a selector selects. `nothing`: a null selector (or a Service without one). `everything`:
 * an empty selector (`{}`). `labels`: pods whose labels meet every requirement.
 */
export type LabelSelector =
  | { readonly kind: "nothing" }
  | { readonly kind: "everything" }
  | { readonly kind: "labels"; readonly requirements: readonly Requirement[] }
  | { readonly kind: "invalid"; readonly reason: string };

const NOTHING: LabelSelector = { kind: "nothing" };
const EVERYTHING: LabelSelector = { kind: "everything" };

/**
 * A metav1.LabelSelector (Deployment, PDB, NetworkPolicy, affinity terms, spread constraints):
 * absent or null selects nothing; `{}` selects everything; otherwise matchLabels and
 * matchExpressions must all hold.
 */
export function parseLabelSelector(value: unknown, emptyMeans: "everything" | "nothing" = "everything"): LabelSelector {
  if (value === undefined || value === null) return NOTHING;
  const selector = asObject(value);
  if (selector === undefined) return { kind: "invalid", reason: "the selector is not a mapping" };
  const requirements: Requirement[] = [];
  const matchLabels = asObject(selector.matchLabels);
  for (const [key, raw] of Object.entries(matchLabels ?? {})) {
    requirements.push({ key, operator: "In", values: [labelText(raw)] });
  }
  for (const item of asArray(selector.matchExpressions)) {
    const expression = asObject(item);
    const key = asString(expression?.key);
    const operator = asString(expression?.operator);
    if (expression === undefined || key === undefined) return { kind: "invalid", reason: "a matchExpressions entry has no key" };
    if (operator !== "In" && operator !== "NotIn" && operator !== "Exists" && operator !== "DoesNotExist") {
      return { kind: "invalid", reason: `matchExpressions operator "${String(expression.operator)}" is not In, NotIn, Exists or DoesNotExist` };
    }
    const values = asArray(expression.values).map(labelText);
    if ((operator === "In" || operator === "NotIn") && values.length === 0) return { kind: "invalid", reason: `the ${operator} expression on "${key}" has no values` };
    if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) return { kind: "invalid", reason: `the ${operator} expression on "${key}" must not have values` };
    requirements.push({ key, operator, values });
  }
  if (requirements.length === 0) return emptyMeans === "everything" ? EVERYTHING : NOTHING;
  return { kind: "labels", requirements };
}

/**
 * A plain map selector (Service, ReplicationController): every pair must match. A Service with
 * no selector (absent or empty) selects no pods: its endpoints are managed by hand.
 */
export function parseSelectorMap(value: unknown): LabelSelector {
  if (!isObject(value)) return NOTHING;
  const requirements = Object.entries(value).map(([key, raw]) => ({ key, operator: "In" as const, values: [labelText(raw)] }));
  return requirements.length === 0 ? NOTHING : { kind: "labels", requirements };
}

function labelText(value: unknown): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  switch (selector.kind) {
    case "nothing":
    case "invalid":
      return false;
    case "everything":
      return true;
    case "labels":
      return selector.requirements.every((r) => requirementHolds(r, labels));
  }
}

function requirementHolds(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case "In":
      return has && requirement.values.includes(value as string);
    case "NotIn":
      return !has || !requirement.values.includes(value as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
  }
}

/** The label pairs a selector requires exactly (key=value): what an inverted index can look up. */
export function requiredPairs(selector: LabelSelector): string[] {
  if (selector.kind !== "labels") return [];
  return selector.requirements.filter((r) => r.operator === "In" && r.values.length === 1).map((r) => `${r.key}=${r.values[0]}`);
}

/** `app=web, tier in (a,b)`: for messages. */
export function describeSelector(selector: LabelSelector): string {
  switch (selector.kind) {
    case "nothing":
      return "no selector";
    case "everything":
      return "an empty selector (every pod)";
    case "invalid":
      return `an invalid selector (${selector.reason})`;
    case "labels":
      return selector.requirements
        .map((r) => {
          switch (r.operator) {
            case "In":
              return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
            case "NotIn":
              return `${r.key} notin (${r.values.join(",")})`;
            case "Exists":
              return r.key;
            case "DoesNotExist":
              return `!${r.key}`;
          }
        })
        .join(", ");
  }
}
