import { defineObjectRule } from "../rule.js";
import { containerImagesOf, isLatestOrUntagged, pullPolicyPath, SEED_SECTION } from "./images.js";

export default defineObjectRule({
  id: "image-pull-policy",
  practice: "image-scan",
  severity: "warning",
  summary: "imagePullPolicy must let nodes get the image you mean: not Never, and not IfNotPresent with `latest`",
  docs: {
    seed: SEED_SECTION,
    why: [
      "The pull policy decides which image a node really runs. `IfNotPresent` reuses whatever a node already has under that name. With a release tag or a digest that is the right image; with `latest` (or no tag) each node keeps the `latest` it pulled first, so replicas run different builds and a fixed, rescanned image never reaches nodes that cached the vulnerable one.",
      "`Never` only starts containers on nodes where someone loaded the image by hand: a new or replaced node fails with `ErrImageNeverPull`, and the image never went through your registry and its scanning.",
      "When the field is left out the API server picks `Always` for `latest` or no tag and `IfNotPresent` otherwise, which is the right choice: leaving it out is fine.",
    ].join("\n\n"),
    fix: "Pin the image to a release tag or a digest and drop `imagePullPolicy` (or keep `IfNotPresent`). If the image must stay on a moving tag, use `imagePullPolicy: Always`. Replace `Never` by pushing the image to a registry the nodes can reach.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:latest
          imagePullPolicy: IfNotPresent
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          imagePullPolicy: IfNotPresent
`,
    notes: [
      "Reported: `Never` always; `IfNotPresent` written explicitly with `latest` or no tag and no digest. That combination is reported here only, not by `image-tag-mutable`, so it gives one finding. A digest-pinned image passes with any policy. `Never` with `latest` gives two findings, one per field, because each is a mistake of its own.",
      "Not reported: a missing `imagePullPolicy` (the API default is sound), and `Always` with a pinned image, which some clusters require on purpose so that every pod start checks the registry credentials (the `AlwaysPullImages` admission plugin enforces the same). Polaris' `pullPolicyNotAlways` asks for `Always` everywhere; shipshape does not, because with a pinned image it only adds a registry dependency to each pod start.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const { ref, image, text, pullPolicy } of containerImagesOf(podTemplate)) {
      const shown = text === undefined ? "its image" : `"${text}"`;
      if (pullPolicy === "Never") {
        report({
          path: pullPolicyPath(podTemplate, ref),
          message: `Container "${ref.name}" sets imagePullPolicy: Never, so it starts only on nodes where ${shown} was loaded by hand: push the image to a registry and use IfNotPresent`,
          container: ref.name,
        });
      } else if (pullPolicy === "IfNotPresent" && image !== undefined && isLatestOrUntagged(image)) {
        report({
          path: pullPolicyPath(podTemplate, ref),
          message: `Container "${ref.name}" runs ${shown} with imagePullPolicy: IfNotPresent, so each node keeps the "latest" build it pulled first: pin a release tag or a digest`,
          container: ref.name,
        });
      }
    }
  },
});
