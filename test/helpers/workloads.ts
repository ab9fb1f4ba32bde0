// Objects tests build: a Deployment that passes every single-object rule, to vary one field at a time.
import type { KubeObject } from "../../src/model/object.js";

export interface DeploymentExtras {
  /** Default "shop". */
  readonly namespace?: string;
  readonly annotations?: Record<string, string>;
  readonly replicas?: number;
  /** Merged into metadata last (deletionTimestamp, ownerReferences…). */
  readonly metadata?: Record<string, unknown>;
}

/** A compliant Deployment; `container` fields replace or add to its one container's. */
export function compliantDeployment(name: string, container: Record<string, unknown> = {}, extra: DeploymentExtras = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: extra.namespace ?? "shop", labels: { "app.kubernetes.io/name": name }, ...(extra.annotations !== undefined ? { annotations: extra.annotations } : {}), ...extra.metadata },
    spec: {
      replicas: extra.replicas ?? 1,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image: "registry.example.com/shop/app:1.2.3",
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              ...container,
            },
          ],
        },
      },
    },
  };
}
