import { DOCKER_HUB, isDockerHubOfficial, matchesRegistryEntry, type ImageReference } from "../../model/image.js";
import { defineObjectRule } from "../rule.js";
import { containerImagesOf, SEED_SECTION } from "./images.js";

export interface ImageRegistryUntrustedOptions {
  /** The allow-list; when not empty, every image outside it is reported. */
  readonly trustedRegistries: readonly string[];
  /** Without an allow-list: Docker Hub namespaces of vendors you trust besides the official images. */
  readonly trustedDockerHubNamespaces: readonly string[];
}

/** Why an image's source is not trusted, or undefined when it is. */
export function untrustedReason(image: ImageReference, options: ImageRegistryUntrustedOptions): string | undefined {
  if (options.trustedRegistries.length > 0) {
    if (options.trustedRegistries.some((entry) => matchesRegistryEntry(image, entry))) return undefined;
    const where = image.registry === DOCKER_HUB ? `Docker Hub (${image.registry}/${image.repository})` : image.registry;
    return `from ${where}, which trustedRegistries does not list`;
  }
  if (image.registry !== DOCKER_HUB || isDockerHubOfficial(image)) return undefined;
  const namespace = image.repository.split("/")[0] as string;
  if (options.trustedDockerHubNamespaces.some((trusted) => trusted.toLowerCase() === namespace)) return undefined;
  return `from the Docker Hub namespace "${namespace}", which holds no official images`;
}

export default defineObjectRule<ImageRegistryUntrustedOptions>({
  id: "image-registry-untrusted",
  practice: "image-scan",
  severity: "warning",
  summary: "Images must come from a trusted registry (by default: no unofficial Docker Hub images)",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        trustedRegistries: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description:
            "Where images may come from; when set, every other image is reported. Each entry is a registry host (`ghcr.io`, `localhost:5000`), a host with a path prefix matched by whole segments (`ghcr.io/acme`), or a glob (`*.dkr.ecr.*.amazonaws.com`, `registry.example.com/team-*`; `*` stays within a segment, `**` crosses them). An entry whose first segment is not a host names a Docker Hub path: `library` is the official images, `bitnami` a vendor namespace.",
        },
        trustedDockerHubNamespaces: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Only used while trustedRegistries is empty: Docker Hub namespaces of vendors you trust besides the official images (e.g. `grafana`).",
        },
      },
    },
    defaults: { trustedRegistries: [], trustedDockerHubNamespaces: [] },
  },
  docs: {
    seed: SEED_SECTION,
    why: [
      "The seed's advice is to prefer images you build and publish in your own registry, and to take public images only from official vendors. Anyone can push to a Docker Hub user namespace: such images are the usual vehicle of typosquatting, abandoned base layers and cryptominers, and nothing guarantees they are rebuilt when their packages get patched. Images from your own registry can be scanned, signed and kept under your retention rules.",
      "Without configuration shipshape only reports what is clearly outside that advice: Docker Hub images outside the official `library/` namespace (`bitnami/redis`, `someuser/app`). Official images (`nginx`, `docker.io/library/postgres`) and every other registry pass, because only you know which registries you trust. List them in `trustedRegistries` to turn the rule into a strict allow-list.",
    ].join("\n\n"),
    fix: "Mirror or rebuild the image into your own registry (`registry.example.com/mirror/redis:7.2.4`) and reference it there, or use the official image. If the vendor is one you trust, add it to `trustedDockerHubNamespaces` (or to `trustedRegistries` when you keep an allow-list).",
    before: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - name: redis
          image: someuser/redis:7.2.4
`,
    after: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - name: redis
          image: registry.example.com/mirror/redis:7.2.4
`,
    notes: [
      "Image names are normalised the way the runtime does before matching: no registry means `docker.io`, a single-segment name means `docker.io/library/…`, and `index.docker.io`, `registry-1.docker.io` and `registry.hub.docker.com` are Docker Hub. Registry hosts compare without case; `localhost:5000` and `localhost` are different registries.",
      "With `trustedRegistries` set, official Docker Hub images are reported too unless the list has `docker.io/library` (or `library`): an allow-list means exactly what it lists. Docker Hub's Verified Publisher status is not visible in a manifest, so vendor namespaces are trusted only when you list them.",
      "Peers: kube-score and Polaris have no such check built in; Kubescape (C-0001, C-0078) and Trivy (KSV-0032…0035, KSV-0125) only check allow-lists you write. The default here is useful without configuration and quiet on official images.",
    ].join("\n\n"),
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined) return;
    for (const { ref, image, path } of containerImagesOf(podTemplate)) {
      if (image === undefined) continue;
      const reason = untrustedReason(image, options);
      if (reason === undefined) continue;
      const fix = options.trustedRegistries.length > 0 ? "use an image from a trusted registry or add its source to the list" : "use an official image or a copy in your own registry, or trust the vendor in trustedDockerHubNamespaces";
      report({ path, message: `Container "${ref.name}" runs "${image.text}" ${reason}: ${fix}`, container: ref.name });
    }
  },
});
