// Reported by `shipshape scan` (cluster/checks.ts), once per cluster.
import { defineInputRule } from "../rule.js";

export default defineInputRule({
  id: "log-shipper-missing",
  practice: "log-aggregation",
  severity: "warning",
  summary: "A log shipper runs on every node of a live cluster",
  docs: {
    seed: "3.2 Tools",
    why: "Containers write their logs to the node they run on, where they rotate away quickly and vanish with the node or the pod. Without a shipper on every node (a DaemonSet such as Fluent Bit, Fluentd, Vector, an OpenTelemetry Collector or a cloud agent) sending them to a central store, the logs you need after an incident, or for an audit, are gone.",
    fix: "Run a log shipper as a DaemonSet that tolerates the taints of every node pool (or use your provider's managed logging agent), and check that its pods are available on every node.",
    before: "# kubectl get daemonsets -A → kube-proxy only\n",
    after: "# kubectl get daemonsets -A → kube-proxy, logging/fluent-bit (desired 12, available 12, nodes 12)\n",
    notes: "Only `shipshape scan` judges it, and only when it reads every namespace: the practice is about what runs, not about a repository (which rarely holds the cluster's logging). Shippers are recognised by the DaemonSet's name and its container images (Fluent Bit, Fluentd, Vector, OpenTelemetry Collector, Datadog, Elastic, Grafana Alloy/Agent/Promtail, Splunk, Logstash, CloudWatch, Azure Monitor, Google Cloud Logging, New Relic, Sumo Logic, Mezmo, syslog forwarders). When Nodes are readable, the shipper with the most available pods must be available on each of them.",
  },
});
