// Objects placed in a namespace that the input does not create: fine, but worth saying once.
import { isSystemNamespace } from "../../model/namespaces.js";
import { defineIndexRule, type IndexedResource } from "../rule.js";

/**
 * Namespaced kinds looked at besides workloads: the ones an application usually ships. ConfigMaps
 * and Secrets are left out so that the run does not keep their (possibly large) data for this.
 */
const KINDS = [
  "Namespace",
  "Service",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "Ingress",
  "PersistentVolumeClaim",
  "PodDisruptionBudget",
  "NetworkPolicy",
  "HorizontalPodAutoscaler",
  "LimitRange",
  "ResourceQuota",
];

const JUDGED = new Set(KINDS);

/** A name the API server accepts for a namespace (RFC 1123 label); placeholders such as ${NS} are not. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Document and item number of an object in its file, from its key ("file#3" or "file#3#1"). */
function positionOf(resource: IndexedResource): [number, number] {
  const match = /#(\d+)(?:#(\d+))?$/.exec(resource.key);
  return match === null ? [0, 0] : [Number(match[1]), Number(match[2] ?? -1)];
}

/** Input order: file (as findings are ordered), then place in the file. */
function comesBefore(a: IndexedResource, b: IndexedResource): boolean {
  if (a.file !== b.file) {
    if (a.file === undefined) return false;
    if (b.file === undefined) return true;
    return a.file < b.file;
  }
  const [documentA, itemA] = positionOf(a);
  const [documentB, itemB] = positionOf(b);
  return documentA !== documentB ? documentA < documentB : itemA < itemB;
}

export default defineIndexRule({
  id: "namespace-not-declared",
  practice: "namespaces-labels",
  severity: "info",
  summary: "Say when objects use a namespace that no Namespace object of the input creates",
  needs: { kinds: KINDS, workloads: true, paths: [["metadata", "namespace"]] },
  docs: {
    seed: "4.4 Use Namespaces and Labels",
    why: [
      "Namespaces are meant to be defined deliberately, each with its own access rules, network policies, quotas and Pod Security level. When manifests place objects in a namespace that they do not create, those settings live somewhere else (a platform repository, a cluster bootstrap), or nowhere: `kubectl apply` fails with `namespaces \"shop\" not found` on a fresh cluster, and a namespace created by hand with `kubectl create namespace` carries none of the controls.",
      "This is often intended, so it is information, said once per namespace, not a warning.",
    ].join("\n\n"),
    fix: "Add a Namespace manifest for it (with its Pod Security labels) to the input, or make sure the namespace is created with its controls by whatever provisions the cluster.",
    before: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
    after: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
    notes: [
      "Reported once per namespace, at `metadata.namespace` of its first object in the input (by file name, then position in the file), with the number of objects that use it. A Namespace object anywhere in the run (any file or folder) counts as a declaration.",
      "Not reported: objects that name no namespace (Helm and Kustomize usually set it at install time) or a name that is not a valid namespace name (a placeholder such as `${NAMESPACE}` filled in before applying), `default` (see `default-namespace`), and `kube-system`, `kube-public` and `kube-node-lease`, which every cluster has. Objects are those that run pods plus Services, ServiceAccounts, Roles, RoleBindings, Ingresses, PersistentVolumeClaims, PodDisruptionBudgets, NetworkPolicies, HorizontalPodAutoscalers, LimitRanges and ResourceQuotas; a namespace used only by ConfigMaps, Secrets or custom resources is not reported.",
    ].join("\n\n"),
  },
  check({ index, report }) {
    // The namespaces that could be reported, before any object is looked at: in a webhook review
    // every namespace is declared (it is the cluster's), so no object is.
    const undeclared = new Set<string>();
    for (const namespace of index.namespacesInUse()) {
      if (namespace === "" || index.namespace(namespace) !== undefined) continue;
      if (!NAMESPACE_NAME.test(namespace) || namespace === "default" || isSystemNamespace(namespace)) continue;
      undeclared.add(namespace);
    }
    if (undeclared.size === 0) return;
    const first = new Map<string, IndexedResource>();
    const count = new Map<string, number>();
    for (const resource of index.all()) {
      // Other rules keep more kinds in the index; judge the same objects whichever rules are on.
      if (resource.kind === "Namespace" || (resource.workload === undefined && !JUDGED.has(resource.kind))) continue;
      const namespace = resource.namespace;
      if (namespace === undefined || !undeclared.has(namespace)) continue;
      count.set(namespace, (count.get(namespace) ?? 0) + 1);
      const current = first.get(namespace);
      if (current === undefined || comesBefore(resource, current)) first.set(namespace, resource);
    }
    for (const [namespace, resource] of first) {
      const n = count.get(namespace) ?? 1;
      report({
        resource,
        path: ["metadata", "namespace"],
        message: `Namespace "${namespace}" is used by ${n === 1 ? "1 object" : `${n} objects`} of the input but no Namespace object of the input creates it: it must already exist in the cluster (with its quotas, network policies and Pod Security labels) or be created by your deployment tool`,
      });
    }
  },
});
