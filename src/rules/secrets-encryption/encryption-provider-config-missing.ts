// The API server's static pod must name an EncryptionConfiguration; without one every Secret is
// written to etcd as it is.
import { apiServerPodsOf, flagOf } from "../../model/apiserver-flags.js";
import { defineIndexRule } from "../rule.js";
import { apiServerPod, encryptionConfigurations, SEED } from "./shared.js";

export default defineIndexRule({
  id: "encryption-provider-config-missing",
  practice: "secrets-encryption",
  severity: "error",
  summary: "kube-apiserver is started with --encryption-provider-config",
  needs: { kinds: ["Pod", "EncryptionConfiguration", "EncryptionConfig"] },
  docs: {
    seed: SEED,
    why: "Without `--encryption-provider-config`, kube-apiserver stores Secrets in etcd exactly as they were sent: base64 is an encoding, not encryption. Anyone who reads etcd's data directory, a snapshot or a backup reads every password, token and private key of the cluster. With an EncryptionConfiguration the API server encrypts them before they reach etcd, and backups are encrypted too.",
    fix: "Write an EncryptionConfiguration that puts a real provider first for `secrets` (`kms` v2 with your cloud's or Vault's KMS, or `secretbox`/`aesgcm` with a key you rotate), mount it into the static pod (a hostPath volume), and add `--encryption-provider-config=<path>` to the command. Then rewrite every existing Secret so it is stored encrypted: `kubectl get secrets -A -o json | kubectl replace -f -`.",
    before: apiServerPod([]),
    after: apiServerPod(["--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml"]),
    notes:
      "The kube-apiserver static pod is recognised by the label `component: kube-apiserver` or a container that runs the `kube-apiserver` binary, in kube-system (or with no namespace, as a manifest in /etc/kubernetes/manifests). Flags are read from `command` then `args`, in both `--flag=value` and `--flag value` forms, and from a `sh -c` script; the last occurrence of a flag wins. When the flag is set, the EncryptionConfiguration itself is judged by `encryption-secrets-unencrypted`, `encryption-provider-weak` and `encryption-key-invalid` wherever it is among the files given; see docs/control-plane-config.md for how a flag's path is matched to a file. `shipshape scan` reads the flags from the API server's mirror pod; managed control planes (EKS, GKE, AKS) do not show one, and scan then says the practice cannot be judged from inside the cluster (`encryption-not-verifiable`).",
  },
  check({ index, report }) {
    const configs = encryptionConfigurations(index);
    for (const { pod, command } of apiServerPodsOf(index.ofKind("Pod"))) {
      const flag = flagOf(command, "encryption-provider-config");
      if (flag !== undefined && flag.value.trim() !== "") continue;
      const unused = configs.length > 0 ? `; the EncryptionConfiguration in ${configs[0]?.file ?? "the input"} is not used until the flag points at it` : "";
      const where = flag?.path ?? [...command.containerPath, "command"];
      report({
        resource: pod,
        path: where,
        message: `kube-apiserver runs without ${flag === undefined ? "" : "a value for "}--encryption-provider-config: Secrets are written to etcd in plain text${unused}`,
        container: command.container,
      });
    }
  },
});

