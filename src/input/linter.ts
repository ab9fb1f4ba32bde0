// The rules of a run as the input layer uses them, in a form that can be sent to a worker.
import type { ResolvedConfig } from "../engine/config.js";
import { anchorPaths } from "../engine/anchors.js";
import { RuleSet } from "../engine/run.js";
import { ImageScanIndex, type ImageScan } from "../model/image-scans.js";
import type { PracticeId } from "../model/practices.js";
import type { WorkloadKind } from "../model/workloads.js";
import type { KubeVersion } from "../model/kube-version.js";
import type { CustomSchema } from "../schemas/custom.js";
import { ALL_RULES, findRule } from "../rules/index.js";
import type { AnyRule, Severity } from "../rules/rule.js";
import type { InputRules } from "./process.js";

/** Plain data that rebuilds the same rules in another thread. */
export interface LinterSpec {
  readonly rules: ReadonlyArray<{ readonly id: string; readonly severity: Severity; readonly options: unknown }>;
  readonly workloadKinds: readonly WorkloadKind[];
  readonly imageScans: readonly ImageScan[];
  readonly kubeVersion: KubeVersion;
  /** Schemas of custom resources given besides the input (--crds). */
  readonly customSchemas: readonly CustomSchema[];
}

export function linterSpecOf(config: ResolvedConfig, imageScans: readonly ImageScan[], customSchemas: readonly CustomSchema[] = []): LinterSpec {
  return {
    rules: config.rules.map((r) => ({ id: r.rule.id, severity: r.severity, options: r.options })),
    workloadKinds: config.workloadKinds,
    imageScans,
    kubeVersion: config.kubeVersion,
    customSchemas,
  };
}

/** Everything needed to check files: the rule set and how input findings are reported. */
export interface Linter {
  readonly ruleSet: RuleSet;
  readonly input: InputRules;
}

export function buildLinter(spec: LinterSpec): Linter {
  const enabled = spec.rules.flatMap(({ id, severity, options }) => {
    const rule = findRule(id);
    return rule === undefined ? [] : [{ rule, severity, options }];
  });
  const ruleSet = new RuleSet({ rules: enabled, workloadKinds: spec.workloadKinds, kubeVersion: spec.kubeVersion, customSchemas: spec.customSchemas }, new ImageScanIndex(spec.imageScans));
  const severities = new Map<string, Severity>(enabled.map((r) => [r.rule.id, r.severity]));
  const options = new Map<string, Readonly<Record<string, unknown>>>(enabled.map((r) => [r.rule.id, (r.options ?? {}) as Readonly<Record<string, unknown>>]));
  const practices = new Map<string, PracticeId>(ALL_RULES.map((r: AnyRule) => [r.id, r.practice]));
  const anchors = anchorPaths(ruleSet.indexRules.flatMap(({ rule }) => rule.needs.paths ?? []));
  return {
    ruleSet,
    input: {
      severity: (id) => severities.get(id),
      practice: (id) => practices.get(id) ?? "manifest-lint",
      known: (id) => practices.has(id),
      anchorPaths: anchors,
      options: (id) => options.get(id),
    },
  };
}
