// Requests no rule matches are not logged at all: a policy must end with a catch-all rule, or
// the requests of an identity or a resource it did not think of (an attacker's) go unrecorded.
import { isAuditPolicy } from "../../model/config-files.js";
import { firstGap, logsAnything, parseAuditPolicy } from "../../model/audit-policy.js";
import { defineObjectRule } from "../rule.js";
import { GOOD_POLICY, SEED } from "./shared.js";

export default defineObjectRule({
  id: "audit-policy-no-catch-all",
  practice: "audit-logging",
  severity: "warning",
  summary: "The audit Policy ends with a catch-all rule, so that every request is logged at least at Metadata",
  docs: {
    seed: SEED,
    why: "kube-apiserver logs a request at the level of the first rule that matches it, and does not log it at all when none does. A policy that lists only the users or resources its author thought of misses everything else, including the refused (`403 Forbidden`) attempts of a stolen credential, which are exactly what the seed asks to watch for. A broad `level: None` rule does the same on purpose.",
    fix: "End the rules with a catch-all: `- level: Metadata` (no users, verbs or resources). Drop only specific noise before it (health checks, kube-proxy's watches, events).",
    before: "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [secrets, configmaps]\n  - level: RequestResponse\n    resources:\n      - group: rbac.authorization.k8s.io\n",
    after: GOOD_POLICY,
    notes:
      "The check asks what happens to an ordinary authenticated user's create, delete, get, list, update and patch of pods, Deployments, ClusterRoleBindings and a custom resource: the first one that no rule matches is reported, or else the first one a `level: None` rule drops when that rule names no resource in particular (a rule that drops a named resource, such as events, is deliberate noise reduction). A policy that logs nothing at all is `audit-policy-logs-nothing`'s finding instead.",
  },
  check({ object, report }) {
    if (!isAuditPolicy(object.apiVersion, object.kind)) return;
    const policy = parseAuditPolicy(object);
    if (!logsAnything(policy)) return;
    const gap = firstGap(policy);
    if (gap === undefined) return;
    if (gap.droppedBy === undefined) {
      report({
        path: policy.rules.length > 0 ? ["rules", policy.rules.length - 1] : ["rules"],
        message: `No rule matches an ordinary user's ${gap.verb} of ${gap.target}, so such requests (and refused 403 attempts) are not logged: end the rules with a catch-all such as \`- level: Metadata\``,
      });
      return;
    }
    report({
      path: [...gap.droppedBy.path, "level"],
      message: `rules[${gap.droppedBy.index}] (level None) drops an ordinary user's ${gap.verb} of ${gap.target} and every other request that reaches it: refused (403) attempts go unlogged; log them at Metadata and drop only named noise`,
    });
  },
});
