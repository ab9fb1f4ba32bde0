import { describeImageProblem } from "../../model/image.js";
import { defineObjectRule } from "../rule.js";
import { containerImagesOf, SEED_SECTION } from "./images.js";

export default defineObjectRule({
  id: "image-reference-invalid",
  practice: "image-scan",
  severity: "error",
  summary: "Every container must name an image reference the runtime can pull",
  docs: {
    seed: SEED_SECTION,
    why: [
      "A container whose image is missing, empty or malformed never starts: the API server refuses a Pod without an image, and the runtime refuses a reference it cannot parse (`InvalidImageName`). A Deployment or a CronJob with such a template is accepted, and the failure only shows once pods are created, often at night for a CronJob.",
      "It is also the image every other check of this practice depends on: a reference that cannot be parsed cannot be matched to a registry allow-list or to a scanner's report.",
    ].join("\n\n"),
    fix: "Write the image as `[registry[:port]/]repository[:tag][@sha256:digest]`, with a lower-case repository (`registry.example.com/team/app:1.4.2`). When the value comes from a template (`{{ .Values.image }}`), lint the rendered output (`helm template … | shipshape lint -`).",
    before: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/Team/Web:1.4.2
`,
    after: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/team/web:1.4.2
`,
    notes: "The grammar is that of the reference library container runtimes use: registry host with an optional port (a name with a dot or a port, `localhost`, or an IPv6 address in brackets), lower-case path components separated by `.`, `_`, `__` or dashes, a tag of at most 128 characters, and a digest `algorithm:hex` (exactly 64 lower-case hex digits for sha256). Unrendered template markers (`{{`, `${`) are named as such. Every container counts, ephemeral ones included.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const entry of containerImagesOf(podTemplate)) {
      if (entry.problem === undefined) continue;
      const name = entry.ref.name;
      const message =
        entry.problem === "missing"
          ? `Container "${name}" has no image, so its pods cannot be created: set the image to pull`
          : entry.text === undefined
            ? `Container "${name}" has an image that is not a string: write the reference as text`
            : `Container "${name}" has image "${entry.text}", which the runtime cannot pull because ${describeImageProblem(entry.problem)}`;
      report({ path: entry.path, message, container: name });
    }
  },
});
