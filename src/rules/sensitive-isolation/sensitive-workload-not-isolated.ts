import type { ObjectPath } from "../../model/json.js";
import { nodePinningOf, requiredNodeSelectorTerms, tolerationOf } from "../../model/scheduling.js";
import { defineIndexRule } from "../rule.js";
import { describeWorkload, OPTIONS_NOTE, poolTolerationsOf, SEED_SECTION, sensitivityOf, whyNotPoolToleration, SENSITIVE_DEFAULTS, SENSITIVE_OPTIONS_SCHEMA, workloadsOf, type SensitiveOptions } from "./shared.js";

const BEFORE = `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    security.shipshape.dev/sensitive: "true"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: card-vault
  namespace: payments
spec:
  selector:
    matchLabels: {app: card-vault}
  template:
    metadata:
      labels: {app: card-vault}
    spec:
      containers:
        - name: vault
          image: registry.example.com/card-vault:2.3.1
`;

const AFTER = BEFORE.replace(
  "    spec:\n      containers:",
  `    spec:
      nodeSelector:
        pool: sensitive
      tolerations:
        - key: security.shipshape.dev/sensitive
          operator: Equal
          value: "true"
          effect: NoSchedule
      containers:`,
);

export default defineIndexRule<SensitiveOptions>({
  id: "sensitive-workload-not-isolated",
  practice: "sensitive-isolation",
  severity: "error",
  summary: "Sensitive workloads must run on a dedicated, tainted node pool",
  options: { schema: SENSITIVE_OPTIONS_SCHEMA, defaults: SENSITIVE_DEFAULTS },
  needs: { kinds: ["Namespace"], workloads: true },
  docs: {
    seed: SEED_SECTION,
    why: [
      "Containers on one node share its kernel, its kubelet credentials and whatever a container escape reaches. A payment service scheduled next to a public web front end is one exploit away from it. The seed's answer is to run sensitive workloads on machines of their own, built from Kubernetes' scheduling controls.",
      "That takes two halves. A nodeSelector or a required node affinity keeps the sensitive pods on the dedicated nodes; a taint on those nodes (`NoSchedule` or `NoExecute`) keeps every other pod off them, and the sensitive pods carry the matching toleration. The selector without the taint leaves the pool open to anything; the taint without the selector lets the sensitive pods wander onto shared nodes.",
    ].join("\n\n"),
    fix: "Create (or pick) a node pool for sensitive work, label its nodes (e.g. `pool: sensitive`) and taint them (e.g. `security.shipshape.dev/sensitive=true:NoSchedule`); give the workload's pod spec a `nodeSelector` on that label and a toleration of that taint.",
    before: BEFORE,
    after: AFTER,
    notes: [
      "A workload is sensitive when the marker label (`security.shipshape.dev/sensitive: \"true\"` by default) is on the workload, on its pod template, or on its Namespace object in the input, or when its namespace is listed in the `namespaces` option. A namespace marker is only seen when the Namespace object is part of the input.",
      "A DaemonSet is judged like any workload: a sensitive one must be limited to the pool's nodes by its nodeSelector too.",
      "Pinned means: a nodeSelector on a label other than the ones every node or every pool carries (`kubernetes.io/os`, `kubernetes.io/arch`, zone, region and instance-type labels), or a required node affinity whose every term requires such a label with `In` or `Exists`, or names nodes. Preferred affinity does not pin.",
      "The toleration must name a taint key, with effect `NoSchedule`, `NoExecute` or empty (all effects). Tolerations of the taints the platform sets itself (`node.kubernetes.io/*`, `node.cloudprovider.kubernetes.io/*`, control-plane, `CriticalAddonsOnly`, autoscaler and Karpenter taints, and the taints clouds put on every GPU, TPU or spot node such as `nvidia.com/gpu`) do not count: they do not reserve nodes for sensitive work, and neither does a toleration of every taint (`operator: Exists` without a key): it shows nothing about a pool being reserved. Node taints themselves are not in manifests, so whether the pool is really tainted cannot be checked statically.",
      OPTIONS_NOTE,
    ].join("\n\n"),
  },
  check({ index, options, report, judgedAmong }) {
    const namespaceLabels = (name: string) => index.namespace(name)?.labels;
    // Each workload is judged on its own.
    for (const resource of judgedAmong(workloadsOf(index))) {
      const reason = sensitivityOf(resource, namespaceLabels, options);
      const summary = resource.workload;
      if (reason === undefined || summary === undefined) continue;
      const pinning = nodePinningOf(summary);
      const tolerates = poolTolerationsOf(resource).length > 0;
      if (pinning.pinned && tolerates) continue;
      const missing: string[] = [];
      if (!pinning.pinned) missing.push(`no nodeSelector or required node affinity on a node pool's label${pinning.loose.length > 0 ? ` (${pinning.loose.join("; ")})` : ""}`);
      if (!tolerates) {
        const reasons = [
          ...new Set(
            summary.tolerations.flatMap((value) => {
              const toleration = tolerationOf(value);
              return toleration === undefined ? [] : (whyNotPoolToleration(toleration) ?? []);
            }),
          ),
        ];
        missing.push(`no toleration of the pool's NoSchedule or NoExecute taint${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}`);
      }
      const fix = !pinning.pinned && !tolerates ? "pin it to the nodes of a tainted pool and tolerate that taint" : !pinning.pinned ? "add a nodeSelector on the label of the pool whose taint it tolerates" : "taint the pool's nodes and give the workload a toleration of that taint";
      const spec: ObjectPath = [...summary.podTemplatePath, "spec"];
      let path: ObjectPath = spec;
      if (!pinning.pinned && tolerates) {
        if (summary.nodeSelector !== undefined) path = [...spec, "nodeSelector"];
        else if (requiredNodeSelectorTerms(summary.affinity) !== undefined) path = [...spec, "affinity", "nodeAffinity"];
      } else if (pinning.pinned && summary.tolerations.length > 0) {
        path = [...spec, "tolerations"];
      }
      report({
        resource,
        path,
        message: `${describeWorkload(resource)} is sensitive (${reason}) but is not isolated on a dedicated node pool: it has ${missing.join(" and ")}; ${fix}`,
      });
    }
  },
});
