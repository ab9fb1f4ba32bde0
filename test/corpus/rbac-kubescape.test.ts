// The rbac rules on Kubescape's RBAC test cases (../shared/corpus/rbac/kubescape__regolibrary):
// for each Kubescape rule that judges something the rbac practice judges, every case is linted
// with the rbac rules only, and "some finding of the mapped rules" is compared with Kubescape's
// verdict. Kubescape's verdicts follow its own definitions, so the deliberate differences are
// listed below with their reason (docs/rbac.md says the same); any other difference fails. The
// test prints the tally.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { lintFiles, onlyRules } from "../helpers/lint.js";
import { corpusPath } from "../helpers/shared.js";

/** Kubescape rule → the shipshape rules that judge the same thing. */
const MAPPING: Readonly<Record<string, readonly string[]>> = {
  "rule-list-all-cluster-admins-v1": ["rbac-cluster-admin-binding"],
  "cluster-admin-role": ["rbac-cluster-admin-binding"],
  // A role that allows everything is reported once, as cluster-admin, not once per risky verb.
  "rule-can-bind-escalate": ["rbac-privilege-escalation", "rbac-cluster-admin-binding"],
  "rule-can-impersonate-users-groups-v1": ["rbac-privilege-escalation", "rbac-cluster-admin-binding"],
  "rule-can-list-get-secrets-v1": ["rbac-secrets-read", "rbac-cluster-admin-binding"],
  "exec-into-container-v1": ["rbac-pod-exec", "rbac-cluster-admin-binding"],
  "rule-can-create-pod": ["rbac-create-pods", "rbac-cluster-admin-binding"],
  "anonymous-access-enabled": ["rbac-binding-to-all-users"],
  "system-authenticated-allowed-to-take-over-cluster": ["rbac-binding-to-all-users"],
  "automount-service-account": ["rbac-token-automount", "rbac-default-service-account"],
  "automount-default-service-account": ["rbac-token-automount", "rbac-default-service-account"],
  // Kubescape: a pod mounts a token of an account that has bindings; shipshape: the default account has them.
  "serviceaccount-token-mount": ["rbac-default-service-account"],
  "ensure-default-service-accounts-has-only-default-roles": ["rbac-default-service-account"],
};

/** Cases where shipshape decides otherwise, on purpose. */
const DELIBERATE: Readonly<Record<string, string>> = {
  "anonymous-access-enabled/fail":
    "the input is the API server's own system:public-info-viewer binding (labelled kubernetes.io/bootstrapping: rbac-defaults), which grants get on /healthz, /version and the like to everyone in every cluster; shipshape does not judge the API server's defaults",
  "system-authenticated-allowed-to-take-over-cluster/success":
    "reading every ConfigMap of the cluster, granted to every authenticated identity, is not a takeover (Kubescape's question) but is a permission given to everyone, which rbac-binding-to-all-users reports",
  "rule-list-all-cluster-admins-v1/clusterrole-rolebinding":
    "every verb on every resource of the core group only, in one namespace, is not cluster-admin (no RBAC, no apps, nothing cluster-wide); shipshape reports it as a wildcard rule and for the Secrets, exec and pods it allows",
  "exec-into-container-v1/clusterrole":
    "the role allows `pods/*`, which the RBAC authorizer matches literally: only `*/exec` or `*` reach pods/exec (test/live/rbac-authorizer.test.ts asks the API server the same question), so nobody can exec with it",
  "automount-default-service-account/both-mount":
    "the input is a ServiceAccount alone; shipshape reports the workloads that mount a token, not an account that may never be used",
  "automount-default-service-account/both-mount-default": "same: a ServiceAccount alone",
  "automount-default-service-account/sa-mount": "same: a ServiceAccount alone",
};

interface Case {
  readonly rule: string;
  readonly case: string;
  readonly inputs: readonly string[];
  readonly expected: "finding" | "no-finding";
}

const DIR = corpusPath("rbac");
const cases = (JSON.parse(readFileSync(path.join(DIR, "kubescape__regolibrary/cases.json"), "utf8")) as { cases: Case[] }).cases.filter((c) => MAPPING[c.rule] !== undefined);
const config = onlyRules(Object.fromEntries(ALL_RULES.filter((r) => r.practice === "rbac").map((r) => [r.id, "on"])));

describe("rbac rules on Kubescape's RBAC cases", () => {
  it("agree with Kubescape's verdict, except where shipshape decides otherwise on purpose", () => {
    const differences: string[] = [];
    const deliberate: string[] = [];
    let same = 0;
    for (const c of cases) {
      const rules = MAPPING[c.rule] ?? [];
      const files = c.inputs.map((f) => ({ file: path.basename(f), text: readFileSync(path.join(DIR, f), "utf8") }));
      const outcome = lintFiles(files, config);
      expect(outcome.incomplete, `${c.rule}/${c.case} could not be read`).toBe(false);
      const found = outcome.findings.filter((f) => rules.includes(f.rule));
      const verdict = found.length > 0 ? "finding" : "no-finding";
      const key = `${c.rule}/${c.case}`;
      if (verdict === c.expected) same += 1;
      else if (DELIBERATE[key] !== undefined) deliberate.push(key);
      else differences.push(`${key}: Kubescape ${c.expected}, shipshape ${verdict} (${found.map((f) => `${f.rule}: ${f.message}`).join("; ")})`);
    }
    console.log(`rbac vs Kubescape: ${same}/${cases.length} cases with the same verdict, ${deliberate.length} deliberate differences, ${differences.length} other`);
    expect(differences).toEqual([]);
    expect(deliberate.sort()).toEqual(Object.keys(DELIBERATE).sort());
    expect(cases.length).toBeGreaterThan(40);
  });
});
