// Keys kube-apiserver refuses: not base64, or not a size the cipher takes. The API server does
// not start with such a file, so the mistake surfaces as an outage rather than in a review.
import { isEncryptionConfiguration } from "../../model/config-files.js";
import { encryptionEntries, KEY_SIZES, keyProblem } from "../../model/encryption-config.js";
import { defineObjectRule } from "../rule.js";
import { SEED } from "./shared.js";

const HEAD = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n";

export default defineObjectRule({
  id: "encryption-key-invalid",
  practice: "secrets-encryption",
  severity: "error",
  summary: "Encryption keys are base64-encoded and of a size the provider takes (aescbc/aesgcm 16, 24 or 32 bytes; secretbox 32)",
  docs: {
    seed: SEED,
    why: "kube-apiserver validates every key of its EncryptionConfiguration when it starts: a key that is not standard base64, or that does not decode to 16, 24 or 32 bytes for AES (aescbc, aesgcm) or exactly 32 bytes for secretbox, stops the API server. A common slip is to paste a passphrase, or the base64 of a 31-byte string, where 32 random bytes belong.",
    fix: "Generate each key from random bytes and encode it: `head -c 32 /dev/urandom | base64`. Give every aescbc, aesgcm and secretbox provider at least one key with a name and a secret.",
    before: `${HEAD}      - secretbox:\n          keys:\n            - name: key1\n              secret: bXktcGFzc3dvcmQ=\n`,
    after: `${HEAD}      - secretbox:\n          keys:\n            - name: key1\n              secret: c2hpcHNoYXBlLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=\n`,
    notes: "The check is the API server's own (strict base64 with padding, then the decoded length). Messages name the key by its name and position, never by its value. Every provider of every entry is checked, since the API server loads them all.",
  },
  check({ object, report }) {
    if (!isEncryptionConfiguration(object.apiVersion, object.kind)) return;
    for (const entry of encryptionEntries(object)) {
      for (const provider of entry.providers) {
        if (KEY_SIZES[provider.type] === undefined) continue;
        if (provider.keys.length === 0) {
          report({ path: provider.path, message: `The ${provider.type} provider has no keys: kube-apiserver refuses to start` });
          continue;
        }
        provider.keys.forEach((key, index) => {
          const problem = keyProblem(provider.type, key);
          if (problem === undefined) return;
          const named = key.name !== undefined && key.name !== "" ? `"${key.name}"` : `#${index + 1}`;
          report({ path: [...key.path, "secret"], message: `The ${provider.type} key ${named} ${problem}: kube-apiserver refuses to start` });
        });
      }
    }
  },
});
