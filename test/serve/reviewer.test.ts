// The webhook's decisions without a network: AdmissionReview parsing, verdicts by severity and
// namespace mode, cross-resource findings from cached objects, exemptions, what is skipped, and
// the ValidatingWebhookConfiguration it prints (which must pass its own schema checks).
import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { indexRecordOf } from "../../src/input/process.js";
import { CachedRecords } from "../../src/serve/cached-records.js";
import type { KubeObject } from "../../src/model/object.js";
import { admissionResponse, parseAdmissionReview, type AdmissionRequest } from "../../src/serve/admission-review.js";
import { Reviewer } from "../../src/serve/reviewer.js";
import { webhookConfigurationYaml } from "../../src/serve/webhook-config.js";
import { configFrom, lint } from "../helpers/lint.js";
import { compliantDeployment as deployment } from "../helpers/workloads.js";
import { RuleSet } from "../../src/engine/run.js";
import { ImageScanIndex } from "../../src/model/image-scans.js";
import { defineObjectRule, type AnyRule } from "../../src/rules/rule.js";

function request(object: KubeObject | undefined, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return { uid: "u1", operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, namespace: "shop", name: undefined, subResource: undefined, dryRun: false, object, userName: "alice", ...extra };
}

function reviewerWith(settings: Record<string, unknown> = {}, cached: KubeObject[] = []): Reviewer {
  const config = configFrom(settings);
  const linter = buildLinter(linterSpecOf(config, []));
  const cache = new CachedRecords();
  cached.forEach((object, i) => {
    // Keys as the cache makes them (resource/uid): not numbered like the documents of a file.
    const record = indexRecordOf(object, { key: `cache#objects/uid-${i}`, file: "", locate: () => undefined, source: undefined }, linter.ruleSet, linter.input);
    cache.set(record.key, record, record.kind === "Namespace" ? "" : (record.namespace ?? ""));
  });
  return new Reviewer(linter, config, cache);
}

describe("AdmissionReview parsing", () => {
  it("reads a v1 review and fills in apiVersion and kind an object may lack", () => {
    const body = JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "abc", operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, namespace: "shop", object: { metadata: { name: "web" } }, dryRun: true, userInfo: { username: "bob" } } });
    const parsed = parseAdmissionReview(body);
    expect(parsed).toEqual({ ok: true, request: expect.objectContaining({ uid: "abc", operation: "CREATE", namespace: "shop", dryRun: true, userName: "bob", object: { metadata: { name: "web" }, apiVersion: "apps/v1", kind: "Deployment" } }) });
  });

  it("refuses what is not a usable v1 review, saying why", () => {
    expect(parseAdmissionReview("")).toEqual({ ok: false, reason: expect.stringContaining("empty body") });
    expect(parseAdmissionReview("[1,2]")).toEqual({ ok: false, reason: expect.stringContaining("JSON object") });
    expect(parseAdmissionReview(JSON.stringify({ apiVersion: "admission.k8s.io/v1beta1", kind: "AdmissionReview" }))).toEqual({ ok: false, reason: expect.stringContaining("admission.k8s.io/v1") });
    expect(parseAdmissionReview(JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { operation: "CREATE" } }))).toEqual({ ok: false, reason: "request.uid is missing" });
    expect(parseAdmissionReview(JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "x", operation: "PATCH", kind: { version: "v1", kind: "Pod" } } }))).toEqual({ ok: false, reason: expect.stringContaining("operation") });
    expect(parseAdmissionReview(JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "x", operation: "CREATE", kind: { version: "v1", kind: "Pod" } } }))).toEqual({ ok: false, reason: "request.object is missing for CREATE" });
  });

  it("answers with the request's uid, a 403 status when denied, and warnings", () => {
    expect(JSON.parse(admissionResponse("u9", { allowed: false, message: "no", warnings: ["w"] }))).toEqual({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: "u9", allowed: false, status: { code: 403, reason: "Forbidden", message: "no" }, warnings: ["w"] },
    });
    expect(JSON.parse(admissionResponse("u9", { allowed: true }))).toEqual({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: "u9", allowed: true } });
  });
});

