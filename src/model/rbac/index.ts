// RBAC as the Kubernetes authorizer evaluates it (see docs/rbac.md).
export * from "./types.js";
export * from "./matching.js";
export * from "./read.js";
export * from "./policy.js";
export * from "./describe.js";
export { BOOTSTRAP_POLICY_VERSION } from "./bootstrap-policy.generated.js";
