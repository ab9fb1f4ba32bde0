// Reported by `shipshape scan` (cluster/checks.ts), once per cluster.
import { defineInputRule } from "../rule.js";

export default defineInputRule({
  id: "cluster-version-outdated",
  practice: "upgrade",
  severity: "warning",
  summary: "A live cluster is at most one minor version behind the newest Kubernetes",
  docs: {
    seed: "2.2 Upgrade to the Latest Version",
    why: "Each minor version you skip makes the next upgrade bigger: more removed APIs to migrate at once, more behaviour changes to test, and the API server only allows upgrading one minor at a time, so a cluster three versions behind needs three careful upgrades in a row. Staying within one minor of the newest release keeps each upgrade routine and keeps security fixes coming.",
    fix: "Upgrade the control plane one minor version at a time (then the nodes), fixing what `api-removed` and `api-deprecated` report for the next version first (`shipshape lint --kube-version <next>` on your manifests).",
    before: "# kubectl version → Server Version: v1.33.4 (newest: 1.37)\n",
    after: "# kubectl version → Server Version: v1.36.2 (newest: 1.37)\n",
    notes: "Only `shipshape scan` reports it: the cluster's version comes from the API server's `/version`. The newest version is the newest this shipshape knows; a server newer than that is said in a warning, and rules are then judged for the newest known version.",
  },
});
