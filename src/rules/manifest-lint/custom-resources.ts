// Custom resources, checked against the schemas of their CustomResourceDefinitions: those in
// the run (any file) and those given with --crds.
import { asObject, isObject, type JsonObject, type ObjectPath } from "../../model/json.js";
import { isConfigurationKind } from "../../model/config-files.js";
import { splitApiVersion } from "../../schemas/bundle.js";
import { isBuiltinApiVersion } from "../../schemas/builtin.js";
import { customValidator, schemaMatches, schemaMatchesKind, schemasOfCrd, type CustomSchema } from "../../schemas/custom.js";
import { describeErrors } from "../../schemas/errors.js";
import { defineIndexRule, type IndexedResource } from "../rule.js";
import type { SchemaOptions } from "./schema-invalid.js";

const SEED = "1.2 Lint your manifests";

/** The schemas of the run: CRDs found in the input first, then the extra ones. */
function schemasOfRun(crds: readonly IndexedResource[], extra: readonly CustomSchema[]): CustomSchema[] {
  const out: CustomSchema[] = [];
  for (const crd of crds) {
    if (!crd.apiVersion.startsWith("apiextensions.k8s.io/")) continue;
    out.push(...schemasOfCrd(crd.object, `CustomResourceDefinition "${crd.name ?? "?"}"`));
  }
  out.push(...extra);
  return out;
}

function customResources(all: Iterable<IndexedResource>): IndexedResource[] {
  const out: IndexedResource[] = [];
  for (const resource of all) if (!isBuiltinApiVersion(resource.apiVersion)) out.push(resource);
  return out;
}

/** Field names a structural schema allows at a path. */
function fieldsInSchema(schema: JsonObject | undefined, path: ObjectPath): string[] | undefined {
  let at: JsonObject | undefined = schema;
  for (const step of path) {
    if (at === undefined) return undefined;
    if (typeof step === "number") at = asObject(at.items);
    else {
      const next = asObject(at.properties)?.[step];
      at = isObject(next) ? next : asObject(at.additionalProperties);
    }
  }
  const properties = asObject(at?.properties);
  if (properties === undefined) return undefined;
  return [...new Set([...Object.keys(properties), ...(at === schema ? ["apiVersion", "kind", "metadata"] : [])])];
}

export const customResourceInvalid = defineIndexRule<SchemaOptions>({
  id: "custom-resource-invalid",
  practice: "manifest-lint",
  severity: "error",
  summary: "Custom resources match the schema of their CustomResourceDefinition",
  needs: { kinds: ["CustomResourceDefinition"], customResources: true },
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        unknownFields: { type: "boolean", description: "Report fields the schema does not know (default true; the API server prunes them)." },
      },
    },
    defaults: { unknownFields: true },
  },
  docs: {
    seed: SEED,
    why: "A custom resource is only as good as the controller that reads it, and the controller reads what its CustomResourceDefinition's schema allows. A field of the wrong type is rejected at apply time; a misspelt field is silently pruned by the API server, so the setting never reaches the operator. Checking custom resources against their CRDs before they ship catches both.",
    fix: "Correct the field at the reported position. When the object uses a version its CRD does not define or serve, move it to a served version. Keep the CRDs of the operators you use next to your manifests, or pass them with `--crds` (files or folders, also `crds:` in `.shipshape.yaml`).",
    before:
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: backups.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    kind: Backup\n    plural: backups\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              required: [schedule]\n              properties:\n                schedule:\n                  type: string\n                retainDays:\n                  type: integer\n---\napiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\nspec:\n  schedule: \"0 2 * * *\"\n  retainDays: \"30\"\n  retentionDays: 30\n",
    after:
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: backups.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    kind: Backup\n    plural: backups\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              required: [schedule]\n              properties:\n                schedule:\n                  type: string\n                retainDays:\n                  type: integer\n---\napiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\nspec:\n  schedule: \"0 2 * * *\"\n  retainDays: 30\n",
    notes:
      "CRDs of `apiextensions.k8s.io/v1` (per-version `schema.openAPIV3Schema`) and of the older v1beta1 (`spec.validation`) are read, from any file of the run and from `--crds`. JSON Schema files work too with `--crds` when named as kubeconform and the CRDs catalog name them (`<kind>_<version>.json`, `<kind>-<group>-<version>.json`). As the API server does, null fields are pruned before validation (so they pass), `x-kubernetes-int-or-string` takes both forms, `x-kubernetes-preserve-unknown-fields` keeps any field, and the formats it checks are checked (date-time, date, Go-style duration, byte, uuid, ipv4, cidr, mac); other formats are accepted. CEL rules (`x-kubernetes-validations`) are not evaluated. A kind with no schema at all is `schema-unknown-kind`'s finding.",
  },
  check({ index, options, customSchemas, report }) {
    const resources = customResources(index.all());
    if (resources.length === 0) return;
    const schemas = schemasOfRun(index.ofKind("CustomResourceDefinition"), customSchemas);
    for (const resource of resources) {
      const { group, version } = splitApiVersion(resource.apiVersion);
      const match = schemas.find((s) => schemaMatches(s, group, version, resource.kind));
      if (match === undefined) {
        const sameKind = schemas.filter((s) => schemaMatchesKind(s, group, resource.kind));
        if (sameKind.length > 0) {
          const versions = [...new Set(sameKind.filter((s) => s.served).map((s) => s.version))];
          report({ resource, path: ["apiVersion"], message: `${resource.kind} "${resource.name ?? "?"}" uses ${resource.apiVersion}, which ${sameKind[0]?.source ?? "its CRD"} does not define: use ${versions.length > 0 ? versions.map((v) => `${group}/${v}`).join(" or ") : "a served version"}` });
        }
        continue;
      }
      if (!match.served) {
        report({ resource, path: ["apiVersion"], message: `${match.source} defines ${resource.apiVersion} but does not serve it (served: false): the API server refuses ${resource.kind} objects of this version` });
        continue;
      }
      if (match.schema === undefined) continue;
      let validate: ReturnType<typeof customValidator>;
      try {
        validate = customValidator(match.schema, options.unknownFields);
      } catch (error) {
        // A schema that cannot be compiled says nothing about the object: skip it, visibly.
        report({ resource, path: ["apiVersion"], message: `${resource.kind} "${resource.name ?? "?"}" was not validated: the schema in ${match.source} cannot be read (${error instanceof Error ? error.message : String(error)})` });
        continue;
      }
      if (validate(resource.object)) continue;
      const problems = describeErrors(validate.errors ?? [], resource.object, {
        strict: options.unknownFields,
        quoteValues: true,
        fieldsAt: (path) => fieldsInSchema(match.schema, path),
      });
      for (const problem of problems) report({ resource, path: problem.path, message: problem.message });
    }
  },
});

