import { asObject } from "../../model/json.js";
import { labelsOf, metadataOf } from "../../model/object.js";
import { hasWrittenLabels } from "../../model/labels.js";
import { defineObjectRule } from "../rule.js";

interface Options {
  readonly required: readonly string[];
  readonly scope: "workloads" | "all";
}

export const RECOMMENDED_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/version",
  "app.kubernetes.io/component",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
];

export default defineObjectRule<Options>({
  id: "recommended-labels",
  practice: "namespaces-labels",
  severity: "info",
  summary: "Workloads carry the recommended app.kubernetes.io labels",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        required: {
          type: "array",
          items: { type: "string" },
          uniqueItems: true,
          description: "Label keys every checked object must have. Default: the six recommended `app.kubernetes.io/*` labels.",
        },
        scope: {
          enum: ["workloads", "all"],
          description: "`workloads` checks pod-bearing objects; `all` checks every namespaced object (Services, ConfigMaps, …) too.",
        },
      },
    },
    defaults: { required: RECOMMENDED_LABELS, scope: "workloads" },
  },
  docs: {
    seed: "4.4 Use Namespaces and Labels",
    why: "Labels are how people and tools find what belongs together: which objects make up an application, which version is running, which tool deployed it. Kubernetes documents a common set (`app.kubernetes.io/name`, `instance`, `version`, `component`, `part-of`, `managed-by`) that dashboards, `kubectl` and most tooling understand. A label policy that is written down and checked stays consistent; one that is not drifts with every new service.",
    fix: "Add the missing labels to the object's `metadata.labels` (your Helm chart or Kustomize `commonLabels` can add them everywhere). Choose which labels your organisation requires with the `required` option.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: web-prod
    app.kubernetes.io/version: "1.4.2"
    app.kubernetes.io/component: frontend
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/managed-by: helm
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    notes: "One finding per object, listing every missing label. Severity is `info` by default because which labels are mandatory is an organisation's choice; set `required` to your policy and raise the severity to enforce it.",
  },
  check({ object, options, podTemplate, report }) {
    if (options.scope === "workloads" && podTemplate === undefined) return;
    if (options.scope === "all" && (object.kind === "Namespace" || object.kind.endsWith("List"))) return;
    const metadata = metadataOf(object);
    const labels = labelsOf(metadata);
    const missing = options.required.filter((key) => labels[key] === undefined);
    if (missing.length === 0) return;
    const hasLabels = hasWrittenLabels(asObject(metadata.labels));
    report({
      path: hasLabels ? ["metadata", "labels"] : ["metadata"],
      message: `${object.kind} lacks the label${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`,
    });
  },
});
