import { defineIndexRule } from "../rule.js";
import { BUDGET_KINDS, budgetsOf, SEED_SECTION } from "./budgets.js";

export default defineIndexRule({
  id: "pdb-invalid",
  practice: "pdb",
  severity: "error",
  summary: "A PodDisruptionBudget must be one the API server accepts",
  needs: { kinds: BUDGET_KINDS, paths: [["spec", "selector"], ["spec", "minAvailable"], ["spec", "maxUnavailable"]] },
  docs: {
    seed: SEED_SECTION,
    why: "The API server validates a PodDisruptionBudget before storing it: only one of `minAvailable` and `maxUnavailable` may be set, each must be a non-negative integer or a percentage string of at most `100%` (a quoted number such as `\"2\"` is neither), the selector's expressions must use `In`, `NotIn`, `Exists` or `DoesNotExist` with values only where the operator takes them, and `unhealthyPodEvictionPolicy` must be `IfHealthyBudget` or `AlwaysAllow`. A budget that breaks one of these rules is rejected, so the workload it was written for has no protection at all, usually without anyone noticing once the deploy pipeline moves on.",
    fix: "Keep one of `minAvailable` and `maxUnavailable` (prefer `maxUnavailable`), write counts as integers and percentages as quoted strings ending in `%`, and correct the selector expression the message names.",
    before: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`,
    after: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`,
    notes: "Schema validation (`manifest-lint`) reports wrong types in general; this rule adds the checks the API server makes beyond the schema for budgets, so the finding reads in terms of disruption.",
  },
  reportsOn: ["PodDisruptionBudget"],
  check({ index, report }) {
    for (const view of budgetsOf(index).budgets) {
      const name = `PodDisruptionBudget "${view.resource.name ?? ""}"`;
      for (const problem of view.problems) {
        report({ resource: view.resource, path: problem.path, message: `The API server rejects ${name}: ${problem.reason}` });
      }
      const selector = view.selector.selector;
      if (selector.kind === "invalid") {
        report({ resource: view.resource, path: ["spec", "selector"], message: `The API server rejects ${name}: its selector is invalid (${selector.reason})` });
      }
    }
  },
});
