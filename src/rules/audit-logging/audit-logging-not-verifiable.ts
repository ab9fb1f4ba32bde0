// Reported by `shipshape scan` (cluster/control-plane-checks.ts), once per cluster, when the
// API server's flags cannot be read from inside the cluster.
import { defineInputRule } from "../rule.js";
import { SEED } from "./shared.js";

export default defineInputRule({
  id: "audit-logging-not-verifiable",
  practice: "audit-logging",
  severity: "warning",
  summary: "A live scan says when audit logging cannot be judged from inside the cluster",
  docs: {
    seed: SEED,
    why: "Audit logging is configured by kube-apiserver's flags (`--audit-policy-file`, `--audit-log-path` or a webhook) and its policy file, which only its static pod shows (as a mirror pod in kube-system). Managed control planes (EKS, GKE, AKS and most others) run the API server out of sight and deliver audit logs through their own services. Rather than pass in silence, the scan says the practice was not judged.",
    fix: "Check it where it is decided. EKS: enable the `audit` control-plane log type (CloudWatch Logs). GKE: Cloud Audit Logs (Admin Activity is always on; enable Data Access for reads). AKS: a diagnostic setting for `kube-audit` or `kube-audit-admin`. On your own control plane, lint the static pod manifest and the audit Policy from the control-plane node with `shipshape lint`.",
    before: "# shipshape scan: no kube-apiserver Pod is readable in kube-system (managed control plane)\n",
    after: "# shipshape scan: kube-system/kube-apiserver-cp1 (mirror pod) runs with --audit-policy-file and --audit-log-path\n",
    notes: "Only `shipshape scan` reports it. When the mirror pod is readable its flags are judged by `audit-log-disabled` and `audit-log-retention`; the policy file lives on the control-plane node's disk, which no API shows, so the scan also warns that the policy itself was not judged.",
  },
});