describe("verdicts", () => {
  it("denies an error finding of a single-object rule, naming the rule, the field and the fix", () => {
    const outcome = reviewerWith().review(request(deployment("web", { securityContext: { privileged: true } })));
    expect(outcome.verdict.allowed).toBe(false);
    expect(outcome.denied).toContain("privileged-container");
    expect(outcome.verdict.message).toMatch(/^shipshape denied Deployment shop\/web:\n- privileged-container: .* \(at spec\.template\.spec\.containers\[0\]\.securityContext\.privileged\)\. Fix: /m);
  });

  it("admits warnings as admission warnings, and only logs info findings", () => {
    const outcome = reviewerWith().review(request(deployment("web", { image: "registry.example.com/shop/app:latest" })));
    expect(outcome.verdict.allowed).toBe(true);
    expect(outcome.verdict.warnings).toContainEqual(expect.stringMatching(/^shipshape: image-tag-mutable: /));
    for (const rule of outcome.audited) expect(outcome.verdict.warnings?.some((w) => w.includes(`${rule}:`))).toBe(false);
  });

  it("follows the namespace's mode: warn turns denials into warnings, audit returns nothing, off skips", () => {
    const bad = deployment("web", { securityContext: { privileged: true } });
    const warn = reviewerWith({ serve: { namespaces: { shop: "warn" } } }).review(request(bad));
    expect(warn.verdict.allowed).toBe(true);
    expect(warn.verdict.warnings).toContainEqual(expect.stringMatching(/^shipshape: privileged-container: /));
    const audit = reviewerWith({ serve: { mode: "audit" } }).review(request(bad));
    expect(audit.verdict).toEqual({ allowed: true, warnings: [] });
    expect(audit.audited).toContain("privileged-container");
    const off = reviewerWith({ serve: { namespaces: { shop: "off" } } }).review(request(bad));
    expect(off.skipped).toBe("namespace mode is off");
  });

  it("honours exemption annotations and configuration exemptions", () => {
    const annotated = deployment("web", { securityContext: { privileged: true } }, { annotations: { "shipshape.dev/exemptions": '[{"rules": ["privileged-container", "pod-security-baseline", "pod-security-restricted"], "reason": "node tool"}]' } });
    expect(reviewerWith().review(request(annotated)).verdict.allowed).toBe(true);
    const configured = reviewerWith({ exemptions: [{ rules: ["privileged-container", "pod-security-baseline", "pod-security-restricted"], reason: "vendor chart", match: { kind: "Deployment", namespace: "shop", name: "web" } }] });
    expect(configured.review(request(deployment("web", { securityContext: { privileged: true } }))).verdict.allowed).toBe(true);
    expect(configured.review(request(deployment("other", { securityContext: { privileged: true } }))).verdict.allowed).toBe(false);
  });

  it("judges cross-resource rules against the cached objects, and lets them deny only when configured", () => {
    const replicated = deployment("web", {}, { replicas: 3 });
    const warned = reviewerWith().review(request(replicated));
    expect(warned.verdict.allowed).toBe(true);
    expect(warned.warned).toContain("pdb-missing");
    const budget: KubeObject = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web", namespace: "shop" }, spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "web" } } } };
    expect(reviewerWith({}, [budget]).review(request(replicated)).warned).not.toContain("pdb-missing");
    // A budget in another namespace does not count.
    expect(reviewerWith({}, [{ ...budget, metadata: { name: "web", namespace: "elsewhere" } }]).review(request(replicated)).warned).toContain("pdb-missing");
    const strict = reviewerWith({ rules: { "pdb-missing": "error" }, serve: { crossResource: "enforce" } }).review(request(replicated));
    expect(strict.denied).toContain("pdb-missing");
  });

  it("judges the reviewed object as the newest of its namespace: a second budget over the same pods is the one reported", () => {
    const replicated = deployment("web", {}, { replicas: 3 });
    const budget = (name: string): KubeObject => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: "shop" }, spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "web" } } } });
    const reviewer = reviewerWith({}, [replicated, budget("web")]);
    const second = reviewer.review(request(budget("web-copy"), { kind: { group: "policy", version: "v1", kind: "PodDisruptionBudget" } }));
    expect(second.warned).toEqual(["pdb-overlapping"]);
    expect(second.verdict.warnings?.join("\n")).toContain('PodDisruptionBudget "web-copy" selects the pods of Deployment "web", which PodDisruptionBudget "web" also selects');
    // An update of the one budget is not a second budget; the cached index is reused and still right.
    expect(reviewer.review(request(budget("web"), { operation: "UPDATE", kind: { group: "policy", version: "v1", kind: "PodDisruptionBudget" } })).warned).toEqual([]);
    expect(reviewer.review(request(budget("web-copy"), { kind: { group: "policy", version: "v1", kind: "PodDisruptionBudget" } })).warned).toEqual(["pdb-overlapping"]);
  });

  it("skips deletions, subresources, objects being deleted and objects a controller owns", () => {
    const reviewer = reviewerWith();
    const bad = deployment("web", { securityContext: { privileged: true } });
    expect(reviewer.review(request(undefined, { operation: "DELETE" })).skipped).toBe("DELETE is not checked");
    expect(reviewer.review(request(bad, { operation: "UPDATE", subResource: "status" })).skipped).toBe("the status subresource is not checked");
    expect(reviewer.review(request(deployment("web", { securityContext: { privileged: true } }, { metadata: { deletionTimestamp: "2026-11-27T00:00:00Z" } }))).skipped).toBe("the object is being deleted");
    const owned = deployment("web", { securityContext: { privileged: true } }, { metadata: { ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "x", uid: "1", controller: true }] } });
    expect(reviewer.review(request(owned)).skipped).toBe("its controller is reviewed instead");
  });

  it("reviews an object that names no namespace as in the request's namespace", () => {
    const object = deployment("web", { securityContext: { privileged: true } });
    delete (object.metadata as Record<string, unknown>).namespace;
    const outcome = reviewerWith({ serve: { namespaces: { shop: "warn" } } }).review(request(object));
    expect(outcome.mode).toBe("warn");
    expect(outcome.verdict.allowed).toBe(true);
  });
});

