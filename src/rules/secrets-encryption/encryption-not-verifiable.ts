// Reported by `shipshape scan` (cluster/control-plane-checks.ts), once per cluster, when the
// API server's flags cannot be read from inside the cluster.
import { defineInputRule } from "../rule.js";
import { SEED } from "./shared.js";

export default defineInputRule({
  id: "encryption-not-verifiable",
  practice: "secrets-encryption",
  severity: "warning",
  summary: "A live scan says when encryption at rest cannot be judged from inside the cluster",
  docs: {
    seed: SEED,
    why: "Whether Secrets are encrypted in etcd is decided by kube-apiserver's `--encryption-provider-config`, which only its static pod shows (as a mirror pod in kube-system). Managed control planes (EKS, GKE, AKS and most others) run the API server out of sight: nothing inside the cluster tells whether encryption is on. Rather than pass in silence, the scan says the practice was not judged.",
    fix: "Check it where it is decided. EKS: envelope encryption of Secrets with a KMS key (on by default for clusters of Kubernetes 1.28 and later; `aws eks describe-cluster` shows `encryptionConfig`). GKE: application-layer secrets encryption with Cloud KMS (`gcloud container clusters describe` shows `databaseEncryption`). AKS: KMS etcd encryption with Azure Key Vault (`az aks show` shows `securityProfile.azureKeyVaultKms`). On your own control plane, lint the static pod manifest and the EncryptionConfiguration from the control-plane node with `shipshape lint`.",
    before: "# shipshape scan: no kube-apiserver Pod is readable in kube-system (managed control plane)\n",
    after: "# shipshape scan: kube-system/kube-apiserver-cp1 (mirror pod) runs with --encryption-provider-config=/etc/kubernetes/enc/enc.yaml\n",
    notes: "Only `shipshape scan` reports it. When the mirror pod is readable its flags are judged by `encryption-provider-config-missing`; the EncryptionConfiguration it names lives on the control-plane node's disk, which no API shows, so the scan also warns that the file itself was not judged.",
  },
});
