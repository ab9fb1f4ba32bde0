// The PodDisruptionBudgets of a run, read once and shared by the rules of the practice: their
// budget, their selector and the workloads whose pods they select.
import { AUTOSCALER_KINDS, autoscalersOf, type Autoscalers, budgetSelectorOf, readBudget, type Budget, type BudgetProblem, type BudgetSelector } from "../../model/disruption.js";
import { asObject, type JsonObject } from "../../model/json.js";
import { apiGroupOf, formatLabelPairs, kindAndName } from "../../model/object.js";
import { podsAreInInput } from "../../model/partial-input.js";
import { derivedKey, namespaceKeyOf, type IndexedResource, type ResourceIndex } from "../../model/resource-index.js";
import { describeSelector, selectorMatches, type LabelSelector } from "../../model/selectors.js";

export const SEED_SECTION = "4.3 Pod disruption budget (PDB)";

export interface BudgetView {
  readonly resource: IndexedResource;
  /** Namespace key ("" when the budget names none). */
  readonly namespace: string;
  readonly spec: JsonObject | undefined;
  readonly selector: BudgetSelector;
  /** undefined when the API server would reject the budget (see `problems`). */
  readonly budget: Budget | undefined;
  readonly problems: readonly BudgetProblem[];
  /** Workloads of the namespace whose pod template labels the selector matches. */
  readonly selected: readonly IndexedResource[];
}

export interface BudgetsOfRun {
  readonly budgets: readonly BudgetView[];
  /** Budgets selecting each workload, by workload key, in input order. */
  readonly byWorkload: ReadonlyMap<string, readonly BudgetView[]>;
  readonly autoscalers: Autoscalers;
}

/** Kinds the rules of the practice keep whole. */
export const BUDGET_KINDS = ["PodDisruptionBudget", "HorizontalPodAutoscaler", "ScaledObject"];

const BUDGETS = derivedKey<BudgetsOfRun>("the run's budgets", { kinds: ["PodDisruptionBudget", ...AUTOSCALER_KINDS], workloads: true });

/** Input order: file, then document (keys are `file#document[#item]`). */
export function inputOrder(a: IndexedResource, b: IndexedResource): number {
  const fa = a.file ?? "";
  const fb = b.file ?? "";
  if (fa !== fb) return fa < fb ? -1 : 1;
  const da = documentNumbers(a.key);
  const db = documentNumbers(b.key);
  return da[0] - db[0] || da[1] - db[1];
}

/** Document and list item numbers from a key such as `deploy/web.yaml#2#0`. */
function documentNumbers(key: string): [number, number] {
  const match = /#(\d+)(?:#(\d+))?$/.exec(key);
  return match === null ? [0, 0] : [Number(match[1]), match[2] === undefined ? -1 : Number(match[2])];
}

const BUDGET_SELECTORS = derivedKey<ReadonlyMap<string, readonly LabelSelector[]>>("the run's budget selectors by namespace", { kinds: ["PodDisruptionBudget"] });

/**
 * The selectors of the run's budgets by namespace key, without working out what each selects:
 * enough to ask whether some budget covers one workload, which is all a webhook review asks.
 */
function budgetSelectorsByNamespace(index: ResourceIndex<IndexedResource>): ReadonlyMap<string, readonly LabelSelector[]> {
  return index.derive(BUDGET_SELECTORS, (idx) => {
    const out = new Map<string, LabelSelector[]>();
    for (const resource of idx.ofKind("PodDisruptionBudget")) {
      if (apiGroupOf(resource.apiVersion) !== "policy") continue;
      const namespace = namespaceKeyOf(resource);
      if (namespace === undefined) continue;
      const { selector } = budgetSelectorOf(resource.apiVersion, asObject(resource.object.spec));
      if (selector.kind === "nothing" || selector.kind === "invalid") continue;
      let list = out.get(namespace);
      if (list === undefined) out.set(namespace, (list = []));
      list.push(selector);
    }
    return out;
  });
}

/** Whether some budget of the run selects the pods of a workload (what `budgetsOf(index).byWorkload` holds for it). */
export function coveredByBudget(index: ResourceIndex<IndexedResource>, workload: IndexedResource): boolean {
  const summary = workload.workload;
  const namespace = namespaceKeyOf(workload);
  if (summary === undefined || namespace === undefined) return false;
  return (budgetSelectorsByNamespace(index).get(namespace) ?? []).some((selector) => selectorMatches(selector, summary.podLabels));
}

/** The run's budgets, read once per run whichever rule asks first. */
export function budgetsOf(index: ResourceIndex<IndexedResource>): BudgetsOfRun {
  return index.derive(BUDGETS, readBudgets);
}

function readBudgets(index: ResourceIndex<IndexedResource>): BudgetsOfRun {
  const budgets: BudgetView[] = [];
  const byWorkload = new Map<string, BudgetView[]>();
  for (const resource of [...index.ofKind("PodDisruptionBudget")].sort(inputOrder)) {
    if (apiGroupOf(resource.apiVersion) !== "policy") continue;
    const namespace = namespaceKeyOf(resource);
    if (namespace === undefined) continue;
    const spec = asObject(resource.object.spec);
    const selector = budgetSelectorOf(resource.apiVersion, spec);
    const { budget, problems } = readBudget(spec);
    const selected = index.workloadsSelectedBy(namespace, selector.selector);
    const view: BudgetView = { resource, namespace, spec, selector, budget, problems, selected };
    budgets.push(view);
    for (const workload of selected) {
      let list = byWorkload.get(workload.key);
      if (list === undefined) byWorkload.set(workload.key, (list = []));
      list.push(view);
    }
  }
  const result = { budgets, byWorkload, autoscalers: autoscalersOf(index) };
  return result;
}

/** Whether the pods a budget would select could be in the input (the shared check memoizes). */
export function podsCouldBeInInput(index: ResourceIndex<IndexedResource>): (resource: IndexedResource) => boolean {
  return (resource) => podsAreInInput(index, resource);
}

/** `Deployment "web"`. */
export function describeResource(resource: IndexedResource): string {
  return kindAndName(resource);
}

/** `Deployment "a", StatefulSet "b" and 3 more`. */
export function describeResources(resources: readonly IndexedResource[], limit = 3): string {
  const names = resources.slice(0, limit).map(describeResource);
  if (resources.length > limit) names.push(`${resources.length - limit} more`);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** ` in namespace "shop"`, or nothing for objects that name no namespace. */
export function inNamespace(namespace: string): string {
  return namespace === "" ? "" : ` in namespace "${namespace}"`;
}

/** The labels a workload's pods carry, `app=web, tier=front`, for messages. */
export function describePodLabels(workload: IndexedResource): string {
  return formatLabelPairs(workload.workload?.podLabels ?? {}, "no labels");
}

export { describeSelector };
