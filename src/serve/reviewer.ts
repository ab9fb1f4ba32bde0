// One admission review: the object through the same rules as lint and scan (object rules on it,
// cross-resource rules over it and the cached objects of its namespace), exemptions applied,
// and the findings turned into a verdict by severity and the namespace's mode.
import type { ResolvedConfig, ServeMode } from "../engine/config.js";
import type { Finding } from "../engine/findings.js";
import type { RecordIndex } from "../engine/outcome.js";
import type { Linter } from "../input/linter.js";
import { checkObjectInto, emptyResult, inputReporter } from "../input/process.js";
import { finishUnplaced } from "../input/run-lint.js";
import { asObject } from "../model/json.js";
import { controllerOf, effectiveNamespace, nameOf } from "../model/object.js";
import { findRule } from "../rules/index.js";
import type { AdmissionRequest, AdmissionVerdict } from "./admission-review.js";

/** The key of the reviewed object among the cached ones. */
const REVIEWED_KEY = "review";

export interface CachedObjects {
  /** The index of the cached objects of a namespace and every Namespace object. */
  index(namespace: string | undefined): RecordIndex;
}

export interface ReviewOutcome {
  readonly verdict: AdmissionVerdict;
  /** Why nothing was checked (a deletion, a subresource), when nothing was. */
  readonly skipped?: string;
  readonly mode: ServeMode;
  readonly denied: readonly string[];
  readonly warned: readonly string[];
  readonly audited: readonly string[];
  readonly ruleErrors: readonly string[];
}

/** The first sentence of a rule's fix, for the denial message. */
function howToFix(ruleId: string): string {
  const fix = findRule(ruleId)?.docs.fix ?? "";
  const sentence = /^.*?[.!?](\s|$)/.exec(fix)?.[0]?.trim() ?? fix;
  return sentence.replace(/`/g, "");
}

function describe(finding: Finding): string {
  return `${finding.rule}: ${finding.message}${finding.path !== undefined && finding.path !== "" ? ` (at ${finding.path})` : ""}`;
}

export class Reviewer {
  constructor(
    private readonly linter: Linter,
    private readonly config: ResolvedConfig,
    private readonly cache: CachedObjects | undefined,
  ) {}

  modeFor(namespace: string | undefined): ServeMode {
    return (namespace !== undefined ? this.config.serve.namespaces[namespace] : undefined) ?? this.config.serve.mode;
  }

  review(request: AdmissionRequest): ReviewOutcome {
    const namespace = request.namespace ?? (request.object !== undefined ? effectiveNamespace(request.object) : undefined);
    const mode = this.modeFor(namespace);
    const skip = (why: string): ReviewOutcome => ({ verdict: { allowed: true }, skipped: why, mode, denied: [], warned: [], audited: [], ruleErrors: [] });
    if (request.operation === "DELETE" || request.operation === "CONNECT") return skip(`${request.operation} is not checked`);
    if (request.subResource !== undefined) return skip(`the ${request.subResource} subresource is not checked`);
    const object = request.object;
    if (object === undefined) return skip("no object");
    if (asObject(object.metadata)?.deletionTimestamp !== undefined) return skip("the object is being deleted");
    // Pods of a ReplicaSet, ReplicaSets of a Deployment: their controller was reviewed (as scan reports at the controller).
    if (controllerOf(object) !== undefined) return skip("its controller is reviewed instead");
    if (mode === "off") return skip(`namespace mode is off`);

    const incoming = emptyResult("");
    const objectWithNamespace = namespace !== undefined && effectiveNamespace(object) === undefined && asObject(object.metadata) !== undefined ? { ...object, metadata: { ...(object.metadata as object), namespace } } : object;
    checkObjectInto(incoming, objectWithNamespace, { key: REVIEWED_KEY, file: "", locate: () => undefined, source: undefined }, this.linter.ruleSet, this.linter.input, inputReporter(incoming, this.linter.input));
    // The object is laid over the cached ones of its namespace (replacing its own older version);
    // what the cross-resource rules say about the cached objects is dropped as it is reported.
    const over = this.cache !== undefined && this.linter.ruleSet.indexRules.length > 0 ? this.cache.index(namespace) : undefined;
    const outcome = finishUnplaced([incoming], this.linter, this.config, { focus: REVIEWED_KEY, ...(over !== undefined ? { over } : {}) });
    // Only what is about this object: the cached objects were admitted before.
    const name = nameOf(object);
    const mine = outcome.findings.filter((f) => f.resource !== undefined && f.resource.kind === object.kind && f.resource.name === name && (f.resource.namespace ?? undefined) === (effectiveNamespace(objectWithNamespace) ?? undefined));
    const ruleErrors = outcome.notes.filter((n) => n.level === "error").map((n) => n.message);

    const denied: Finding[] = [];
    const warned: Finding[] = [];
    const audited: Finding[] = [];
    for (const finding of mine) {
      const crossResource = findRule(finding.rule)?.scope === "index";
      const blocking = finding.severity === "error" && (!crossResource || this.config.serve.crossResource === "enforce");
      if (finding.severity === "info") audited.push(finding);
      else if (blocking && mode === "enforce") denied.push(finding);
      else if (mode === "audit") audited.push(finding);
      else warned.push(finding);
    }
    const warnings = [...warned.map((f) => `shipshape: ${describe(f)}`), ...(mode !== "audit" && this.config.serve.onRuleError === "allow" ? ruleErrors.map((e) => `shipshape: a rule failed, so it was not applied: ${e}`) : [])];
    const failClosed = ruleErrors.length > 0 && this.config.serve.onRuleError === "deny" && mode === "enforce";
    const who = `${object.kind} ${namespace !== undefined ? `${namespace}/` : ""}${name ?? asObject(object.metadata)?.generateName ?? ""}`;
    let verdict: AdmissionVerdict;
    if (denied.length > 0 || failClosed) {
      const lines = denied.map((f) => `- ${describe(f)}. Fix: ${howToFix(f.rule)}`);
      if (failClosed) lines.push(...ruleErrors.map((e) => `- a rule failed and shipshape is configured to fail closed: ${e}`));
      verdict = {
        allowed: false,
        message: `shipshape denied ${who}:\n${lines.join("\n")}\n(an exemption annotation shipshape.dev/exemptions with a reason silences a rule for this object)`,
        warnings,
      };
    } else verdict = { allowed: true, warnings };
    return { verdict, mode, denied: denied.map((f) => f.rule), warned: warned.map((f) => f.rule), audited: audited.map((f) => f.rule), ruleErrors };
  }
}
