// The contract between the engine and a rule. A rule sees plain objects, never text, and
// reports at object paths; the engine and the input layer do the rest.
import type { JsonObject, ObjectPath } from "../model/json.js";
import type { KubeObject } from "../model/object.js";
import type { PracticeId } from "../model/practices.js";
import type { IndexedResource, ResourceIndex } from "../model/resource-index.js";
import type { ImageScanIndex } from "../model/image-scans.js";
import type { KubeVersion } from "../model/kube-version.js";
import type { CustomSchema } from "../schemas/custom.js";
import type { PodTemplate, WorkloadKinds } from "../model/workloads.js";

export type Severity = "error" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Everything a user or the docs generator needs to understand a rule. Markdown. */
export interface RuleDocs {
  /** Section of the seed document the rule comes from, e.g. "1.3 Liveness readiness". */
  readonly seed: string;
  /** Why the practice matters, in our words. */
  readonly why: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** A manifest that triggers the rule (YAML). */
  readonly before: string;
  /** The same manifest, fixed (YAML). */
  readonly after: string;
  /** Anything else worth knowing: limits of the check, how it differs from peer tools. */
  readonly notes?: string;
  /** What the examples need besides the manifest: options, or a scanner report (described in words). */
  readonly example?: { readonly options?: Readonly<Record<string, unknown>>; readonly withImageScan?: string };
}

/** A JSON Schema, as data. */
export type JsonSchema = JsonObject;

export interface ReportInput {
  /** Path of the most specific field or container, relative to the object. */
  readonly path: ObjectPath;
  readonly message: string;
  /** The container the finding is about, so an exemption can name it. */
  readonly container?: string;
}

interface RuleMeta<Options> {
  /** Stable, kebab-case, unique. */
  readonly id: string;
  readonly practice: PracticeId;
  readonly severity: Severity;
  /** One line: what the rule wants. */
  readonly summary: string;
  readonly docs: RuleDocs;
  /** Off unless the configuration turns it on. */
  readonly disabledByDefault?: boolean;
  readonly options?: {
    /** JSON Schema of the `options` object in the configuration. */
    readonly schema: JsonSchema;
    readonly defaults: Options;
  };
}

/** What a rule knows besides the object it checks. */
export interface ObjectRuleContext<Options> {
  readonly object: KubeObject;
  readonly options: Options;
  /** The object's effective namespace (undefined for cluster-scoped kinds and when unset). */
  readonly namespace: string | undefined;
  /** The pod the object runs, when it is a workload. */
  readonly podTemplate: PodTemplate | undefined;
  readonly workloads: WorkloadKinds;
  readonly imageScans: ImageScanIndex;
  /** The Kubernetes version the run targets (`--kube-version`, `kubeVersion:`). */
  readonly kubeVersion: KubeVersion;
  report(finding: ReportInput): void;
}

/** A rule judged from one object alone. */
export interface ObjectRule<Options = Record<string, never>> extends RuleMeta<Options> {
  readonly scope: "object";
  check(context: ObjectRuleContext<Options>): void;
}

export interface IndexReportInput extends ReportInput {
  /** The object the finding is about: one of the index's resources. */
  readonly resource: IndexedResource;
}

export type { IndexedResource } from "../model/resource-index.js";

export interface IndexRuleContext<Options> {
  readonly index: ResourceIndex<IndexedResource>;
  readonly options: Options;
  readonly workloads: WorkloadKinds;
  /** The Kubernetes version the run targets. */
  readonly kubeVersion: KubeVersion;
  /** Schemas of custom resources given besides the input (--crds, `crds:`). */
  readonly customSchemas: readonly CustomSchema[];
  report(finding: IndexReportInput): void;
  /**
   * Whether findings about this resource are wanted. A webhook review wants only those about
   * the reviewed object; a rule that judges its subjects one by one skips the others early,
   * before it builds their messages (what it reports about them would be dropped anyway).
   */
  judges(resource: IndexedResource): boolean;
  /**
   * The resources of a list that the run judges, in its order: the whole list, or in a focused
   * run the focused object alone when the list holds it. What `filter(judges)` gives, without
   * calling `judges` on every element of a namespace's list for every review.
   */
  judgedAmong<R extends IndexedResource>(resources: readonly R[]): readonly R[];
}

/** A rule that needs several objects of the run together (a workload and its namespace). */
export interface IndexRule<Options = Record<string, never>> extends RuleMeta<Options> {
  readonly scope: "index";
  /**
   * The objects the rule looks at, so a run keeps only those for the index, and the paths it
   * reports at (relative to the object; workloads' pod template and containers are always
   * known), so their positions are kept too.
   */
  readonly needs: {
    readonly kinds?: readonly string[];
    readonly workloads?: boolean;
    /** Objects of API groups that are not built into Kubernetes. */
    readonly customResources?: boolean;
    readonly paths?: readonly ObjectPath[];
  };
  /**
   * The kinds of the objects the rule reports on, when it reports on no others (a rule about
   * Services). A run focused on an object of another kind (a webhook review of a workload) skips
   * the rule: everything it would report is about objects that run does not judge.
   */
  readonly reportsOn?: readonly string[];
  check(context: IndexRuleContext<Options>): void;
}

/** A rule of any option type, as the registry holds them (`check` is a method, so this widening type-checks). */
export type AnyRule = ObjectRule<unknown> | IndexRule<unknown> | InputRule;

/**
 * A rule about the input itself (YAML syntax, object identity, exemptions). The input layer
 * and the engine emit its findings; it is a rule so that it is documented, listed and
 * configurable like the others.
 */
export interface InputRule extends RuleMeta<unknown> {
  readonly scope: "input";
}

export function defineInputRule(rule: Omit<InputRule, "scope">): InputRule {
  return { ...rule, scope: "input" };
}

export function defineObjectRule<Options = Record<string, never>>(rule: Omit<ObjectRule<Options>, "scope">): ObjectRule<Options> {
  return { ...rule, scope: "object" };
}

export function defineIndexRule<Options = Record<string, never>>(rule: Omit<IndexRule<Options>, "scope">): IndexRule<Options> {
  return { ...rule, scope: "index" };
}
