import { isConfigurationKind } from "../../model/config-files.js";
import { defineObjectRule } from "../rule.js";
import { formatKubeVersion, schemaVersionFor } from "../../model/kube-version.js";
import { deprecatedApiOf, firstServedIn } from "../../model/deprecated-apis.js";
import { closestId } from "../../model/spelling.js";
import { splitApiVersion } from "../../schemas/bundle.js";
import { builtinValidator, definitionOfKind, isBuiltinApiVersion, versionTables } from "../../schemas/builtin.js";
import { BUNDLED_SCHEMA_VERSIONS } from "../../schemas/versions.generated.js";
import type { ReportInput } from "../rule.js";
import { describeErrors, fieldsAtPath } from "../../schemas/errors.js";

/** A built-in group's apiVersion/kind that the target does not serve: a typo, or a newer API. */
function unservedKind(apiVersion: string, kind: string, schemaVersion: string, target: string): ReportInput {
  const { group, version } = splitApiVersion(apiVersion);
  const served = [...versionTables(schemaVersion).kinds.keys()].map((key) => key.split("/") as [string, string, string]).filter(([g]) => g === group);
  // Stable versions first; alpha ones (off unless a feature gate turns them on) only when nothing else serves it.
  const rank = (v: string) => (/alpha/.test(v) ? 2 : /beta/.test(v) ? 1 : 0);
  const candidates = served.filter(([, , k]) => k === kind).map(([, v]) => v).sort((a, b) => rank(a) - rank(b));
  const best = candidates.filter((v) => rank(v) === rank(candidates[0] ?? ""));
  const versionsOfKind = best.map((v) => (group === "" ? v : `${group}/${v}`));
  if (versionsOfKind.length > 0) {
    return { path: ["apiVersion"], message: `Kubernetes ${target} does not serve ${kind} at ${apiVersion}: use ${versionsOfKind.join(" or ")}` };
  }
  const later = BUNDLED_SCHEMA_VERSIONS.filter((v) => versionTables(v).kinds.has(`${group}/${version}/${kind}`));
  if (later.length > 0 && later[0] !== schemaVersion) {
    return { path: ["apiVersion"], message: `${apiVersion} ${kind} is not served by Kubernetes ${target}: it is available from Kubernetes ${later[0]} on` };
  }
  const hint = closestId(kind, new Set(served.map(([, , k]) => k)));
  return {
    path: ["kind"],
    message: `${apiVersion} has no kind ${kind} in Kubernetes ${target}${hint !== undefined ? ` (did you mean ${hint}?)` : ""}: the API server refuses the object`,
  };
}

function isContainerQuantity(path: readonly (string | number)[]): boolean {
  const n = path.length;
  return n >= 5 && (path[n - 2] === "limits" || path[n - 2] === "requests") && path[n - 3] === "resources" && typeof path[n - 4] === "number";
}

export interface SchemaOptions {
  /** Report fields the schema does not know (the API server's strict field validation). */
  readonly unknownFields: boolean;
}

export const schemaInvalid = defineObjectRule<SchemaOptions>({
  id: "schema-invalid",
  practice: "manifest-lint",
  severity: "error",
  summary: "Built-in objects match the API schema of the target Kubernetes version",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        unknownFields: { type: "boolean", description: "Report fields the schema does not know (default true, as `kubectl apply` with strict field validation)." },
      },
    },
    defaults: { unknownFields: true },
  },
  docs: {
    seed: "1.2 Lint your manifests",
    why: "A manifest that does not match the API's schema fails when it is applied, often late: in the deploy job, or in the middle of a rollout when half the objects are already in. Worse, a misspelt field (`templates`, `imagePullpolicy`) is dropped without a word by older clients, so the setting you wrote never takes effect. Checking each object against the OpenAPI schema of the Kubernetes version you run catches wrong types, misspelt or unknown fields, missing required fields, values outside an enum and malformed quantities while the change is still a pull request.",
    fix: "Correct the field at the reported position: the message names what the schema expects there. For an unknown field, check its spelling (a suggestion is given when one is close) and its indentation: a field one level too deep or too shallow is unknown where it landed.",
    before:
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: \"3\"\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.4.2\n          imagePullpolicy: Always\n          resources:\n            limits:\n              memory: 1Gii\n",
    after:
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.4.2\n          imagePullPolicy: Always\n          resources:\n            limits:\n              memory: 1Gi\n",
    notes:
      "The schemas are those a kube-apiserver of each bundled version serves (its OpenAPI v3 documents), with enum values from the definitions compiled into it; `tools/schemas/generate.ts` rebuilds them from the `k8s.io/kubernetes` Go module (docs/schemas.md). The target is `--kube-version` or `kubeVersion:` (default: the newest bundled); a target older than the oldest bundled schema is checked against the oldest. As the API server does, a field set to null counts as absent, and an empty string counts as unset for enum fields. Secret values are never quoted in messages. Kinds that are removed or not yet served in the target version are left to the `upgrade` rules, and custom resources to `custom-resource-invalid`. Set `unknownFields: false` to accept fields the schema does not know, as kubeconform does without `-strict`.",
  },
  check({ object, options, kubeVersion, report }) {
    const version = schemaVersionFor(kubeVersion);
    const validate = builtinValidator(version, object.apiVersion, object.kind);
    if (validate === undefined) {
      // Removed and deprecated APIs are the upgrade rules' findings; custom groups have their own.
      if (!isBuiltinApiVersion(object.apiVersion) || isConfigurationKind(object.apiVersion, object.kind) || deprecatedApiOf(object.apiVersion, object.kind) !== undefined || firstServedIn(object.apiVersion, object.kind) !== undefined) return;
      report(unservedKind(object.apiVersion, object.kind, version, formatKubeVersion(kubeVersion)));
      return;
    }
    if (validate(object)) return;
    const definition = definitionOfKind(version, object.apiVersion, object.kind);
    const problems = describeErrors(validate.errors ?? [], object, {
      strict: options.unknownFields,
      quoteValues: object.kind !== "Secret",
      fieldsAt: (path) => (definition === undefined ? undefined : fieldsAtPath(versionTables(version).definitions, definition, path)),
    });
    for (const problem of problems) {
      // A malformed container request or limit is resource-quantity-invalid's finding.
      if (isContainerQuantity(problem.path) && problem.message.includes("is not a quantity")) continue;
      report({ path: problem.path, message: problem.message });
    }
  },
});