describe("a rule that throws", () => {
  function reviewerWithBrokenRule(onRuleError: "allow" | "deny"): Reviewer {
    const config = configFrom({ serve: { onRuleError } });
    const broken = defineObjectRule({
      id: "always-throws",
      practice: "manifest-lint",
      severity: "error",
      summary: "a rule with a bug",
      docs: { seed: "1.2", why: "", fix: "", before: "", after: "" },
      check() {
        throw new Error("bug in the rule");
      },
    });
    const working = buildLinter(linterSpecOf(configFrom({ rules: {} }), []));
    const ruleSet = new RuleSet({ rules: [...working.ruleSet.objectRules, { rule: broken as AnyRule, severity: "error", options: {} }], workloadKinds: [] }, new ImageScanIndex([]));
    return new Reviewer({ ruleSet, input: working.input }, config, undefined);
  }

  it("fails that rule only: the others still judge, and the client is told (fail open)", () => {
    const outcome = reviewerWithBrokenRule("allow").review(request(deployment("web", { image: "registry.example.com/shop/app:latest" })));
    expect(outcome.verdict.allowed).toBe(true);
    expect(outcome.ruleErrors).toEqual([expect.stringContaining("always-throws")]);
    expect(outcome.verdict.warnings).toContainEqual(expect.stringContaining("a rule failed, so it was not applied"));
    expect(outcome.warned).toContain("image-tag-mutable");
  });

  it("denies when configured to fail closed", () => {
    const outcome = reviewerWithBrokenRule("deny").review(request(deployment("web")));
    expect(outcome.verdict.allowed).toBe(false);
    expect(outcome.verdict.message).toContain("shipshape is configured to fail closed");
  });
});

describe("the ValidatingWebhookConfiguration", () => {
  it("passes shipshape's own schema validation and says what the issue asks for", () => {
    const text = webhookConfigurationYaml({ name: "shipshape", service: { namespace: "shipshape", name: "shipshape", port: 443 }, caBundle: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", failurePolicy: "Fail", timeoutSeconds: 5, excludeNamespaces: ["kube-system", "shipshape"] });
    const outcome = lint(text, configFrom({}));
    expect(outcome.findings.filter((f) => f.practice === "manifest-lint").map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    const webhook = (yaml.load(text) as { webhooks: Array<Record<string, unknown>> }).webhooks[0] as Record<string, unknown>;
    expect(webhook).toEqual(
      expect.objectContaining({
        name: "validate.shipshape.dev",
        sideEffects: "None",
        admissionReviewVersions: ["v1"],
        failurePolicy: "Fail",
        timeoutSeconds: 5,
        namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "shipshape"] }] },
      }),
    );
    expect((webhook.matchConditions as unknown[]).length).toBe(3);
    expect((webhook.clientConfig as { caBundle: string }).caBundle).toBe(Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64"));
  });
});
