// Label syntax and selectors, as the API server validates and evaluates them.
import { memoizeText } from "./memo.js";

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key (a qualified name) is invalid, or undefined when it is valid. */
export const labelKeyProblem: (key: string) => string | undefined = memoizeText(readLabelKey);

function readLabelKey(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    if (prefix.length === 0) return "the prefix before '/' is empty";
    if (prefix.length > 253) return "the prefix is longer than 253 characters";
    if (!DNS_SUBDOMAIN.test(prefix)) return "the prefix must be a lowercase DNS subdomain (letters, digits, '-' and '.')";
  }
  if (name.length === 0) return "the name part is empty";
  if (name.length > 63) return "the name part is longer than 63 characters";
  if (!NAME.test(name)) return "the name part must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'";
  return undefined;
}

/** Why a label value is invalid, or undefined when it is valid. */
export const labelValueProblem: (value: string) => string | undefined = memoizeText(readLabelValue);

function readLabelValue(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return "it is longer than 63 characters";
  if (!NAME.test(value)) return "it must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'";
  return undefined;
}

/**
 * Labels the API server writes itself: on every Namespace its name, and on Jobs the labels
 * that tie them to their pods. Rules that point at "the labels you wrote" ignore them, so
 * that a manifest and the object the server stored from it are judged alike.
 */
const SERVER_SET_LABELS = new Set(["kubernetes.io/metadata.name", "controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"]);

/** Whether labels hold any key a person wrote (not one the API server adds). */
export function hasWrittenLabels(labels: Readonly<Record<string, unknown>> | undefined): boolean {
  return labels !== undefined && Object.keys(labels).some((key) => !SERVER_SET_LABELS.has(key));
}
