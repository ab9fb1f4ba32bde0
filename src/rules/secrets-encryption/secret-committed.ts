// Secrets whose values are written into the manifest: whoever can read the repository (and its
// history, forks and CI logs) can read them. The values are never printed, only their keys.
import { asString } from "../../model/json.js";
import { committedSecretValues } from "../../model/secret-literals.js";
import { defineObjectRule } from "../rule.js";
import { SEED } from "./shared.js";

function list(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => `"${k}"`);
  return keys.length > 5 ? `${shown.join(", ")} and ${keys.length - 5} more` : shown.join(", ");
}

export default defineObjectRule({
  id: "secret-committed",
  practice: "secrets-encryption",
  severity: "error",
  summary: "Secret values are not committed in manifests",
  docs: {
    seed: SEED,
    why: "Encrypting Secrets in etcd is pointless if the same values sit in plain text in a Git repository: `data` is only base64, which anyone decodes, and a value once pushed stays in the history, in every clone and fork. Secrets belong in a secret store, or in the repository only in encrypted form.",
    fix: "Remove the values from the manifest and rotate them (they are exposed already). Create the Secret out of band (`kubectl create secret`), from a secret manager (External Secrets Operator, the Secrets Store CSI driver, Vault), or commit it encrypted (Sealed Secrets' SealedSecret, SOPS). Templates may keep empty values or placeholders such as `${DB_PASSWORD}` that a deploy step fills in.",
    before: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ntype: Opaque\nstringData:\n  username: shop\n  password: Tr0ub4dor&3\n",
    after: "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  encryptedData:\n    username: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq\n    password: AgCtr8OJSWK+PiTySYZZA9rO43cGDEqA\n",
    notes:
      "One finding per Secret, at its first committed key; the message lists the keys (at most five), never a value. Not reported: empty values and placeholders (`\"\"`, `${VAR}`, `$(VAR)`, `{{ … }}`, `<…>`, `REPLACE_ME`, `xxx`, `***`), which a deploy step fills in; values encrypted with SOPS (`ENC[…]`, or a Secret with a `sops:` block); public certificates without a private key (a CA bundle). SealedSecrets and ExternalSecrets are other kinds and never reported. `shipshape scan` reads Secrets as metadata only, so this rule has nothing to say about a live cluster, where encryption at rest is what protects them.",
  },
  check({ object, report }) {
    if (object.apiVersion !== "v1" || object.kind !== "Secret") return;
    const values = committedSecretValues(object);
    const first = values[0];
    if (first === undefined) return;
    const type = asString(object.type);
    const fields = [...new Set(values.map((v) => v.field))].join(" and ");
    report({
      path: first.path,
      message: `The Secret commits ${values.length === 1 ? "a value" : `${values.length} values`} in ${fields} (${list(values.map((v) => v.key))})${type !== undefined && type !== "Opaque" ? ` of type ${type}` : ""}: anyone who reads the repository reads ${values.length === 1 ? "it" : "them"}; keep the values out of the manifest (secret store, SealedSecret, SOPS) and rotate them`,
    });
  },
});
