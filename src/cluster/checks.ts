// What only a live cluster can tell: how far its version is behind, whether a log shipper runs
// on its nodes, and which deprecated APIs its clients still call (the API server's own metric).
import { minorsBehindNewest } from "../model/kube-releases.js";
import { formatKubeVersion, NEWEST_KUBE_VERSION, parseKubeVersion, compareKubeVersions } from "../model/kube-version.js";
import { asObject } from "../model/json.js";
import { effectiveNamespace, nameOf, type KubeObject } from "../model/object.js";
import { containersOf } from "../model/containers.js";
import type { ClusterConnection } from "./connection.js";
import { addControlPlaneChecks } from "./control-plane-checks.js";

export interface ClusterChecks {
  readonly findings: Array<{ rule: string; message: string }>;
  readonly warnings: string[];
  readonly requests: number;
}

/** Log shippers by the words their images or DaemonSets are named with. */
const SHIPPERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/fluent-?bit/i, "Fluent Bit"],
  [/fluentd/i, "Fluentd"],
  [/(^|[/-])vector($|[:@-])/i, "Vector"],
  [/datadog/i, "the Datadog agent"],
  [/filebeat|elastic-agent/i, "Elastic (Filebeat, Elastic Agent)"],
  [/promtail|grafana-agent|(^|\/)alloy($|[:@-])/i, "Grafana (Promtail, Agent, Alloy)"],
  [/opentelemetry-collector|otel-?collector|otelcol/i, "the OpenTelemetry Collector"],
  [/splunk/i, "Splunk Connect / OTel"],
  [/logstash/i, "Logstash"],
  [/cloudwatch-agent|aws-for-fluent-bit/i, "the CloudWatch agent"],
  [/ama-logs|omsagent/i, "Azure Monitor (ama-logs)"],
  [/gke-metrics-agent|stackdriver|google-fluentd/i, "Google Cloud Logging"],
  [/newrelic-logging|nri-bundle/i, "New Relic"],
  [/sumologic/i, "Sumo Logic"],
  [/logdna|mezmo/i, "Mezmo (LogDNA)"],
  [/rsyslog|syslog-ng|nxlog/i, "a syslog forwarder"],
];

function shipperOf(daemonSet: KubeObject): string | undefined {
  const podSpec = asObject(asObject(asObject(daemonSet.spec)?.template)?.spec);
  const images = podSpec === undefined ? [] : containersOf(podSpec).map((c) => (typeof c.container.image === "string" ? c.container.image : ""));
  const names = [nameOf(daemonSet) ?? "", ...images];
  for (const [pattern, label] of SHIPPERS) if (names.some((n) => pattern.test(n))) return label;
  return undefined;
}

function logShipping(objects: readonly KubeObject[]): { rule: string; message: string } | undefined {
  const daemonSets = objects.filter((o) => o.kind === "DaemonSet");
  const nodes = objects.filter((o) => o.kind === "Node").length;
  const shippers = daemonSets.map((d) => ({ d, label: shipperOf(d) })).filter((s): s is { d: KubeObject; label: string } => s.label !== undefined);
  if (shippers.length === 0) {
    return {
      rule: "log-shipper-missing",
      message: `no DaemonSet ships container logs off the nodes (looked for Fluent Bit, Fluentd, Vector, OpenTelemetry, Datadog, Elastic, Grafana and cloud agents among ${daemonSets.length} DaemonSet${daemonSets.length === 1 ? "" : "s"}): logs stay on the nodes and are lost with them`,
    };
  }
  if (nodes === 0) return undefined;
  // The shipper that covers the most nodes speaks for the cluster.
  const best = shippers
    .map(({ d, label }) => ({ d, label, available: Number(asObject(d.status)?.numberAvailable ?? 0) }))
    .sort((a, b) => b.available - a.available)[0];
  if (best === undefined || best.available >= nodes) return undefined;
  return {
    rule: "log-shipper-missing",
    message: `the log shipper ${best.label} (DaemonSet ${effectiveNamespace(best.d) ?? ""}/${nameOf(best.d) ?? ""}) runs on ${best.available} of ${nodes} nodes: logs of the others are not collected (check its nodeSelector and tolerations)`,
  };
}

/** `apiserver_requested_deprecated_apis{group,version,resource,removed_release}` samples. */
export function deprecatedApiRequests(metrics: string): Array<{ group: string; version: string; resource: string; removedRelease: string }> {
  const out: Array<{ group: string; version: string; resource: string; removedRelease: string }> = [];
  for (const line of metrics.split("\n")) {
    if (!line.startsWith("apiserver_requested_deprecated_apis{")) continue;
    const labels = new Map<string, string>();
    for (const match of line.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels.set(match[1] as string, match[2] as string);
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (value !== 1) continue;
    out.push({ group: labels.get("group") ?? "", version: labels.get("version") ?? "", resource: labels.get("resource") ?? "", removedRelease: labels.get("removed_release") ?? "" });
  }
  return out;
}

export async function clusterChecks(connection: ClusterConnection, objects: readonly KubeObject[], serverVersion: string, allNamespaces: boolean): Promise<ClusterChecks> {
  const findings: Array<{ rule: string; message: string }> = [];
  const warnings: string[] = [];
  let requests = 0;

  const version = parseKubeVersion(serverVersion);
  if (version === undefined) warnings.push(`the server reports version "${serverVersion}", which is not a Kubernetes version shipshape can judge`);
  else if (compareKubeVersions(version, NEWEST_KUBE_VERSION) > 0) {
    warnings.push(`the server runs Kubernetes ${formatKubeVersion(version)}, newer than the newest this shipshape knows (${formatKubeVersion(NEWEST_KUBE_VERSION)}): rules are judged for ${formatKubeVersion(NEWEST_KUBE_VERSION)}`);
  } else {
    const behind = minorsBehindNewest(version);
    if (behind > 1) {
      findings.push({ rule: "cluster-version-outdated", message: `the cluster runs Kubernetes ${serverVersion}, ${behind} minor versions behind ${formatKubeVersion(NEWEST_KUBE_VERSION)}: upgrade one minor at a time while the gap is small` });
    }
  }

  if (allNamespaces) {
    const shipping = logShipping(objects);
    if (shipping !== undefined) findings.push(shipping);
  } else warnings.push("log shipping is judged only when every namespace is scanned (without --namespace)");

  const metrics = await connection.request("/metrics", { accept: "text/plain" });
  requests += 1;
  if (metrics.status === 200) {
    for (const use of deprecatedApiRequests(metrics.text)) {
      const api = `${use.group === "" ? "" : `${use.group}/`}${use.version} ${use.resource}`;
      findings.push({
        rule: "deprecated-api-requested",
        message: `clients of this API server still request ${api}, which ${use.removedRelease !== "" ? `is removed in Kubernetes ${use.removedRelease}` : "is deprecated"}: find them in the audit log (or with kubectl get --raw /metrics) and move them to the replacement before upgrading`,
      });
    }
  } else {
    warnings.push(`cannot read the API server's /metrics (${metrics.status}): deprecated API versions that clients still call are not judged (grant get on the non-resource URL /metrics)`);
  }
  addControlPlaneChecks({ findings, warnings }, objects, allNamespaces); // secrets-encryption, audit-logging: the API server's mirror pod
  return { findings, warnings, requests };
}
