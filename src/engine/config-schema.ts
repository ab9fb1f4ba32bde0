// The JSON Schema of `.shipshape.yaml`, built from the rule registry so that every rule id and
// every rule's options are validated. `npm run docs` writes it to schema/; a test keeps it fresh.
import { PRACTICE_IDS } from "../model/practices.js";
import type { AnyRule, JsonSchema } from "../rules/rule.js";

export const CONFIG_SCHEMA_ID = "https://shipshape.dev/schema/shipshape-config.schema.json";

const SEVERITY_OR_SWITCH = { enum: ["error", "warning", "info", "off", "on"] };

/**
 * The schema. `forValidation` gives the compact variant the validator is compiled from: rules
 * without options are checked by one shared definition instead of one property each, and
 * descriptions (for editors) are left out.
 */
export function buildConfigSchema(rules: readonly AnyRule[], forValidation = false): JsonSchema {
  const schema = fullSchema(rules, forValidation);
  return forValidation ? withoutDescriptions(schema) : schema;
}

function fullSchema(rules: readonly AnyRule[], compact: boolean): JsonSchema {
  const ruleProperties: Record<string, JsonSchema> = {};
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (compact && rule.options === undefined) continue;
    const description = `${rule.summary} (practice ${rule.practice}; default ${rule.disabledByDefault === true ? "off" : rule.severity})`;
    // Rules without options share one definition, which keeps the schema (and its compiled
    // validator) small.
    ruleProperties[rule.id] =
      rule.options === undefined
        ? { description, $ref: "#/definitions/ruleSetting" }
        : {
            description,
            anyOf: [
              { $ref: "#/definitions/ruleSwitch" },
              { type: "object", additionalProperties: false, properties: { severity: { $ref: "#/definitions/ruleSwitch" }, options: rule.options.schema } },
            ],
          };
  }
  const exemption: JsonSchema = {
    type: "object",
    additionalProperties: false,
    required: ["rules", "reason", "match"],
    properties: {
      rules: {
        description: "Rule ids this exemption silences.",
        anyOf: [{ type: "string" }, { type: "array", minItems: 1, items: { type: "string" } }],
      },
      match: {
        description: "Which objects it applies to; every given field must match.",
        type: "object",
        additionalProperties: false,
        minProperties: 1,
        properties: {
          kind: { type: "string" },
          namespace: { type: "string" },
          name: { type: "string", description: "Object name; * matches any characters." },
          file: { type: "string", description: "Glob of file paths, relative to this configuration file." },
        },
      },
      container: { type: "string", description: "Only findings about this container." },
      reason: { type: "string", minLength: 1, description: "Why the rules do not apply: required." },
      until: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last day (UTC) the exemption applies, YYYY-MM-DD." },
    },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: CONFIG_SCHEMA_ID,
    title: "shipshape configuration (.shipshape.yaml)",
    definitions: {
      ruleSwitch: { ...SEVERITY_OR_SWITCH, description: "A severity, or off/on (on: the rule's default severity)." },
      ruleSetting: {
        anyOf: [{ $ref: "#/definitions/ruleSwitch" }, { type: "object", additionalProperties: false, properties: { severity: { $ref: "#/definitions/ruleSwitch" } } }],
      },
    },
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      failOn: {
        description: "Lowest severity that makes `shipshape lint` exit 1. Default: error.",
        enum: ["error", "warning", "info", "none"],
      },
      kubeVersion: {
        description: "Kubernetes version the manifests are for (1.33, v1.33.2): schemas and deprecated APIs are judged against it. Default: the newest this shipshape knows.",
        type: "string",
        pattern: "^v?\\d+\\.\\d+(\\.\\d+)?$",
      },
      rules: {
        description: "Per rule: off, on, a severity, or {severity, options}.",
        type: "object",
        ...(compact
          ? { propertyNames: { enum: rules.map((r) => r.id).sort() }, properties: ruleProperties, additionalProperties: { $ref: "#/definitions/ruleSetting" } }
          : { additionalProperties: false, properties: ruleProperties }),
      },
      practices: {
        description: "Turn every rule of a practice off (or back on).",
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(PRACTICE_IDS.map((id) => [id, { enum: ["off", "on"] }])),
      },
      exclude: {
        description: "Globs of paths (relative to this file) that lint skips.",
        type: "array",
        items: { type: "string" },
      },
      workloadKinds: {
        description: "Custom kinds that carry a pod template, checked like Deployments.",
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["apiVersion", "kind", "podTemplatePath"],
          properties: {
            apiVersion: { type: "string", description: "group/version, or just the group, or * for any group." },
            kind: { type: "string" },
            podTemplatePath: { type: "string", description: "Dotted path to the object holding metadata and spec, e.g. spec.template." },
            replicasPath: { type: "string" },
            workloadClass: { enum: ["long-running", "batch"] },
          },
        },
      },
      imageScans: {
        description: "Trivy or Grype JSON reports (files or folders, relative to this file) to map onto workloads.",
        type: "array",
        items: { type: "string" },
      },
      crds: {
        description: "CustomResourceDefinitions (files or folders, relative to this file; JSON Schema files work too) to validate custom resources against, besides those in the input.",
        type: "array",
        items: { type: "string" },
      },
      serve: {
        description: "What `shipshape serve` (the admission webhook) does with findings.",
        type: "object",
        additionalProperties: false,
        properties: {
          mode: { enum: ["enforce", "warn", "audit", "off"], description: "enforce: error findings deny the request, warnings come back as admission warnings (default); warn: errors come back as warnings too; audit: nothing comes back, findings are only logged; off: not checked." },
          namespaces: { type: "object", additionalProperties: { enum: ["enforce", "warn", "audit", "off"] }, description: "A mode per namespace, overriding `mode`." },
          crossResource: { enum: ["warn", "enforce"], description: "Whether findings of cross-resource rules (a missing PodDisruptionBudget, no NetworkPolicy) may deny (enforce) or only warn (default: objects are often created in an order that makes them briefly true)." },
          onRuleError: { enum: ["allow", "deny"], description: "A rule that fails: allow the request with a warning (fail open, default) or deny it (fail closed)." },
        },
      },
      exemptions: {
        description: "Exemptions for objects you cannot annotate (third-party manifests).",
        type: "array",
        items: exemption,
      },
    },
  };
}

/** The schema without descriptions: what validation needs. */
function withoutDescriptions(schema: JsonSchema): JsonSchema {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // "description" is a keyword in a schema, but a property *named* description in
      // "properties" must stay.
      if (key === "description" && typeof item === "string") continue;
      out[key] = strip(item);
    }
    return out;
  };
  return strip(schema) as JsonSchema;
}
