import { isBlanketToleration, toleratesRepellingEffect, tolerationOf, type Toleration } from "../../model/scheduling.js";
import { defineIndexRule, type IndexedResource } from "../rule.js";
import { describeToleratedTaint, describeWorkload, OPTIONS_NOTE, poolTolerationsOf, SEED_SECTION, sensitivityOf, SENSITIVE_DEFAULTS, SENSITIVE_OPTIONS_SCHEMA, workloadsOf, type SensitiveOptions } from "./shared.js";

/** A taint a sensitive workload of the input tolerates to reach its pool. */
interface PoolTaint {
  readonly key: string;
  /** undefined when the sensitive workload tolerates any value of the key. */
  readonly value: string | undefined;
  /** "" when it tolerates every effect. */
  readonly effect: string;
  readonly toleration: Toleration;
  readonly holder: IndexedResource;
}

/**
 * Whether a toleration of a workload that is not sensitive reaches a pool taint. A taint the
 * sensitive workload tolerates with any value is only matched by a toleration of any value too:
 * a specific value may well be another pool's.
 */
function reaches(toleration: Toleration, taint: PoolTaint): boolean {
  if (toleration.key !== taint.key) return false;
  if (toleration.effect !== "" && taint.effect !== "" && toleration.effect !== taint.effect) return false;
  if (toleration.operator === "Exists") return true;
  return taint.value !== undefined && toleration.value === taint.value;
}

const BEFORE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      tolerations:
        - key: security.shipshape.dev/sensitive
          operator: Exists
          effect: NoSchedule
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`;

const AFTER = BEFORE.replace(/      tolerations:\n(?:        .*\n)+/, "");

export default defineIndexRule<SensitiveOptions>({
  id: "sensitive-taint-tolerated",
  practice: "sensitive-isolation",
  severity: "warning",
  summary: "Workloads that are not sensitive must not tolerate the taint that reserves the sensitive node pool",
  options: { schema: SENSITIVE_OPTIONS_SCHEMA, defaults: SENSITIVE_DEFAULTS },
  needs: { kinds: ["Namespace"], workloads: true },
  docs: {
    seed: SEED_SECTION,
    why: [
      "A dedicated node pool isolates sensitive workloads only as long as nothing else is scheduled there. The taint on its nodes is what keeps other pods away, and any pod that tolerates that taint walks straight past it: the untrusted neighbour the pool was built to avoid is back on the same kernel.",
    ].join("\n\n"),
    fix: "Remove the toleration from the workload. If the workload really belongs on the sensitive pool, mark it sensitive (the marker label) so that it is held to the same rules.",
    before: BEFORE,
    after: AFTER,
    notes: [
      "The sensitive pool's taint is the `taintKey` option (`security.shipshape.dev/sensitive` by default), plus every taint that a sensitive workload of the input tolerates (a named key with effect `NoSchedule`, `NoExecute` or any; see `sensitive-workload-not-isolated`), so teams with their own taint names need no configuration when the sensitive workloads are linted together with the others. A toleration reaches such a taint when its key matches, its effect is empty or the same, and it tolerates the value (`Exists`, or `Equal` to the value the sensitive workload tolerates).",
      "A toleration of every taint (`operator: Exists` without a key) is reported only when the input has a sensitive workload (so a sensitive pool exists) and not on DaemonSets: node agents (log shippers, CNI, monitoring) are meant to run on every node, the sensitive pool included. A DaemonSet that names the sensitive taint is reported like any workload; exempt it if it belongs there.",
      "One finding per workload, at its first toleration that reaches the pool.",
      OPTIONS_NOTE,
    ].join("\n\n"),
  },
  check({ index, options, report, judges }) {
    const namespaceLabels = (name: string) => index.namespace(name)?.labels;
    const workloads = workloadsOf(index);
    // Only judged workloads that tolerate a repelling taint can be reported: when there are none
    // (a webhook review of most workloads), the sensitive ones need not be read at all.
    const repelled = (resource: IndexedResource): boolean =>
      resource.workload?.tolerations.some((value) => {
        const toleration = tolerationOf(value);
        return toleration !== undefined && toleratesRepellingEffect(toleration);
      }) === true;
    if (!workloads.some((resource) => judges(resource) && repelled(resource))) return;
    const plain: IndexedResource[] = [];
    const poolTaints: PoolTaint[] = [];
    let firstSensitive: IndexedResource | undefined;
    for (const resource of workloads) {
      if (sensitivityOf(resource, namespaceLabels, options) === undefined) {
        if (judges(resource)) plain.push(resource);
        continue;
      }
      firstSensitive ??= resource;
      for (const { toleration } of poolTolerationsOf(resource)) {
        if (toleration.key === options.taintKey) continue;
        poolTaints.push({ key: toleration.key, value: toleration.operator === "Exists" ? undefined : toleration.value, effect: toleration.effect, toleration, holder: resource });
      }
    }
    const byKey = new Map<string, PoolTaint[]>();
    for (const taint of poolTaints) {
      let list = byKey.get(taint.key);
      if (list === undefined) byKey.set(taint.key, (list = []));
      list.push(taint);
    }
    for (const resource of plain) {
      const summary = resource.workload;
      if (summary === undefined) continue;
      for (const [position, value] of summary.tolerations.entries()) {
        const toleration = tolerationOf(value);
        if (toleration === undefined || !toleratesRepellingEffect(toleration)) continue;
        let what: string | undefined;
        if (isBlanketToleration(toleration)) {
          if (firstSensitive === undefined || resource.kind === "DaemonSet") continue;
          what = `tolerates every taint (operator: Exists without a key), so it can be scheduled on the dedicated nodes of sensitive workloads such as ${describeWorkload(firstSensitive)}`;
        } else if (toleration.key === options.taintKey && (toleration.operator === "Equal" || toleration.operator === "Exists")) {
          what = `tolerates ${options.taintKey}, the taint that reserves the sensitive node pool`;
        } else {
          const taint = byKey.get(toleration.key)?.find((t) => reaches(toleration, t));
          if (taint === undefined) continue;
          what = `tolerates ${describeToleratedTaint(taint.toleration)}, the taint that sensitive ${describeWorkload(taint.holder)} tolerates to reach its dedicated pool`;
        }
        report({
          resource,
          path: [...summary.podTemplatePath, "spec", "tolerations", position],
          message: `${describeWorkload(resource)} is not sensitive but ${what}; remove the toleration, or mark the workload sensitive if it belongs there`,
        });
        break;
      }
    }
  },
});
