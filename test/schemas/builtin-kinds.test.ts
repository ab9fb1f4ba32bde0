// Every bundled version, every kind it serves: a minimal valid object (built from the schema's
// required fields) passes its validator, and the same object with one field of the wrong type
// fails. Also: the bundle serves the kinds users write most, in the versions that have them.
import { describe, expect, it } from "vitest";
import { isObject, type JsonObject, type JsonValue } from "../../src/model/json.js";
import { builtinValidator, versionTables } from "../../src/schemas/builtin.js";
import { BUNDLED_SCHEMA_VERSIONS } from "../../src/schemas/versions.generated.js";

function minimal(schema: JsonObject | undefined, definitions: ReadonlyMap<string, JsonObject>, depth = 0): JsonValue {
  if (schema === undefined || depth > 40) return {};
  if (typeof schema.$ref === "string") return minimal(definitions.get(schema.$ref), definitions, depth + 1);
  if (Array.isArray(schema.oneOf)) return schema.oneOf.some((b) => isObject(b) && b.type === "number") ? "1" : 1;
  if (schema["x-kubernetes-int-or-string"] === true) return 1;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  switch (schema.type) {
    case "string":
      return schema.format === "date-time" ? "2024-01-01T00:00:00Z" : schema.format === "byte" ? "eA==" : "x";
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
  }
  const out: Record<string, JsonValue> = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    const property = properties[String(name)];
    out[String(name)] = minimal(isObject(property) ? property : undefined, definitions, depth + 1);
  }
  return out;
}

/** The path of a string, number or boolean leaf to break, other than the object's identity. */
function primitiveLeaf(value: JsonValue, path: string[] = []): string[] | undefined {
  if (!isObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (path.length === 0 && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
    if (typeof child === "string" || typeof child === "number" || typeof child === "boolean") return [...path, key];
    const deeper = primitiveLeaf(child, [...path, key]);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

function withWrongType(object: JsonObject): { broken: JsonObject; where: string } {
  const copy = structuredClone(object) as JsonObject;
  const leaf = primitiveLeaf(copy) ?? (isObject(copy.metadata) && copy.metadata.name !== undefined ? ["metadata", "name"] : ["kind"]);
  let parent: JsonObject = copy;
  for (const key of leaf.slice(0, -1)) parent = parent[key] as JsonObject;
  const last = leaf[leaf.length - 1] as string;
  parent[last] = typeof parent[last] === "string" ? 42 : ["not", "a", "scalar"];
  return { broken: copy, where: leaf.join(".") };
}

describe.each(BUNDLED_SCHEMA_VERSIONS.map((v) => [v]))("Kubernetes %s schemas", (version) => {
  const { kinds, definitions } = versionTables(version);

  it("serves a validator for every kind it lists, and a minimal object of each passes while a wrong type fails", () => {
    expect(kinds.size).toBeGreaterThan(150);
    const failures: string[] = [];
    for (const [gvk, name] of kinds) {
      const [group = "", groupVersion = "", kind = ""] = gvk.split("/");
      const apiVersion = group === "" ? groupVersion : `${group}/${groupVersion}`;
      const validate = builtinValidator(version, apiVersion, kind);
      if (validate === undefined) {
        failures.push(`${gvk}: no validator`);
        continue;
      }
      // Objects carry ObjectMeta (a name); lists carry ListMeta; discovery documents carry none.
      const definition = definitions.get(name);
      const metaRef = isObject(definition?.properties) && isObject(definition.properties.metadata) ? definition.properties.metadata.$ref : undefined;
      const metadata = metaRef === undefined ? {} : String(metaRef).endsWith(".ObjectMeta") ? { metadata: { name: "example" } } : { metadata: {} };
      const object: JsonObject = { ...(minimal(definition, definitions) as JsonObject), apiVersion, kind, ...(metadata as JsonObject) };
      if (!validate(object)) failures.push(`${gvk}: minimal object refused: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
      const { broken, where } = withWrongType(object);
      if (validate(broken)) failures.push(`${gvk}: wrong type at ${where} accepted`);
    }
    expect(failures).toEqual([]);
  });

  it("has the kinds users write most", () => {
    const minor = Number(version.split(".")[1]);
    const expected = [
      "/v1/Pod", "/v1/Service", "/v1/ConfigMap", "/v1/Secret", "/v1/Namespace", "/v1/ServiceAccount", "/v1/PersistentVolumeClaim", "/v1/PersistentVolume",
      "/v1/LimitRange", "/v1/ResourceQuota", "/v1/ReplicationController", "/v1/PodTemplate",
      "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job", "batch/v1/CronJob",
      "autoscaling/v2/HorizontalPodAutoscaler", "autoscaling/v1/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget",
      "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/IngressClass", "networking.k8s.io/v1/NetworkPolicy",
      "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
      "apiextensions.k8s.io/v1/CustomResourceDefinition", "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration", "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
      "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", "storage.k8s.io/v1/StorageClass", "storage.k8s.io/v1/CSIDriver", "scheduling.k8s.io/v1/PriorityClass",
      "node.k8s.io/v1/RuntimeClass", "discovery.k8s.io/v1/EndpointSlice", "coordination.k8s.io/v1/Lease", "flowcontrol.apiserver.k8s.io/v1/FlowSchema",
      "certificates.k8s.io/v1/CertificateSigningRequest", "apiregistration.k8s.io/v1/APIService",
      ...(minor >= 34 ? ["resource.k8s.io/v1/DeviceClass", "resource.k8s.io/v1/ResourceClaim"] : []),
    ];
    expect(expected.filter((gvk) => !kinds.has(gvk))).toEqual([]);
    // Removed APIs are gone.
    expect(kinds.has("policy/v1beta1/PodSecurityPolicy")).toBe(false);
    expect(kinds.has("extensions/v1beta1/Ingress")).toBe(false);
  });
});
