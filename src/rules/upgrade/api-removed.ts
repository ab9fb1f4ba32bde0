import { apiStatusAt, predecessorAt, replacementAdvice } from "../../model/deprecated-apis.js";
import { formatKubeVersion } from "../../model/kube-version.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "api-removed",
  practice: "upgrade",
  severity: "error",
  summary: "Objects must use an apiVersion that the target Kubernetes version serves",
  docs: {
    seed: "2.2 Upgrade to the Latest Version",
    why: [
      "Kubernetes moves its APIs forward by publishing a new version of a kind (a beta becomes `v1`), deprecating the old one and, a few releases later, no longer serving it at all. From that release on, the API server answers a manifest written against the old version with an error such as `no matches for kind \"Ingress\" in version \"extensions/v1beta1\"`: the deploy fails, a Helm release cannot be upgraded, a GitOps sync stalls. Objects already stored in the cluster survive (the server converts them), which is why the breakage often shows only at the next deploy after a cluster upgrade.",
      "The seed asks to stay on a recent Kubernetes version and to upgrade regularly; manifests that still use removed API versions are what turns a routine upgrade into an outage, so they are reported as errors against the version you target (`--kube-version`, or `kubeVersion:` in `.shipshape.yaml`; the newest version shipshape knows when neither is set).",
    ].join("\n\n"),
    fix: "Change `apiVersion` to the replacement the finding names and apply the field changes it lists (for Ingress: `spec.defaultBackend`, `service.name`, `service.port`, `pathType`). `kubectl convert` (the kubectl-convert plugin) can rewrite a file, but check its output: new versions sometimes change defaults. Where no API replaces the old one (PodSecurityPolicy), the finding says what takes over. When the finding says the version is not served yet, your target is older than the version you wrote: use the older version it names, or target a newer Kubernetes.",
    before: `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  backend:
    serviceName: web
    servicePort: 80
`,
    after: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  defaultBackend:
    service:
      name: web
      port:
        number: 80
`,
    notes: [
      "The table behind this rule (`src/model/deprecated-apis.ts`) covers every API version Kubernetes deprecated or stopped serving from 1.16 to the newest version shipshape knows: the Deprecated API Migration Guide, plus the alpha and beta versions the API server's own lifecycle data and the releases' OpenAPI documents show removed (flow control, admission policies, dynamic resource allocation, storage, certificates, scheduling). Each entry names its source.",
      "The same rule reports an apiVersion that the target does not serve *yet* (a `networking.k8s.io/v1` Ingress for a 1.18 cluster), when the table knows when that version arrived: the API server refuses it just the same. Versions the table does not know are never reported, so custom resources are left alone.",
      "\"Served\" means the release has the version. Alpha versions, and beta versions introduced since 1.24, must also be enabled on the API server.",
      "Versions still served but deprecated at the target are reported by `api-deprecated`. Peers: Pluto and kubent do this job with their own tables; kube-score's `stable-version` knows nine versions and defaults to Kubernetes 1.18; kube-linter only flags `extensions/v1beta1`.",
    ].join("\n\n"),
  },
  check({ object, kubeVersion, report }) {
    const status = apiStatusAt(object.apiVersion, object.kind, kubeVersion);
    const target = formatKubeVersion(kubeVersion);
    const type = `${object.apiVersion} ${object.kind}`;
    if (status.state === "removed") {
      const { entry } = status;
      const note = entry.note !== undefined ? ` (${entry.note})` : "";
      report({
        path: ["apiVersion"],
        message: `${type} is not served by Kubernetes ${target}: it was removed in ${formatKubeVersion(entry.removedIn ?? kubeVersion)}${note}; ${replacementAdvice(entry, kubeVersion)}`,
      });
    } else if (status.state === "not-yet-served") {
      const older = predecessorAt(object.apiVersion, object.kind, kubeVersion);
      const instead = older !== undefined ? `use ${older.kind === object.kind ? older.apiVersion : `${older.apiVersion} ${older.kind}`} on ${target}, or target ${formatKubeVersion(status.since)} or later` : `target ${formatKubeVersion(status.since)} or later`;
      report({
        path: ["apiVersion"],
        message: `${type} is not served by Kubernetes ${target} yet: it arrived in ${formatKubeVersion(status.since)}; ${instead}`,
      });
    }
  },
});
