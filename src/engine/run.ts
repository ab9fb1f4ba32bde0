// Running the enabled rules: object rules on one object at a time (anywhere: a file, a cluster,
// an admission review), index rules over everything a run has seen.
import { flatText, type ObjectPath } from "../model/json.js";
import type { PracticeId } from "../model/practices.js";
import type { ImageScanIndex } from "../model/image-scans.js";
import { effectiveNamespace, nameOf, type KubeObject } from "../model/object.js";
import type { ResourceIndex } from "../model/resource-index.js";
import { NEWEST_KUBE_VERSION, type KubeVersion } from "../model/kube-version.js";
import type { CustomSchema } from "../schemas/custom.js";
import { isBuiltinApiVersion } from "../schemas/builtin.js";
import { WorkloadKinds, type PodTemplate } from "../model/workloads.js";
import type { IndexedResource, IndexRule, IndexRuleContext, ObjectRule, ObjectRuleContext, Severity } from "../rules/rule.js";
import type { EnabledRule, ResolvedConfig } from "./config.js";
import type { ResourceRef } from "./findings.js";

/** A finding before it has a place in a file: the rule, the object path and the message. */
export interface RawFinding {
  readonly rule: string;
  readonly practice: PracticeId;
  readonly severity: Severity;
  readonly message: string;
  readonly path: ObjectPath;
  readonly container?: string;
}

/** A rule that threw: reported, never allowed to stop the others. */
export interface RuleFailure {
  readonly rule: string;
  readonly message: string;
}

export interface IndexFinding extends RawFinding {
  readonly resourceKey: string;
}

export function resourceRefOf(object: KubeObject): ResourceRef {
  const namespace = effectiveNamespace(object);
  const name = nameOf(object);
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

/** The rules of one run, ready to apply. */
export class RuleSet {
  readonly workloads: WorkloadKinds;
  readonly objectRules: ReadonlyArray<EnabledRule & { rule: ObjectRule<unknown> }>;
  readonly indexRules: ReadonlyArray<EnabledRule & { rule: IndexRule<unknown> }>;
  readonly kubeVersion: KubeVersion;
  readonly customSchemas: readonly CustomSchema[];

  constructor(
    config: Pick<ResolvedConfig, "rules" | "workloadKinds"> & { readonly kubeVersion?: KubeVersion; readonly customSchemas?: readonly CustomSchema[] },
    readonly imageScans: ImageScanIndex,
  ) {
    this.kubeVersion = config.kubeVersion ?? NEWEST_KUBE_VERSION;
    this.customSchemas = config.customSchemas ?? [];
    this.workloads = new WorkloadKinds(config.workloadKinds);
    this.objectRules = config.rules.filter((r): r is EnabledRule & { rule: ObjectRule<unknown> } => r.rule.scope === "object");
    this.indexRules = config.rules.filter((r): r is EnabledRule & { rule: IndexRule<unknown> } => r.rule.scope === "index");
  }

  /** Runs every object rule on one object. */
  checkObject(object: KubeObject): { findings: RawFinding[]; failures: RuleFailure[]; podTemplate: PodTemplate | undefined } {
    const findings: RawFinding[] = [];
    const failures: RuleFailure[] = [];
    const podTemplate = this.workloads.podTemplateOf(object);
    // One context for all the rules, pointed at each rule in turn: a run checks many objects
    // with a hundred rules, and a context and a closure per rule and object were a good part
    // of what a review allocates. Rules read their context synchronously.
    let current: EnabledRule & { rule: ObjectRule<unknown> } = this.objectRules[0] as EnabledRule & { rule: ObjectRule<unknown> };
    const context: ObjectRuleContext<unknown> & { options: unknown } = {
      object,
      options: undefined,
      namespace: effectiveNamespace(object),
      podTemplate,
      workloads: this.workloads,
      imageScans: this.imageScans,
      kubeVersion: this.kubeVersion,
      report: (f) => findings.push({ rule: current.rule.id, practice: current.rule.practice, severity: current.severity, message: flatText(f.message), path: f.path, ...(f.container !== undefined ? { container: f.container } : {}) }),
    };
    for (const enabled of this.objectRules) {
      current = enabled;
      context.options = enabled.options;
      try {
        enabled.rule.check(context);
      } catch (error) {
        failures.push({ rule: enabled.rule.id, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return { findings, failures, podTemplate };
  }

  /**
   * Runs every index rule over the resources of a run (one context, as for object rules). With
   * `focus`, only findings about the resource of that key are kept (the webhook judges one object
   * against the rest of its namespace, and drops what the rules say about the others), and rules
   * that report only on other kinds than its kind are skipped.
   */
  checkIndex(index: ResourceIndex<IndexedResource>, focus?: { readonly key: string; readonly kind: string | undefined }): { findings: IndexFinding[]; failures: RuleFailure[] } {
    const findings: IndexFinding[] = [];
    const failures: RuleFailure[] = [];
    let current = this.indexRules[0] as EnabledRule & { rule: IndexRule<unknown> };
    const judges = (resource: IndexedResource): boolean => focus === undefined || resource.key === focus.key;
    // The focused object itself: a list holds it or not, by identity.
    const focused = focus?.kind === undefined ? undefined : index.ofKind(focus.kind).find(judges);
    const judgedAmong = <R extends IndexedResource>(resources: readonly R[]): readonly R[] => {
      if (focus === undefined) return resources;
      return focused !== undefined && resources.includes(focused as R) ? [focused as R] : [];
    };
    const context: IndexRuleContext<unknown> & { options: unknown } = {
      index,
      options: undefined,
      workloads: this.workloads,
      kubeVersion: this.kubeVersion,
      customSchemas: this.customSchemas,
      judges,
      judgedAmong,
      report: (f) => {
        if (!judges(f.resource)) return;
        findings.push({
          rule: current.rule.id,
          practice: current.rule.practice,
          severity: current.severity,
          message: flatText(f.message),
          path: f.path,
          resourceKey: f.resource.key,
          ...(f.container !== undefined ? { container: f.container } : {}),
        });
      },
    };
    const focusedKind = focus?.kind;
    for (const enabled of this.indexRules) {
      if (focusedKind !== undefined && enabled.rule.reportsOn !== undefined && !enabled.rule.reportsOn.includes(focusedKind)) continue;
      current = enabled;
      context.options = enabled.options;
      try {
        enabled.rule.check(context);
      } catch (error) {
        failures.push({ rule: enabled.rule.id, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return { findings, failures };
  }

  /** Whether index rules need this object (so the run keeps it after object rules ran). */
  needsIndex(object: KubeObject): boolean {
    for (const { rule } of this.indexRules) {
      if (rule.needs.kinds?.includes(object.kind) === true) return true;
      if (rule.needs.workloads === true && this.workloads.find(object) !== undefined) return true;
      if (rule.needs.customResources === true && !isBuiltinApiVersion(object.apiVersion)) return true;
    }
    return false;
  }
}
