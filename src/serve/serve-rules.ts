// Which rules the webhook runs. The API server validates an object against its schema (a
// built-in kind's, or a custom resource's CRD) before any validating webhook is called, and
// refuses kinds it does not serve: a schema finding can never reach a review, so the webhook
// does not spend a fifth of each review looking for one.
import type { ResolvedConfig } from "../engine/config.js";

/** Rules whose every finding the API server has already refused before it calls the webhook. */
export const CHECKED_BY_THE_API_SERVER: readonly string[] = ["schema-invalid", "custom-resource-invalid", "schema-unknown-kind"];

/**
 * The configuration `serve` runs: without the schema rules, and without the cross-resource
 * rules when it has no cluster to judge them against (they would say "no budget" about every
 * Deployment).
 */
export function serveConfig(config: ResolvedConfig, withCluster: boolean): ResolvedConfig {
  return { ...config, rules: config.rules.filter((r) => !CHECKED_BY_THE_API_SERVER.includes(r.rule.id) && (withCluster || r.rule.scope !== "index")) };
}
