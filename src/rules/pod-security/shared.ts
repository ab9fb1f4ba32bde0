// What the pod-security rules share: evaluating a workload's pod at a level, and the docs text.
import { asObject, type JsonObject, type ObjectPath } from "../../model/json.js";
import {
  describePodSecurityViolations,
  evaluatePodSecurity,
  formatPodSecurityVersion,
  type PodSecurityLevel,
  type PodSecurityVersion,
  type PodSecurityViolation,
} from "../../model/pod-security/index.js";
import type { PodTemplate } from "../../model/workloads.js";
import type { JsonSchema } from "../rule.js";

export const SEED_SECTION = "2.1 Use Pod Security Policies";

export const MODERN_EQUIVALENT =
  "The seed recommends PodSecurityPolicy, which Kubernetes removed in 1.25. Its successor is Pod Security Admission, built into the API server, which enforces the Pod Security Standards: `privileged` (anything goes), `baseline` (no known privilege escalation: no host namespaces, host paths, privileged containers or added dangerous capabilities) and `restricted` (current hardening best practice: non-root, no privilege escalation, all capabilities dropped, a seccomp profile). shipshape evaluates every pod template exactly as the admission plugin does, for the policy version you choose (v1.0 to v1.37, or `latest`).";

export interface VersionOption {
  /** "latest" or "v1.N", as in the pod-security.kubernetes.io/*-version labels. */
  readonly version: string;
}

export const VERSION_OPTION_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    version: {
      type: "string",
      pattern: "^(latest|v1\\.(0|[1-9][0-9]*))$",
      description: "Pod Security Standards version to evaluate: `latest` or `v1.N`, as in the namespace's `pod-security.kubernetes.io/enforce-version` label.",
    },
  },
};

/** The pod as the evaluator wants it: {metadata, spec}. */
export function podOf(template: PodTemplate): JsonObject {
  return { metadata: template.metadata, spec: template.spec };
}

export function evaluateTemplate(template: PodTemplate, level: PodSecurityLevel, version: PodSecurityVersion): PodSecurityViolation[] {
  return evaluatePodSecurity(podOf(template), level, version);
}

/** A violation's first path, relative to the workload object. */
export function violationPath(template: PodTemplate, violation: PodSecurityViolation): ObjectPath {
  return [...template.path, ...(violation.paths[0] ?? ["spec"])];
}

export const describeViolations = describePodSecurityViolations;

export function levelAndVersion(level: PodSecurityLevel, version: PodSecurityVersion): string {
  return `"${level}:${formatPodSecurityVersion(version)}"`;
}

/** The first container a violation names, so exemptions by container can find it. */
export function containerOfViolation(pod: PodTemplate, violation: PodSecurityViolation): string | undefined {
  const path = violation.paths[0] ?? [];
  const index = path[2];
  if (path[0] !== "spec" || typeof path[1] !== "string" || !/^(initContainers|containers|ephemeralContainers)$/.test(path[1]) || typeof index !== "number") return undefined;
  const list = pod.spec[path[1]];
  const container = Array.isArray(list) ? asObject(list[index]) : undefined;
  return typeof container?.name === "string" ? container.name : undefined;
}
