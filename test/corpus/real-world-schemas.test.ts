// Schema validation over the real-world corpus (../shared/corpus/real-world) at the default
// target: every error there was read by hand and is a real problem of that manifest (the
// reason is noted per entry). The test fails on any new one, so a false alarm cannot creep in.
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { PRACTICE_IDS } from "../../src/model/practices.js";
import { parseReport, runCli, scratch } from "../helpers/cli.js";
import { corpusPath } from "../helpers/shared.js";

/** [file, field path, rule, why it is right]. */
const REVIEWED: ReadonlyArray<readonly [string, string, string, string]> = [
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml", "spec.capacity.storage", "schema-invalid", "placeholder FILESTORE_CAPACITY, meant for sed before applying"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml", "spec.resources.requests.storage", "schema-invalid", "placeholder FILESTORE_CAPACITY, meant for sed before applying"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model-variables.yaml", "spec", "custom-resource-invalid", "InferenceModel written for a newer CRD than the v1alpha2 one in manifests.yaml (no modelName/poolRef; modelSource, resources unknown)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model-variables.yaml", "spec.modelSource", "custom-resource-invalid", "InferenceModel written for a newer CRD than the v1alpha2 one in manifests.yaml (no modelName/poolRef; modelSource, resources unknown)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model-variables.yaml", "spec.resources", "custom-resource-invalid", "InferenceModel written for a newer CRD than the v1alpha2 one in manifests.yaml (no modelName/poolRef; modelSource, resources unknown)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml", "spec", "custom-resource-invalid", "InferenceModel written for a newer CRD than the v1alpha2 one in manifests.yaml (no modelName/poolRef; modelSource, resources unknown)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml", "spec.modelSource", "custom-resource-invalid", "InferenceModel written for a newer CRD than the v1alpha2 one in manifests.yaml (no modelName/poolRef; modelSource, resources unknown)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml", "spec.resources", "custom-resource-invalid", "InferenceModel written for a newer CRD than the v1alpha2 one in manifests.yaml (no modelName/poolRef; modelSource, resources unknown)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-2b-bitsandbytes-nf4/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-2b-bitsandbytes/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-2b-parallel/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-7b-bitsandbytes-nf4/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-7b-bitsandbytes/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-7b-token/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-2b-awq/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-2b-parallel/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-7b-awq/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-7b-kvcache/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-7b-token/patch.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/networking/sctp/sctp-deployment.yaml", "spec.ports[0].port", "schema-invalid", "placeholder PORT where a port number belongs"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/networking/sctp/sctp-deployment.yaml", "spec.template.spec.containers[0].ports[0].containerPort", "schema-invalid", "placeholder PORT where a port number belongs"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/arm/add_arm_support.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/arm/add_arm_support.yaml", "spec.template.spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/multiarch/add_multiarch_support.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/multiarch/add_multiarch_support.yaml", "spec.template.spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/multiarch/increase_replicas.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["GoogleCloudPlatform__kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/x86_increase_replicas/increase_replicas.yaml", "spec", "schema-invalid", "Kustomize patch: a partial object, not valid alone (lint the kustomize build output)"],
  ["istio__istio/samples/security/psp/sidecar-psp.yaml", "kind", "schema-invalid", "PodSecurityPolicy never existed in policy/v1 (it was policy/v1beta1, removed in 1.25)"],
  ["istio__istio/samples/security/spire-trust-domain-federation/cluster-federated-trust-domain.yaml", "spec.className", "custom-resource-invalid", "spec.className is not in the ClusterFederatedTrustDomain CRD of spire-quickstart.yaml in the same run"],
  ["kubernetes__dashboard/hack/test-resources/nginx-daemon-daemon-set.yaml", "spec", "schema-invalid", "apps/v1 requires spec.selector"],
  ["kubernetes__examples/_archived/cloud-controller-manager/persistent-volume-label-initializer-config.yaml", "kind", "schema-invalid", "InitializerConfiguration was removed in Kubernetes 1.14"],
  ["kubernetes__examples/_archived/scheduler-policy/scheduler-policy-config-with-extender.json", "kind", "schema-invalid", "a kube-scheduler Policy file (removed in 1.23), not an API object"],
  ["kubernetes__examples/_archived/scheduler-policy/scheduler-policy-config.json", "kind", "schema-invalid", "a kube-scheduler Policy file (removed in 1.23), not an API object"],
  ["kubernetes__examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml", "spec.containers[0].ports[0].protocol", "schema-invalid", "protocol tcp: values are case-sensitive (TCP)"],
  ["kubernetes__examples/_archived/volumes/cinder/cinder-web.yaml", "spec.containers[0].ports[0].protocol", "schema-invalid", "protocol tcp: values are case-sensitive (TCP)"],
  ["kubernetes__examples/_archived/volumes/fibre_channel/fc.yaml", "spec.volumes[0].fc.lun", "schema-invalid", "lun is an integer"],
  ["kubernetes__examples/_archived/volumes/rbd/rbd.yaml", "spec.volumes[0].rbd.imagefeatures", "schema-invalid", "imageformat/imagefeatures are StorageClass parameters, not fields of an rbd volume"],
  ["kubernetes__examples/_archived/volumes/rbd/rbd.yaml", "spec.volumes[0].rbd.imageformat", "schema-invalid", "imageformat/imagefeatures are StorageClass parameters, not fields of an rbd volume"],
  ["kubernetes__examples/_archived/volumes/scaleio/pod.yaml", "spec.volumes[0].scaleIO.protectionDoamin", "schema-invalid", "typo of protectionDomain"],
  ["kubernetes__examples/_archived/volumes/storageos/storageos-pod.yaml", "spec.volumes[0].storageos.pool", "schema-invalid", "not a field of the StorageOS volume source (secretRef, no pool)"],
  ["kubernetes__examples/_archived/volumes/storageos/storageos-pv.yaml", "spec.storageos.secretName", "schema-invalid", "not a field of the StorageOS volume source (secretRef, no pool)"],
  ["kubernetes__ingress-nginx/deploy/grafana/deployment.yaml", "spec", "schema-invalid", "apps/v1 requires spec.selector"],
  ["kubernetes__ingress-nginx/deploy/prometheus/deployment.yaml", "spec", "schema-invalid", "apps/v1 requires spec.selector"],
  ["kubernetes__ingress-nginx/docs/examples/auth/oauth-external-auth/vouch-proxy.yaml", "spec.template.spec.containers[0].env[0].value", "schema-invalid", "env value true must be quoted: env values are strings"],
  ["kubernetes__ingress-nginx/docs/examples/customization/ssl-dh-param/ssl-dh-param.yaml", "data[\"dhparam.pem\"]", "schema-invalid", "placeholder text where base64 data belongs"],
  ["kubernetes__website/content/en/examples/pods/security/security-context-7.yaml", "spec.containers[0].securityContext.cgroupOptions", "schema-invalid", "not a field of SecurityContext in Kubernetes 1.37 (the sample is ahead of the newest release)"],
];

describe("schema validation of the real-world corpus", () => {
  it("finds exactly the reviewed problems, each at its field", () => {
    const config = path.join(scratch(), "schema-only.json");
    writeFileSync(config, JSON.stringify({ practices: Object.fromEntries(PRACTICE_IDS.filter((p) => p !== "manifest-lint").map((p) => [p, "off"])) }));
    const result = runCli(["lint", "--format", "json", "--config", config, "."], { cwd: corpusPath("real-world") });
    const report = parseReport(result);
    const found = [...new Set(report.findings.filter((f) => f.rule === "schema-invalid" || f.rule === "custom-resource-invalid").map((f) => JSON.stringify([f.location?.file, f.path, f.rule])))].sort();
    expect(found).toEqual(REVIEWED.map(([file, field, rule]) => JSON.stringify([file, field, rule])).sort());
    // Every object of the corpus was read and checked.
    expect(report.summary.resources).toBe(2621);
    console.log(`real-world corpus, schema validation at the newest version: ${REVIEWED.length} problems in ${new Set(REVIEWED.map((r) => r[0])).size} files, all reviewed`);
  });
});
