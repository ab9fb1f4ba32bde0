// An EncryptionConfiguration that leaves Secrets in plain text: no entry covers them, or the
// entry that does lists `identity` first.
import { isEncryptionConfiguration } from "../../model/config-files.js";
import { coverageOf, encryptionEntries } from "../../model/encryption-config.js";
import { defineObjectRule } from "../rule.js";
import { SEED } from "./shared.js";

const HEAD = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n";

export default defineObjectRule({
  id: "encryption-secrets-unencrypted",
  practice: "secrets-encryption",
  severity: "error",
  summary: "An EncryptionConfiguration encrypts Secrets: it covers them and its first provider is not identity",
  docs: {
    seed: SEED,
    why: "kube-apiserver encrypts every new write with the first provider of the entry that covers the resource; the providers after it are only tried to read what is already stored. With `identity` first, new Secrets go to etcd in plain text even though the file lists real keys after it, a mistake that looks like encryption in a review. A configuration that covers other resources but not `secrets` (by name, `*.` or `*.*`) leaves them unencrypted too.",
    fix: "Put the encrypting provider first and keep `identity` last, only as long as Secrets written before encryption was turned on still have to be read; then rewrite all Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`) and drop `identity`. Cover Secrets explicitly with `resources: [secrets]` (or `*.` / `*.*`).",
    before: `${HEAD}      - identity: {}\n      - secretbox:\n          keys:\n            - name: key1\n              secret: <32 random bytes, base64>\n`,
    after: `${HEAD}      - kms:\n          apiVersion: v2\n          name: vault\n          endpoint: unix:///var/run/kms-plugin/socket.sock\n      - identity: {}\n`,
    notes:
      "Coverage is resolved as the API server's loader resolves it: an entry naming `secrets` wins over `*.` (every core resource), which wins over `*.*`. The legacy `apiVersion: v1`, `kind: EncryptionConfig` form is read too. Key values are never printed.",
  },
  check({ object, report }) {
    if (!isEncryptionConfiguration(object.apiVersion, object.kind)) return;
    const entries = encryptionEntries(object);
    const coverage = coverageOf(entries, "", "secrets");
    if (coverage === undefined) {
      report({ path: ["resources"], message: "No entry of this EncryptionConfiguration covers secrets (by name, `*.` or `*.*`): Secrets are stored in etcd in plain text" });
      return;
    }
    const first = coverage.entry.providers[0];
    if (first === undefined) {
      report({ path: [...coverage.entry.path, "providers"], message: `The entry that covers secrets (as \`${coverage.as}\`) has no provider the API server knows: it refuses to start` });
      return;
    }
    if (first.type !== "identity") return;
    const others = coverage.entry.providers.length - 1;
    report({
      path: first.path,
      message: `identity is the first provider for secrets (covered as \`${coverage.as}\`): new Secrets are written to etcd in plain text${others > 0 ? `; the ${others} provider${others === 1 ? "" : "s"} after it only decrypt` : ""}`,
    });
  },
});
