// An audit Policy that logs the bodies of Secrets, ConfigMaps or TokenReviews writes their
// values (passwords, tokens) into the audit log, where far more people and systems read them.
import { isAuditPolicy } from "../../model/config-files.js";
import { contentLeaks, parseAuditPolicy } from "../../model/audit-policy.js";
import { defineObjectRule } from "../rule.js";
import { GOOD_POLICY, SEED } from "./shared.js";

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

export default defineObjectRule({
  id: "audit-policy-leaks-secrets",
  practice: "audit-logging",
  severity: "error",
  summary: "The audit Policy logs Secrets, ConfigMaps and TokenReviews at Metadata, never with their bodies",
  docs: {
    seed: SEED,
    why: "At `Request` level the audit log records the body of every write; at `RequestResponse` also what reads return. For Secrets that is their values, for ConfigMaps whatever configuration (often credentials) they hold, for TokenReviews the bearer token being checked. The audit log is shipped, indexed and read by far more people and systems than may read Secrets, so such a policy copies every credential of the cluster out of it. `Metadata` still records who did what to which object, and when.",
    fix: "Add a rule near the top, before any broader rule that logs bodies, that logs `secrets`, `configmaps` (group `\"\"`) and `tokenreviews` (group `authentication.k8s.io`) at `Metadata`. The first matching rule wins, so order matters.",
    before: GOOD_POLICY.replace("  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [secrets, configmaps]\n      - group: authentication.k8s.io\n        resources: [tokenreviews]\n", "").replace("  - level: Metadata\n", "  - level: Request\n"),
    after: GOOD_POLICY,
    notes:
      "Rules are evaluated in order, first match wins, exactly as kube-apiserver does (users, userGroups, verbs, resources with group/resources/resourceNames and subresources, namespaces, nonResourceURLs). Requests are tried as an ordinary user and as every user and group the policy names, in a namespace no rule names and in each one named, for the verbs that carry content: at `Request`, create, update and patch (their bodies); at `RequestResponse`, also get, list and delete (their responses). A TokenReview leaks on create. The finding sits on the level of the rule that matches first and says which verbs and identities are affected.",
  },
  check({ object, report }) {
    if (!isAuditPolicy(object.apiVersion, object.kind)) return;
    const policy = parseAuditPolicy(object);
    for (const leak of contentLeaks(policy)) {
      const everyone = leak.who.includes("an ordinary user");
      const who = everyone ? "for any user" : `for ${listOf(leak.who)}`;
      const namespaces = leak.rule.namespaces.filter((n) => n !== "");
      const where = namespaces.length > 0 ? ` in namespace${namespaces.length === 1 ? "" : "s"} ${listOf(namespaces.map((n) => `"${n}"`))}` : "";
      const what = leak.resource.label === "TokenReview" ? "the tokens being reviewed" : `${leak.resource.label} ${leak.resource.label === "Secret" ? "values" : "contents"}`;
      report({
        path: [...leak.rule.path, "level"],
        message: `rules[${leak.rule.index}] is the first rule to match ${leak.resource.resource} and logs them at ${leak.rule.level ?? "?"} (${listOf(leak.verbs)}${where}, ${who}): ${what} are written to the audit log; log ${leak.resource.resource} at Metadata in a rule before it`,
      });
    }
  },
});
