import { isNegative, parseQuantity, formatBytes } from "../../model/quantity.js";
import { isByteResource, resourceEntries, resourceHoldersOf, type ResourceEntry } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { holderName, SEED_SECTION, written } from "./shared.js";

/** What is wrong with an entry and how to write it, or undefined when it is a sound quantity. */
function problemOf(entry: ResourceEntry): { problem: string; fix: string } | undefined {
  const unit = isByteResource(entry.resource) ? "write bytes with a suffix such as Mi, Gi, M or G" : entry.resource === "cpu" ? "write cores (2, 0.5) or millicores (500m)" : "write a number with an optional suffix";
  if (entry.quantity === undefined) {
    if (typeof entry.value !== "string" && typeof entry.value !== "number") return { problem: "is not a quantity", fix: unit };
    const spaced = typeof entry.value === "string" && /\s/.test(entry.value);
    return { problem: "is not a valid quantity", fix: spaced ? `remove the spaces (${entry.value.replace(/\s+/g, "")})` : unit };
  }
  if (isNegative(entry.quantity)) return { problem: "is negative", fix: "use zero or a positive amount" };
  if (isByteResource(entry.resource) && entry.quantity.numerator % entry.quantity.denominator !== 0n) {
    const bytes = formatBytes(parseQuantity(entry.value) ?? 0);
    if (entry.quantity.suffix === "m") return { problem: `is ${bytes}, because "m" means thousandths`, fix: `write ${String(entry.value).slice(0, -1)}Mi for mebibytes` };
    return { problem: `is ${bytes}, a fraction of a byte`, fix: unit };
  }
  return undefined;
}

export default defineObjectRule({
  id: "resource-quantity-invalid",
  practice: "resources",
  severity: "error",
  summary: "Requests and limits must be valid, non-negative quantities",
  docs: {
    seed: SEED_SECTION,
    why: [
      "Requests and limits are Kubernetes quantities: a number with an optional suffix (`500m`, `2`, `128Mi`, `1G`, `1e9`). A typo such as `1Gii`, `one` or `512 Mi` makes the API server reject the object, or, inside a workload template, every pod it would create.",
      "Some mistakes are valid syntax but not what was meant: `memory: 500m` is half a byte, because `m` means thousandths (`Mi` is mebibytes, `M` megabytes). The runtime cannot start a container with such a limit.",
    ].join("\n\n"),
    fix: "Write CPU as cores (`2`, `0.5`) or millicores (`500m`), and bytes with a binary (`Ki`, `Mi`, `Gi`) or decimal (`k`, `M`, `G`) suffix, without spaces.",
    before: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: registry.example.com/postgres:16.4
          resources:
            requests:
              cpu: one
              memory: 1Gii
            limits:
              memory: 1Gii
`,
    after: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: registry.example.com/postgres:16.4
          resources:
            requests:
              cpu: "1"
              memory: 1Gi
            limits:
              memory: 1Gi
`,
    notes: "The grammar is the API server's (`resource.Quantity`): an optional sign, a decimal number, and one of `n u m k M G T P E`, `Ki Mi Gi Ti Pi Ei` or an exponent `e3`; case matters (`1K` and `1mi` are invalid). Every resource name in `requests` and `limits` is checked, for containers and pod-level resources. Byte resources (memory, ephemeral storage, huge pages) are also reported when they come to a fraction of a byte. YAML numbers (`cpu: 0.5`) are fine.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const holder of resourceHoldersOf(podTemplate.spec)) {
      for (const list of ["requests", "limits"] as const) {
        for (const entry of resourceEntries(holder, list)) {
          const found = problemOf(entry);
          if (found === undefined) continue;
          report({
            path: podSpecPath(podTemplate, ...entry.path),
            message: `${holderName(holder)} has ${list}.${entry.resource} set to ${written(entry.value)}, which ${found.problem}: ${found.fix}`,
            ...(holder.container !== undefined ? { container: holder.container.name } : {}),
          });
        }
      }
    }
  },
});
