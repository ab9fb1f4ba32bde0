// A policy under which no request is ever written: no rules, only None rules, or every stage omitted.
import { isAuditPolicy } from "../../model/config-files.js";
import { AUDIT_STAGES, logsAnything, parseAuditPolicy } from "../../model/audit-policy.js";
import { defineObjectRule } from "../rule.js";
import { GOOD_POLICY, SEED } from "./shared.js";

export default defineObjectRule({
  id: "audit-policy-logs-nothing",
  practice: "audit-logging",
  severity: "error",
  summary: "The audit Policy logs something: not only None rules, not every stage omitted",
  docs: {
    seed: SEED,
    why: "A policy with no rules, whose rules are all `level: None`, or that omits every stage (RequestReceived, ResponseStarted, ResponseComplete, Panic) is accepted by kube-apiserver and turns auditing off while the flags say it is on. Such files are often placeholders that were never filled in, or a way to silence a noisy log that was never undone.",
    fix: "Replace it with a policy that logs every request at least at `Metadata` (Secrets, ConfigMaps and TokenReviews at exactly `Metadata`), dropping only named noise; omit `RequestReceived` alone if you want one event per request.",
    before: "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n",
    after: GOOD_POLICY,
    notes: "Every kind of request is tried (resources and non-resource URLs named by the policy and common ones, each verb, an ordinary user and every user and group the policy names): the rule fires when none is logged.",
  },
  check({ object, report }) {
    if (!isAuditPolicy(object.apiVersion, object.kind)) return;
    const policy = parseAuditPolicy(object);
    if (logsAnything(policy)) return;
    const omitted = new Set(policy.omitStages);
    const reason =
      policy.rules.length === 0
        ? "it has no rules, and a request no rule matches is not logged"
        : AUDIT_STAGES.every((s) => omitted.has(s))
          ? "it omits every stage (omitStages)"
          : "every request it can match is at level None (or in a stage it omits)";
    report({ path: policy.rules.length === 0 ? [] : ["rules"], message: `This audit Policy logs no request at all: ${reason}; auditing is off although kube-apiserver loads it` });
  },
});
