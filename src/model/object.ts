// What every Kubernetes object has in common: type, identity, labels.
import { asObject, asString, isObject, type JsonObject } from "./json.js";

/** A document that names its type: the only thing the engine accepts as a resource. */
export interface KubeObject extends JsonObject {
  apiVersion: string;
  kind: string;
}

export function isKubeObject(value: unknown): value is KubeObject {
  return isObject(value) && typeof value.apiVersion === "string" && typeof value.kind === "string";
}

/** The API group of an apiVersion: "" for the core group ("v1"), "apps" for "apps/v1". */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** The ownerReference of an object's controller (Kubernetes allows at most one), if it has one. */
export function controllerOf(object: JsonObject): JsonObject | undefined {
  const owners = metadataOf(object).ownerReferences;
  if (!Array.isArray(owners)) return undefined;
  for (const owner of owners) {
    const reference = asObject(owner);
    if (reference?.controller === true) return reference;
  }
  return undefined;
}

export function metadataOf(object: JsonObject): JsonObject {
  return asObject(object.metadata) ?? {};
}

export function nameOf(object: JsonObject): string | undefined {
  const metadata = metadataOf(object);
  return asString(metadata.name) ?? asString(metadata.generateName);
}

/** String labels of an object's metadata (or of any metadata block). */
export function labelsOf(metadata: JsonObject | undefined): Record<string, string> {
  const labels = asObject(metadata?.labels);
  const out: Record<string, string> = {};
  if (labels === undefined) return out;
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value === "string") out[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") out[key] = String(value);
  }
  return out;
}

export function annotationsOf(metadata: JsonObject | undefined): Record<string, string> {
  const annotations = asObject(metadata?.annotations);
  const out: Record<string, string> = {};
  if (annotations === undefined) return out;
  for (const [key, value] of Object.entries(annotations)) if (typeof value === "string") out[key] = value;
  return out;
}

/**
 * Kinds of the built-in API that are cluster-scoped. Everything else is treated as namespaced
 * unless the configuration says otherwise.
 */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "FlowSchema",
  "RuntimeClass",
  "PodSecurityPolicy",
  "IngressClass",
  "CertificateSigningRequest",
  "ClusterTrustBundle",
  "ComponentStatus",
  "DeviceClass",
  "ResourceSlice",
  "VolumeAttributesClass",
  "IPAddress",
  "ServiceCIDR",
  "StorageVersion",
  "StorageVersionMigration",
  "SelfSubjectReview",
  "TokenReview",
  "SelfSubjectAccessReview",
  "SelfSubjectRulesReview",
  "SubjectAccessReview",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The namespace an object lives in: its own, or none for cluster-scoped kinds. */
export function effectiveNamespace(object: KubeObject): string | undefined {
  if (isClusterScoped(object.kind)) return undefined;
  const namespace = asString(metadataOf(object).namespace);
  return namespace === "" ? undefined : namespace;
}

/** kind/name or kind/namespace/name, for messages. */
export function describeObject(object: KubeObject): string {
  const name = nameOf(object) ?? "(unnamed)";
  const namespace = effectiveNamespace(object);
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind} ${namespace}/${name}`;
}

/** `Deployment "web"`, for messages; `unnamed` stands in for a missing name. */
export function kindAndName(resource: { readonly kind: string; readonly name?: string | undefined }, unnamed = ""): string {
  return `${resource.kind} "${resource.name ?? unnamed}"`;
}

/** `app=web, tier=front`, for messages; `empty` when there are no labels. */
export function formatLabelPairs(labels: Readonly<Record<string, string>>, empty: string): string {
  const pairs = Object.entries(labels);
  return pairs.length === 0 ? empty : pairs.map(([key, value]) => `${key}=${value}`).join(", ");
}
