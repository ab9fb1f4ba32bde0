// `shipshape lint --server-dry-run`: every object of the input is sent to the API server as a
// server-side apply with dryRun=All. Nothing is changed; what the server refuses (its schema,
// its validation, admission such as the namespace's enforced Pod Security level) and what it
// warns about come back as findings at the object's place in its file.
import type { Finding, Location } from "../engine/findings.js";
import type { ObjectPath } from "../model/json.js";
import { effectiveNamespace, isClusterScoped, nameOf, type KubeObject } from "../model/object.js";
import { parseFieldPath } from "../model/workloads.js";
import type { PracticeId } from "../model/practices.js";
import type { Severity } from "../rules/rule.js";
import { resourceRefOf } from "../engine/run.js";
import { statusMessage, type ClusterConnection } from "./connection.js";
import { collectionPath, discover, type ApiResource } from "./discovery.js";

export interface DryRunObject {
  readonly object: KubeObject;
  readonly locate: (path: ObjectPath) => Location;
}

export interface DryRunRules {
  severity(ruleId: string): Severity | undefined;
  practice(ruleId: string): PracticeId;
}

interface StatusCause {
  readonly field?: string;
  readonly message?: string;
  readonly reason?: string;
}

function causesOf(text: string): StatusCause[] {
  try {
    const status = JSON.parse(text) as { details?: { causes?: StatusCause[] } };
    return Array.isArray(status.details?.causes) ? status.details.causes : [];
  } catch {
    return [];
  }
}

/** The path a server cause names, when it is one ("spec.template.spec.containers[0].image"). */
function causePath(field: string | undefined): ObjectPath {
  if (field === undefined || field === "" || field.includes(" ") || field.startsWith("<")) return [];
  return parseFieldPath(field.replace(/\[([^\]\d][^\]]*)\]/g, ".$1"));
}

export async function serverDryRun(connection: ClusterConnection, objects: readonly DryRunObject[], rules: DryRunRules, defaultNamespace: string): Promise<Finding[]> {
  const rejected = rules.severity("server-dry-run-rejected");
  const warned = rules.severity("server-dry-run-warning");
  if (rejected === undefined && warned === undefined) return [];
  const { resources } = await discover(connection);
  const byType = new Map<string, ApiResource>();
  for (const r of resources) byType.set(`${r.group === "" ? r.version : `${r.group}/${r.version}`} ${r.kind}`, r);
  const findings: Finding[] = [];
  const add = (rule: "server-dry-run-rejected" | "server-dry-run-warning", severity: Severity | undefined, item: DryRunObject, path: ObjectPath, message: string) => {
    if (severity === undefined) return;
    findings.push({ rule, practice: rules.practice(rule), severity, message, resource: resourceRefOf(item.object), location: item.locate(path), path: path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[") });
  };
  for (const item of objects) {
    const { object } = item;
    const name = nameOf(object);
    const resource = byType.get(`${object.apiVersion} ${object.kind}`);
    if (resource === undefined) {
      add("server-dry-run-rejected", rejected, item, ["kind"], `the API server of ${connection.describe()} does not serve ${object.apiVersion} ${object.kind}`);
      continue;
    }
    if (name === undefined) continue; // generateName: server-side apply needs a name; object-name-missing covers the rest
    const namespace = resource.namespaced ? (effectiveNamespace(object) ?? defaultNamespace) : undefined;
    const path = `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}?dryRun=All&fieldManager=shipshape-dry-run&force=true&fieldValidation=Strict`;
    const body = JSON.stringify(resource.namespaced && !isClusterScoped(object.kind) && namespace !== undefined ? { ...object, metadata: { ...(object.metadata as object), namespace } } : object);
    const response = await connection.request(path, { method: "PATCH", body, contentType: "application/apply-patch+yaml" });
    for (const warning of response.warnings) add("server-dry-run-warning", warned, item, [], `the API server warns: ${warning}`);
    if (response.status >= 200 && response.status < 300) continue;
    const message = statusMessage(response.text);
    if (response.status === 404 && /namespaces? "[^"]+" not found/.test(message)) {
      add("server-dry-run-rejected", rejected, item, ["metadata", "namespace"], `namespace "${namespace ?? ""}" does not exist in ${connection.describe()}: create it first (a dry run of the Namespace in the same input does not create it)`);
      continue;
    }
    const causes = causesOf(response.text).filter((c) => c.message !== undefined);
    if (causes.length === 0) add("server-dry-run-rejected", rejected, item, [], `the API server refuses it (${response.status}): ${message}`);
    for (const cause of causes) add("server-dry-run-rejected", rejected, item, causePath(cause.field), `the API server refuses it: ${cause.field !== undefined && cause.field !== "" ? `${cause.field}: ` : ""}${cause.message ?? ""}`);
  }
  return findings;
}
