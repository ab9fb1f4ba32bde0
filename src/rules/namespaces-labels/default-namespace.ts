import { asString } from "../../model/json.js";
import { isClusterScoped, metadataOf } from "../../model/object.js";
import { defineObjectRule } from "../rule.js";

interface Options {
  readonly reportMissingNamespace: boolean;
}

export default defineObjectRule<Options>({
  id: "default-namespace",
  practice: "namespaces-labels",
  severity: "warning",
  summary: "Objects belong in a namespace of their own, not in default",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        reportMissingNamespace: {
          type: "boolean",
          description: "Also report namespaced objects that name no namespace (they land in whatever namespace kubectl's context uses, often `default`). Off by default because Helm and Kustomize set the namespace at install time.",
        },
      },
    },
    defaults: { reportMissingNamespace: false },
  },
  docs: {
    seed: "4.4 Use Namespaces and Labels",
    why: "Namespaces are the unit Kubernetes scopes everything to: RBAC roles, network policies, resource quotas, limit ranges and Pod Security levels. The `default` namespace is where everything lands when nobody decided, so it accumulates unrelated workloads that cannot be given different rules, and anyone with rights there can touch all of them. Giving each application or team a namespace of its own is what makes the other controls possible.",
    fix: "Create a namespace for the application (`kubectl create namespace shop`, or a Namespace manifest) and set `metadata.namespace` to it, or let your deployment tool set it.",
    before: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
    after: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
    notes: "Only an explicit `namespace: default` is reported unless `reportMissingNamespace` is on: manifests rendered by Helm or Kustomize usually get their namespace at install time. Cluster-scoped kinds are never reported.",
  },
  check({ object, options, report }) {
    if (isClusterScoped(object.kind)) return;
    const metadata = metadataOf(object);
    const namespace = asString(metadata.namespace);
    if (namespace === "default") {
      report({ path: ["metadata", "namespace"], message: `${object.kind} is in the default namespace: give the application a namespace of its own` });
    } else if ((namespace === undefined || namespace === "") && options.reportMissingNamespace) {
      report({ path: ["metadata"], message: `${object.kind} names no namespace: it lands in the current context's namespace, often default` });
    }
  },
});
