// The rules of the `upgrade` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import apiRemoved from "./api-removed.js";
import apiDeprecated from "./api-deprecated.js";
import kubeVersionEndOfLife from "./kube-version-end-of-life.js";
import clusterVersionOutdated from "./cluster-version-outdated.js";
import deprecatedApiRequested from "./deprecated-api-requested.js";

export const RULES: readonly AnyRule[] = [apiRemoved, apiDeprecated, kubeVersionEndOfLife, clusterVersionOutdated, deprecatedApiRequested];