export const schemaUnknownKind = defineIndexRule({
  id: "schema-unknown-kind",
  practice: "manifest-lint",
  severity: "info",
  summary: "Every custom kind has a schema to check it against",
  needs: { kinds: ["CustomResourceDefinition"], customResources: true },
  docs: {
    seed: SEED,
    why: "Objects of a kind with no schema cannot be checked: their mistakes reach the cluster unseen. This is reported once per kind, as information, so that you know what went unchecked rather than assume it passed.",
    fix: "Give the kind's CustomResourceDefinition: keep it with your manifests, or pass the operator's CRDs with `--crds` (files or folders; `crds:` in `.shipshape.yaml`). To make a missing schema fail the run, as kubeconform does by default, set this rule's severity to `error`.",
    before: "apiVersion: monitoring.example.com/v1\nkind: Probe\nmetadata:\n  name: web\nspec:\n  target: https://web.example.com\n",
    after:
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: probes.monitoring.example.com\nspec:\n  group: monitoring.example.com\n  scope: Namespaced\n  names:\n    kind: Probe\n    plural: probes\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                target:\n                  type: string\n---\napiVersion: monitoring.example.com/v1\nkind: Probe\nmetadata:\n  name: web\nspec:\n  target: https://web.example.com\n",
    notes: "Built-in kinds always have a schema (see `schema-invalid`); this rule is about API groups that are not part of Kubernetes. The finding sits on the first object of the kind and counts the others.",
  },
  check({ index, customSchemas, report }) {
    const resources = customResources(index.all());
    if (resources.length === 0) return;
    const schemas = schemasOfRun(index.ofKind("CustomResourceDefinition"), customSchemas);
    const byKind = new Map<string, IndexedResource[]>();
    for (const resource of resources) {
      if (isConfigurationKind(resource.apiVersion, resource.kind)) continue; // a component's file (model/config-files.ts), not a custom resource
      const { group } = splitApiVersion(resource.apiVersion);
      if (schemas.some((s) => schemaMatchesKind(s, group, resource.kind))) continue;
      const key = `${resource.apiVersion} ${resource.kind}`;
      const list = byKind.get(key) ?? [];
      list.push(resource);
      byKind.set(key, list);
    }
    for (const [key, list] of byKind) {
      const first = list[0] as IndexedResource;
      const others = list.length - 1;
      report({
        resource: first,
        path: ["kind"],
        message: `no schema for ${key}: its CustomResourceDefinition is not in the input, so ${others > 0 ? `this and ${others} other object${others === 1 ? "" : "s"} of the kind were` : "this object was"} not validated; pass the CRD with --crds`,
      });
    }
  },
});
