// The ValidatingWebhookConfiguration that puts `shipshape serve` in front of the API server.
import yaml from "js-yaml";

export interface WebhookConfigOptions {
  readonly name: string;
  /** The Service in front of the webhook, or a URL (out-of-cluster, tests). */
  readonly service?: { readonly namespace: string; readonly name: string; readonly port: number };
  readonly url?: string;
  /** PEM of the CA that signed the serving certificate. */
  readonly caBundle?: string;
  readonly failurePolicy: "Fail" | "Ignore";
  readonly timeoutSeconds: number;
  /** Namespaces never sent to the webhook: kube-system and the webhook's own. */
  readonly excludeNamespaces: readonly string[];
}

/** What the rules judge, by API group. Events, leases and the like are never sent. */
const RESOURCES: ReadonlyArray<{ apiGroups: string[]; resources: string[] }> = [
  { apiGroups: [""], resources: ["pods", "replicationcontrollers", "podtemplates", "services", "namespaces", "serviceaccounts", "limitranges", "resourcequotas"] },
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"] },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"] },
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies", "ingresses"] },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"] },
];

export function webhookConfiguration(options: WebhookConfigOptions): Record<string, unknown> {
  const clientConfig: Record<string, unknown> =
    options.url !== undefined ? { url: options.url } : { service: { namespace: options.service?.namespace ?? "shipshape", name: options.service?.name ?? "shipshape", path: "/validate", port: options.service?.port ?? 443 } };
  if (options.caBundle !== undefined) clientConfig.caBundle = Buffer.from(options.caBundle).toString("base64");
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: options.name, labels: { "app.kubernetes.io/name": "shipshape", "app.kubernetes.io/component": "admission-webhook" } },
    webhooks: [
      {
        name: options.name === "shipshape" ? "validate.shipshape.dev" : `validate.${options.name}.shipshape.dev`,
        admissionReviewVersions: ["v1"],
        sideEffects: "None",
        failurePolicy: options.failurePolicy,
        timeoutSeconds: options.timeoutSeconds,
        matchPolicy: "Equivalent",
        clientConfig,
        rules: RESOURCES.map((r) => ({ operations: ["CREATE", "UPDATE"], apiGroups: r.apiGroups, apiVersions: ["*"], resources: r.resources, scope: "*" })),
        namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...options.excludeNamespaces] }] },
        matchConditions: [
          // A deletion in progress only removes finalizers: never block it.
          { name: "not-being-deleted", expression: "!has(object.metadata.deletionTimestamp)" },
          // Pods of a ReplicaSet, ReplicaSets of a Deployment: their controller was reviewed.
          { name: "not-owned-by-a-controller", expression: "!has(object.metadata.ownerReferences) || !object.metadata.ownerReferences.exists(r, has(r.controller) && r.controller)" },
          // The kubelet's mirror pods and status writes.
          { name: "not-from-a-node", expression: "!request.userInfo.username.startsWith('system:node:')" },
        ],
      },
    ],
  };
}

export function webhookConfigurationYaml(options: WebhookConfigOptions): string {
  return yaml.dump(webhookConfiguration(options), { lineWidth: -1, noRefs: true });
}
