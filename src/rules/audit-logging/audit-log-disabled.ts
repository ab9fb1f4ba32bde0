// The API server's static pod must load an audit policy and write the events somewhere.
import { apiServerPodsOf, flagOf } from "../../model/apiserver-flags.js";
import { defineIndexRule } from "../rule.js";
import { apiServerPod, auditPolicies, SEED } from "./shared.js";

const set = (value: string | undefined): boolean => value !== undefined && value.trim() !== "";

export default defineIndexRule({
  id: "audit-log-disabled",
  practice: "audit-logging",
  severity: "error",
  summary: "kube-apiserver audits requests: --audit-policy-file and a log or webhook backend",
  needs: { kinds: ["Pod", "Policy"] },
  docs: {
    seed: SEED,
    why: "The audit log is the only record of who did what through the API: which identity read a Secret, created a pod in kube-system, or was refused (`403 Forbidden`) again and again with stolen credentials. kube-apiserver audits nothing unless `--audit-policy-file` names a policy, and writes nothing unless a backend is set: `--audit-log-path` (a file, or `-` for standard output) or `--audit-webhook-config-file` (a remote collector).",
    fix: "Write an audit Policy (Secrets, ConfigMaps and TokenReviews at `Metadata`, a catch-all rule last), mount it and a log folder into the static pod (hostPath volumes), and add `--audit-policy-file=<path>` with `--audit-log-path=<file>` (plus `--audit-log-maxage`, `--audit-log-maxbackup`, `--audit-log-maxsize`), or a webhook backend. Ship the log off the node (see `log-shipper-missing`).",
    before: apiServerPod([]),
    after: apiServerPod(["--audit-policy-file=/etc/kubernetes/audit/policy.yaml", "--audit-log-path=/var/log/kubernetes/audit/audit.log", "--audit-log-maxage=30", "--audit-log-maxbackup=10", "--audit-log-maxsize=100"]),
    notes:
      "Flags are read from the kube-apiserver static pod as `encryption-provider-config-missing` reads them. The audit Policy the flag names is judged by `audit-policy-leaks-secrets`, `audit-policy-no-catch-all` and `audit-policy-logs-nothing` wherever it is among the files given (see docs/control-plane-config.md). `shipshape scan` reads the flags from the mirror pod; on managed control planes, where there is none, it says the practice cannot be judged from inside the cluster (`audit-logging-not-verifiable`).",
  },
  check({ index, report }) {
    const policies = auditPolicies(index);
    for (const { pod, command } of apiServerPodsOf(index.ofKind("Pod"))) {
      const policy = flagOf(command, "audit-policy-file");
      const at = (flagPath: readonly (string | number)[] | undefined) => flagPath ?? [...command.containerPath, "command"];
      if (!set(policy?.value)) {
        const unused = policies.length > 0 ? `; the audit Policy in ${policies[0]?.file ?? "the input"} is not used until the flag points at it` : "";
        report({ resource: pod, path: at(policy?.path), message: `kube-apiserver runs without --audit-policy-file: no request is audited, not even refused ones (403)${unused}`, container: command.container });
        continue;
      }
      const log = flagOf(command, "audit-log-path");
      const webhook = flagOf(command, "audit-webhook-config-file");
      if (set(log?.value) || set(webhook?.value)) continue;
      report({
        resource: pod,
        path: at(policy?.path),
        message: "kube-apiserver loads an audit policy but has no backend to write events to: set --audit-log-path (a file, or - for standard output) or --audit-webhook-config-file",
        container: command.container,
      });
    }
  },
});
