// The audit log file backend must rotate and prune its files: an unbounded log fills the
// control-plane disk, and a log pruned after a day is gone before anyone investigates.
import { apiServerCommand, flagOf, intFlag, type ApiServerCommand } from "../../model/apiserver-flags.js";
import { compareKubeVersions, type KubeVersion } from "../../model/kube-version.js";
import { defineObjectRule } from "../rule.js";
import { apiServerPod, SEED } from "./shared.js";

export interface RetentionOptions {
  readonly minAgeDays: number;
}

/** Defaults of kube-apiserver's audit log flags: 1.36 made rotated files expire (maxage 366, maxbackup 100). */
function defaultsFor(version: KubeVersion): { maxage: number; maxbackup: number; maxsize: number } {
  return compareKubeVersions(version, { major: 1, minor: 36 }) >= 0 ? { maxage: 366, maxbackup: 100, maxsize: 100 } : { maxage: 0, maxbackup: 0, maxsize: 100 };
}

function pathOf(command: ApiServerCommand, name: string): readonly (string | number)[] {
  return flagOf(command, name)?.path ?? flagOf(command, "audit-log-path")?.path ?? [...command.containerPath, "command"];
}

export default defineObjectRule<RetentionOptions>({
  id: "audit-log-retention",
  practice: "audit-logging",
  severity: "warning",
  summary: "The audit log file is rotated and pruned (--audit-log-maxsize, --audit-log-maxage, --audit-log-maxbackup), and kept long enough",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        minAgeDays: { type: "integer", minimum: 0, description: "Fewest days --audit-log-maxage may keep rotated files (default 30, as the CIS benchmark asks; 0 turns this check off)." },
      },
    },
    defaults: { minAgeDays: 30 },
  },
  docs: {
    seed: SEED,
    why: "The audit log backend writes to a file on the control-plane node. Without rotation (`--audit-log-maxsize`) or pruning of rotated files (`--audit-log-maxage`, `--audit-log-maxbackup`) it grows until the disk is full, and the API server fails with it. Pruned too eagerly, the evidence of an intrusion is gone before it is noticed: investigations routinely look weeks back. Before Kubernetes 1.36 rotated files were kept forever unless `--audit-log-maxage` or `--audit-log-maxbackup` was set; since 1.36 they default to 366 days and 100 files, and `--audit-log-maxsize=0` turns rotation off.",
    fix: "Set `--audit-log-maxsize` (MB per file, e.g. 100), `--audit-log-maxbackup` (files kept, e.g. 10) and `--audit-log-maxage` (days, at least 30), sized to the node's disk; ship the log off the node so that the copy on disk is not the only one.",
    before: apiServerPod(["--audit-policy-file=/etc/kubernetes/audit/policy.yaml", "--audit-log-path=/var/log/kubernetes/audit/audit.log", "--audit-log-maxage=1", "--audit-log-maxsize=0"]),
    after: apiServerPod(["--audit-policy-file=/etc/kubernetes/audit/policy.yaml", "--audit-log-path=/var/log/kubernetes/audit/audit.log", "--audit-log-maxage=30", "--audit-log-maxbackup=10", "--audit-log-maxsize=100"]),
    notes:
      "Judged for the target Kubernetes version (`--kube-version`, or the cluster's in `shipshape scan`), whose flag defaults apply to flags that are not written. Only the file backend is judged: with `--audit-log-path=-` the events go to standard output, which the container runtime rotates, and a webhook backend keeps nothing on the node.",
  },
  check({ object, options, kubeVersion, report }) {
    if (object.kind !== "Pod") return;
    const command = apiServerCommand(object);
    if (command === undefined) return;
    const path = flagOf(command, "audit-log-path")?.value.trim() ?? "";
    if (path === "" || path === "-") return;
    const defaults = defaultsFor(kubeVersion);
    const maxsize = intFlag(command, "audit-log-maxsize")?.value ?? defaults.maxsize;
    const maxage = intFlag(command, "audit-log-maxage")?.value ?? defaults.maxage;
    const maxbackup = intFlag(command, "audit-log-maxbackup")?.value ?? defaults.maxbackup;
    const rotates = maxsize > 0 || compareKubeVersions(kubeVersion, { major: 1, minor: 36 }) < 0;
    if (!rotates) {
      report({ path: pathOf(command, "audit-log-maxsize"), message: `--audit-log-maxsize=0 turns rotation off: ${path} grows until the control-plane disk is full; set it (e.g. 100 MB)`, container: command.container });
    } else if (maxage === 0 && maxbackup === 0) {
      const unset = ["audit-log-maxage", "audit-log-maxbackup"].filter((f) => flagOf(command, f) === undefined);
      report({
        path: pathOf(command, "audit-log-maxage"),
        message: `rotated audit log files are never removed (--audit-log-maxage and --audit-log-maxbackup are 0${unset.length > 0 ? `; ${unset.map((f) => `--${f}`).join(" and ")} unset, whose default is 0 before Kubernetes 1.36` : ""}): they fill the control-plane disk; set --audit-log-maxage (days) and --audit-log-maxbackup (files)`,
        container: command.container,
      });
    }
    if (options.minAgeDays > 0 && maxage > 0 && maxage < options.minAgeDays) {
      report({ path: pathOf(command, "audit-log-maxage"), message: `--audit-log-maxage=${maxage} deletes audit logs after ${maxage} day${maxage === 1 ? "" : "s"}: keep them at least ${options.minAgeDays} days so that an intrusion can still be traced when it is noticed`, container: command.container });
    }
  },
});
