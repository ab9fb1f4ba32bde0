import { apiStatusAt, isScheduledRemoval, replacementAdvice } from "../../model/deprecated-apis.js";
import { formatKubeVersion } from "../../model/kube-version.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "api-deprecated",
  practice: "upgrade",
  severity: "warning",
  summary: "Objects should not use an apiVersion that is deprecated at the target Kubernetes version",
  docs: {
    seed: "2.2 Upgrade to the Latest Version",
    why: [
      "A deprecated API version still works, but its days are counted: Kubernetes has announced the release that stops serving it, and the API server already answers every request that uses it with a deprecation warning. Moving a manifest while both versions are served is a quiet edit; doing it on the day of the upgrade that removes the old one is an outage (see `api-removed`).",
      "The seed's advice to keep the cluster upgraded only works if the manifests are ready for the next release before it arrives. This rule gives that notice, against the version you target (`--kube-version`, or `kubeVersion:` in `.shipshape.yaml`; the newest version shipshape knows when neither is set), and names the release that removes the version.",
    ].join("\n\n"),
    fix: "Change `apiVersion` to the replacement the finding names, served by your target already, and apply the field changes it lists. Where no API replaces the old one (PodSecurityPolicy), the finding says what takes over.",
    before: `apiVersion: resource.k8s.io/v1beta1
kind: DeviceClass
metadata:
  name: gpu.example.com
spec:
  selectors:
    - cel:
        expression: device.driver == "gpu.example.com"
`,
    after: `apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata:
  name: gpu.example.com
spec:
  selectors:
    - cel:
        expression: device.driver == "gpu.example.com"
`,
    notes: [
      "A version counts as deprecated from the release in which the API server starts warning about it (its lifecycle data), which can be later than the release notes that first announced it. When the removal is a release that does not exist yet, the finding says it is scheduled: that is the removal the API's lifecycle sets, and Kubernetes keeps to it unless the version is extended.",
      "The example assumes the default target, the newest version shipshape knows. With `--kube-version 1.21` a `policy/v1beta1` PodSecurityPolicy is reported here (removed in 1.25); with 1.25 or later `api-removed` reports it instead.",
      "The table is `src/model/deprecated-apis.ts`; see `api-removed` for what it covers.",
    ].join("\n\n"),
  },
  check({ object, kubeVersion, report }) {
    const status = apiStatusAt(object.apiVersion, object.kind, kubeVersion);
    if (status.state !== "deprecated") return;
    const { entry } = status;
    const removal =
      entry.removedIn === undefined
        ? "; no removal is scheduled yet"
        : isScheduledRemoval(entry)
          ? ` and scheduled for removal in ${formatKubeVersion(entry.removedIn)}`
          : ` and removed in ${formatKubeVersion(entry.removedIn)}`;
    const since = entry.deprecatedIn !== undefined ? ` since Kubernetes ${formatKubeVersion(entry.deprecatedIn)}` : "";
    const note = entry.note !== undefined ? ` (${entry.note})` : "";
    report({
      path: ["apiVersion"],
      message: `${object.apiVersion} ${object.kind} is deprecated${since}${removal}${note}: ${replacementAdvice(entry, kubeVersion)}`,
    });
  },
});
