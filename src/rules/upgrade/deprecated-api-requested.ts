// Reported by `shipshape scan` (cluster/checks.ts) from the API server's own metric.
import { defineInputRule } from "../rule.js";

export default defineInputRule({
  id: "deprecated-api-requested",
  practice: "upgrade",
  severity: "warning",
  summary: "No client still calls an API version that is deprecated or about to be removed",
  docs: {
    seed: "2.2 Upgrade to the Latest Version",
    why: "Manifests in Git are only half the story: controllers, CI jobs, dashboards and scripts call the API too, and the objects in the cluster look current whatever version a client asked for. The API server counts every request to a deprecated version in its `apiserver_requested_deprecated_apis` metric, with the release that removes it. A client on that list breaks on the day of the upgrade.",
    fix: "Find the clients (the audit log records the user agent and the `k8s.io/deprecated` annotation of such requests) and update them to the replacement version before upgrading.",
    before: "# apiserver_requested_deprecated_apis{group=\"flowcontrol.apiserver.k8s.io\",removed_release=\"1.32\",resource=\"flowschemas\",version=\"v1beta3\"} 1\n",
    after: "# apiserver_requested_deprecated_apis: no samples\n",
    notes: "Only `shipshape scan` reports it, and only when the identity may read the non-resource URL `/metrics` (otherwise the scan says so in a warning). The metric covers requests since the API server last started.",
  },
});
