// Providers that encrypt, but not as well as they should: aescbc (no longer recommended),
// aesgcm (safe only with frequent key rotation), kms v1 (deprecated, refused by default).
import { apiServerPodsOf, flagOf, matchConfigFile } from "../../model/apiserver-flags.js";
import { coverageOf, describeProvider, encryptionEntries, type EncryptionProvider } from "../../model/encryption-config.js";
import { compareKubeVersions, type KubeVersion } from "../../model/kube-version.js";
import { defineIndexRule, type IndexedResource } from "../rule.js";
import { encryptionConfigurations, SEED } from "./shared.js";

const HEAD = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n";

/** Whether a kube-apiserver's --feature-gates turns KMSv1 on. */
function enablesKmsV1(featureGates: string | undefined): boolean {
  return featureGates !== undefined && /(^|,)\s*KMSv1\s*=\s*true\s*(,|$)/i.test(featureGates);
}

function firstProviderProblem(provider: EncryptionProvider): string | undefined {
  if (provider.type === "aescbc") {
    return "aescbc is the first provider for secrets: it is no longer recommended (CBC without authentication is open to padding-oracle attacks); use kms v2, or secretbox";
  }
  if (provider.type === "aesgcm") {
    return "aesgcm is the first provider for secrets: its random nonces make it safe only if the key is rotated at least every 200,000 writes, which nothing does for you; use kms v2 (which rotates data keys), or secretbox";
  }
  return undefined;
}

function kmsV1Message(provider: EncryptionProvider, kubeVersion: KubeVersion, users: ReadonlyArray<{ name: string; gate: boolean }>): string {
  const name = describeProvider(provider);
  const refused = compareKubeVersions(kubeVersion, { major: 1, minor: 29 }) >= 0;
  const gated = users.filter((u) => !u.gate);
  let consequence: string;
  if (users.length > 0 && gated.length === 0) consequence = "it is deprecated and runs only because the KMSv1 feature gate is on";
  else if (refused) {
    consequence = `kube-apiserver refuses to start with it unless --feature-gates=KMSv1=true (off by default since 1.29)${gated.length > 0 ? `, which ${gated.map((u) => u.name).join(", ")} does not set` : ""}`;
  } else consequence = "KMS v1 is deprecated since Kubernetes 1.28";
  return `${name} uses the deprecated KMS v1 API: ${consequence}; move to kms apiVersion: v2`;
}

export default defineIndexRule({
  id: "encryption-provider-weak",
  practice: "secrets-encryption",
  severity: "warning",
  summary: "Secrets are encrypted with a recommended provider: kms v2 or secretbox, not aescbc, aesgcm or kms v1",
  needs: { kinds: ["EncryptionConfiguration", "EncryptionConfig", "Pod"] },
  docs: {
    seed: SEED,
    why: "Not every provider protects Secrets equally. `aescbc` is no longer recommended by Kubernetes: CBC mode without authentication is vulnerable to padding-oracle attacks. `aesgcm` is fast and authenticated but its random nonces repeat too often after about 200,000 writes with one key, so it is only safe with automated key rotation. All three local providers keep the key in a file on the control-plane host, next to the data it protects. KMS v1 is deprecated (1.28) and kube-apiserver refuses it since 1.29 unless the `KMSv1` feature gate is turned on. KMS v2 keeps the key encryption key outside the cluster and rotates data keys itself.",
    fix: "Use `kms` with `apiVersion: v2` (a KMS plugin for your cloud's key service or Vault) as the first provider for secrets, or `secretbox` if you must keep a local key. Keep the old provider after the new one until every Secret has been rewritten (`kubectl get secrets -A -o json | kubectl replace -f -`), then remove it.",
    before: `${HEAD}      - aescbc:\n          keys:\n            - name: key1\n              secret: c2hpcHNoYXBlLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=\n`,
    after: `${HEAD}      - kms:\n          apiVersion: v2\n          name: vault\n          endpoint: unix:///var/run/kms-plugin/socket.sock\n      - aescbc:\n          keys:\n            - name: key1\n              secret: c2hpcHNoYXBlLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=\n`,
    notes:
      "Only the first provider of the entry that covers secrets is judged for aescbc and aesgcm: providers after it only decrypt, and keeping the old one there during a migration is how rotation works. A KMS v1 provider is reported wherever it is in the file, because kube-apiserver builds every provider when it starts. When the kube-apiserver static pod is in the input and its --encryption-provider-config names this file (matched by path ending, see docs/control-plane-config.md), its --feature-gates decides whether KMS v1 is refused. Key values are never printed.",
  },
  check({ index, kubeVersion, report }) {
    const pods = apiServerPodsOf(index.ofKind("Pod"));
    const configs = encryptionConfigurations(index);
    for (const config of configs) {
      const users = pods.flatMap(({ pod, command }) => {
        const flag = flagOf(command, "encryption-provider-config");
        if (flag === undefined || matchConfigFile(flag.value, configs) !== config) return [];
        return [{ name: `${pod.namespace ?? "kube-system"}/${pod.name ?? "kube-apiserver"}`, gate: enablesKmsV1(flagOf(command, "feature-gates")?.value) }];
      });
      const entries = encryptionEntries(config.object);
      const first = coverageOf(entries, "", "secrets")?.entry.providers[0];
      const problem = first === undefined ? undefined : firstProviderProblem(first);
      if (first !== undefined && problem !== undefined) report({ resource: config as IndexedResource, path: first.path, message: problem });
      for (const entry of entries) {
        for (const provider of entry.providers) {
          if (provider.type !== "kms" || provider.kmsApiVersion !== "v1") continue;
          report({ resource: config, path: provider.path, message: kmsV1Message(provider, kubeVersion, users) });
        }
      }
    }
  },
});
