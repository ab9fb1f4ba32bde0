import { AUTOSCALER_KINDS, autoscalersOf } from "../../model/disruption.js";
import { defineIndexRule } from "../rule.js";
import { describeWorkload, replicatedFloor, SEED_SECTION, SPREADING_OPTIONS, spreadingEntries, type SpreadingOptions } from "./spreading.js";

export default defineIndexRule<SpreadingOptions>({
  id: "anti-affinity-selector-mismatch",
  practice: "anti-affinity",
  severity: "warning",
  summary: "A spreading rule must select the workload's own pods",
  needs: { kinds: [...AUTOSCALER_KINDS, "Namespace"], workloads: true },
  options: SPREADING_OPTIONS,
  docs: {
    seed: SEED_SECTION,
    why: [
      "Pod anti-affinity and topology spread constraints work on the pods their `labelSelector` matches, not on \"the pods of this workload\". A selector copied from another chart, or left behind after the pod labels were renamed, spreads the replicas relative to some other set of pods (or to none), and nothing warns: the manifest looks protected while every replica can still land on one node.",
      "The same happens when an anti-affinity term has no `labelSelector` at all (it then matches no pod), when it is scoped with `namespaces`/`namespaceSelector` to namespaces other than the workload's own, or when `mismatchLabelKeys` names one of the workload's own labels (the term then only looks at pods with a different value, such as other revisions).",
    ].join("\n\n"),
    fix: "Make the term's or constraint's `labelSelector` match the pod template's labels (usually the workload's own `spec.selector`), drop namespace scoping that leaves out the workload's namespace, and keep in `mismatchLabelKeys` only labels that are meant to tell this workload's pods apart from others.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels: {app: web}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels: {app.kubernetes.io/name: web}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`,
    notes: [
      "Checked on the same workloads as `anti-affinity-missing` (more than one replica, or an autoscaler minimum above one) and on the same topology keys (the `topologyKeys` option). Selectors are matched as Kubernetes matches them: `matchLabels` and `matchExpressions`, an empty selector matching every pod; `matchLabelKeys` only narrow the selector to the pod's own values and never exclude its own pods.",
      "Pod anti-affinity is also used on purpose to keep a workload away from other applications' pods. So when some entry already spreads the workload's own pods, anti-affinity terms on other pods are left alone; topologySpreadConstraints that miss the workload's pods are still reported, since a constraint only balances the pods its selector counts.",
      "Namespace scoping is judged when it certainly leaves the workload's namespace out: a `namespaces` list without it, or a `namespaceSelector` that does not match its Namespace object in the run (the `kubernetes.io/metadata.name` label is taken into account).",
    ].join("\n\n"),
  },
  check({ index, options, report }) {
    const autoscalers = autoscalersOf(index);
    const keys = new Set(options.topologyKeys);
    for (const namespace of index.namespacesInUse()) {
      for (const workload of index.workloadsIn(namespace)) {
        if (replicatedFloor(workload, autoscalers) === undefined) continue;
        const entries = spreadingEntries(index, workload, keys);
        const spreads = entries.some((e) => e.problem === undefined);
        for (const entry of entries) {
          if (entry.problem === undefined) continue;
          if (spreads && entry.source !== "topologySpreadConstraint") continue;
          report({
            resource: workload,
            path: [...entry.path, entry.problem.field],
            message: `The ${entry.source} on ${entry.topologyKey} of ${describeWorkload(workload)} does not spread its replicas: ${entry.problem.text}`,
          });
        }
      }
    }
  },
});
