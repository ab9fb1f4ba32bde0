import { defineObjectRule } from "../rule.js";
import { containerImagesOf, SEED_SECTION } from "./images.js";

export default defineObjectRule({
  id: "image-digest-required",
  practice: "image-scan",
  severity: "warning",
  disabledByDefault: true,
  summary: "Images must be pinned by digest (@sha256:…)",
  docs: {
    seed: SEED_SECTION,
    why: [
      "A tag is a pointer that whoever can push to the repository may move, including an attacker with a leaked push token. A digest is the hash of the image manifest: the runtime verifies it, so the container runs exactly the bytes that were built, scanned and approved, on every node and after every restart.",
      "It also makes scanning meaningful: a scanner report names the digest it scanned, and shipshape matches it to the container for certain instead of trusting that the tag has not moved since.",
    ].join("\n\n"),
    fix: "Append the digest your build produced (`docker buildx imagetools inspect`, `crane digest`, or your CI's build output) to the reference: `registry.example.com/web:1.4.2@sha256:…`. The tag may stay for readability; the runtime uses the digest. Let a bot (Renovate, Dependabot) update digests.",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2@sha256:3b6c9a5f2e4d1c0b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b
`,
    notes: "Off by default: digests are the strongest pinning, but they make manifests harder to read and need automation to stay current, so requiring them is a team decision. `image-tag-mutable` already reports `latest` and missing tags. Any valid digest counts (sha256 or sha512).",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const { ref, image, path } of containerImagesOf(podTemplate)) {
      if (image === undefined || image.digest !== undefined) continue;
      report({ path, message: `Container "${ref.name}" runs "${image.text}" by tag only: append the digest it was built with (…@sha256:<digest>)`, container: ref.name });
    }
  },
});
