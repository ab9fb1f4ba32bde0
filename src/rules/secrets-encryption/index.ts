// The rules of the `secrets-encryption` practice.
import type { AnyRule } from "../rule.js";
import encryptionProviderConfigMissing from "./encryption-provider-config-missing.js";
import encryptionSecretsUnencrypted from "./encryption-secrets-unencrypted.js";
import encryptionProviderWeak from "./encryption-provider-weak.js";
import encryptionKeyInvalid from "./encryption-key-invalid.js";
import secretCommitted from "./secret-committed.js";
import secretEnvLiteral from "./secret-env-literal.js";
import encryptionNotVerifiable from "./encryption-not-verifiable.js";

export const RULES: readonly AnyRule[] = [
  encryptionProviderConfigMissing,
  encryptionSecretsUnencrypted,
  encryptionProviderWeak,
  encryptionKeyInvalid,
  secretCommitted,
  secretEnvLiteral,
  encryptionNotVerifiable,
];
