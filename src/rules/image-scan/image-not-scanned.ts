import { defineObjectRule } from "../rule.js";
import { containerImagesOf, SEED_SECTION } from "./images.js";

export default defineObjectRule({
  id: "image-not-scanned",
  practice: "image-scan",
  severity: "warning",
  summary: "When scanner reports are loaded, every image must be covered by one",
  docs: {
    example: { withImageScan: "scanner reports loaded for other images than this one (`--image-scan reports/`)" },
    seed: SEED_SECTION,
    why: "A vulnerability gate that only sees some images gives a false sense of safety: the image nobody scanned is the one nobody looks at, typically a sidecar, an init container or a third-party chart's image. Once you give shipshape scanner reports, it checks that each image a workload runs is in one of them, so a forgotten image shows up instead of passing silently.",
    fix: "Scan the image and add its report to the run: `trivy image --format json -o reports/proxy.json registry.example.com/proxy:2.0.1` (or `grype … -o json`), then `shipshape lint k8s/ --image-scan reports/`. If the report exists, check that it names the same registry/repository:tag or digest as the manifest.",
    before: `# Linted with --image-scan reports/, which holds the report of registry.example.com/shop/web:1.4.2.
# The manifest deploys the floating tag 1.4, which no report names.
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/shop/web:1.4
`,
    after: `# The manifest deploys the tag that was scanned.
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/shop/web:1.4.2
`,
    notes: "Silent when no report is loaded, so runs without scanning are not flooded. Matching is the one `image-vulnerabilities` uses (digest first, then normalised registry/repository:tag). Every container counts: init, sidecar, app and ephemeral. A multi-architecture image pinned by its index digest matches a report only if the report lists that digest (Trivy and Grype list the digest they resolved); otherwise the tag is used when the reference has one.",
  },
  check({ podTemplate, imageScans, report }) {
    if (podTemplate === undefined || !imageScans.active) return;
    for (const { ref, image, path } of containerImagesOf(podTemplate)) {
      if (image === undefined || imageScans.find(image) !== undefined) continue;
      report({ path, message: `Container "${ref.name}" runs "${image.text}", which no loaded scanner report covers: scan it and pass the report with --image-scan`, container: ref.name });
    }
  },
});
