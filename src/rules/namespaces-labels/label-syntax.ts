import { asObject, type JsonObject, type ObjectPath } from "../../model/json.js";
import { labelKeyProblem, labelValueProblem } from "../../model/labels.js";
import { defineObjectRule } from "../rule.js";

/** Label maps of an object that the API server validates: its own, its pod template's, its selector's. */
function labelMaps(object: JsonObject, templatePath: ObjectPath | undefined): Array<{ path: ObjectPath; labels: JsonObject; what: string }> {
  const out: Array<{ path: ObjectPath; labels: JsonObject; what: string }> = [];
  const add = (path: ObjectPath, value: unknown, what: string) => {
    const labels = asObject(value);
    if (labels !== undefined) out.push({ path, labels, what });
  };
  const metadata = asObject(object.metadata);
  add(["metadata", "labels"], metadata?.labels, "label");
  const spec = asObject(object.spec);
  add(["spec", "selector", "matchLabels"], asObject(spec?.selector)?.matchLabels, "selector label");
  if (templatePath !== undefined && templatePath.length > 0) {
    let template: unknown = object;
    for (const step of templatePath) template = asObject(template)?.[step as string];
    add([...templatePath, "metadata", "labels"], asObject(asObject(template)?.metadata)?.labels, "pod template label");
  }
  return out;
}

export default defineObjectRule({
  id: "label-syntax",
  practice: "namespaces-labels",
  severity: "error",
  summary: "Label keys and values must be valid",
  docs: {
    seed: "4.4 Use Namespaces and Labels",
    why: "Labels only help if the API server accepts them: a value longer than 63 characters, a space, a slash in the value or a key that is not a qualified name makes the whole object fail to apply. Values that are not strings (`version: 1.10` read as the number 1.1) are a related trap caught by schema validation.",
    fix: "Keep keys as `prefix/name` with a lowercase DNS prefix and a name of at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit; keep values to the same characters and length (or empty).",
    before: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    app.kubernetes.io/name: web settings
`,
    after: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    app.kubernetes.io/name: web-settings
`,
  },
  check({ object, podTemplate, report }) {
    for (const { path, labels, what } of labelMaps(object, podTemplate?.path)) {
      for (const [key, value] of Object.entries(labels)) {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem !== undefined) {
          report({ path: [...path, key], message: `Invalid ${what} key "${key}": ${keyProblem}` });
          continue;
        }
        if (typeof value !== "string") {
          if (value !== null) report({ path: [...path, key], message: `The ${what} "${key}" is not a string (YAML reads it as ${JSON.stringify(value)}): quote the value` });
          continue;
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem !== undefined) report({ path: [...path, key], message: `Invalid ${what} value for "${key}": ${valueProblem}` });
      }
    }
  },
});
