// RBAC objects (any version of rbac.authorization.k8s.io) read into records the evaluator uses.
import { asArray, asObject, asString, type JsonValue } from "../json.js";
import { apiGroupOf, labelsOf, metadataOf, type KubeObject } from "../object.js";
import { parseLabelSelector, type LabelSelector } from "../selectors.js";
import type { BindingRecord, PolicyRule, Provenance, RoleRecord, Subject } from "./types.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";
export const RBAC_KINDS: readonly string[] = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

export function isRbacObject(object: Pick<KubeObject, "apiVersion" | "kind">): boolean {
  return apiGroupOf(object.apiVersion) === RBAC_GROUP && RBAC_KINDS.includes(object.kind);
}

function strings(value: JsonValue | undefined): string[] {
  return asArray(value).filter((v): v is string => typeof v === "string");
}

export function readPolicyRule(value: JsonValue | undefined): PolicyRule {
  const rule = asObject(value) ?? {};
  return {
    verbs: strings(rule.verbs),
    apiGroups: strings(rule.apiGroups),
    resources: strings(rule.resources),
    resourceNames: strings(rule.resourceNames),
    nonResourceURLs: strings(rule.nonResourceURLs),
  };
}

/**
 * `aggregationRule.clusterRoleSelectors`: each entry is a label selector over ClusterRoles. An
 * empty entry (`{}`, or null, which decodes to the same empty selector) selects every ClusterRole.
 */
function readAggregation(value: JsonValue | undefined): LabelSelector[] | undefined {
  const rule = asObject(value);
  if (rule === undefined) return undefined;
  return asArray(rule.clusterRoleSelectors).map((entry) => (entry === null ? { kind: "everything" } : parseLabelSelector(entry, "everything")));
}

function readSubject(value: JsonValue, index: number): Subject | undefined {
  const subject = asObject(value);
  const kind = asString(subject?.kind);
  const name = asString(subject?.name);
  if (kind === undefined || name === undefined) return undefined;
  const namespace = asString(subject?.namespace);
  return { kind, name, namespace: namespace === "" ? undefined : namespace, index };
}

export type RbacRecord<S> = ({ readonly type: "role" } & RoleRecord<S>) | ({ readonly type: "binding" } & BindingRecord<S>);

/**
 * An RBAC object as a record; undefined for other objects and for objects without a name.
 * Namespaced kinds that name no namespace are placed in `defaultNamespace`.
 */
export function readRbacObject<S>(object: KubeObject, provenance: Provenance, source: S | undefined, defaultNamespace: string): RbacRecord<S> | undefined {
  if (!isRbacObject(object)) return undefined;
  const metadata = metadataOf(object);
  const name = asString(metadata.name);
  if (name === undefined || name === "") return undefined;
  const written = asString(metadata.namespace);
  const namespace = written === undefined || written === "" ? defaultNamespace : written;
  switch (object.kind) {
    case "Role":
    case "ClusterRole": {
      const cluster = object.kind === "ClusterRole";
      return {
        type: "role",
        kind: object.kind,
        name,
        namespace: cluster ? undefined : namespace,
        labels: labelsOf(metadata),
        rules: asArray(object.rules).map(readPolicyRule),
        aggregation: cluster ? readAggregation(object.aggregationRule) : undefined,
        provenance,
        source,
      };
    }
    case "RoleBinding":
    case "ClusterRoleBinding": {
      const roleRef = asObject(object.roleRef) ?? {};
      return {
        type: "binding",
        kind: object.kind,
        name,
        namespace: object.kind === "RoleBinding" ? namespace : undefined,
        roleRef: { kind: asString(roleRef.kind) ?? "", name: asString(roleRef.name) ?? "" },
        subjects: asArray(object.subjects).flatMap((s, i) => readSubject(s, i) ?? []),
        provenance,
        source,
      };
    }
    default:
      return undefined;
  }
}
