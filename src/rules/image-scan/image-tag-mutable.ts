import { defaultPullPolicy, type ImageReference } from "../../model/image.js";
import { defineObjectRule } from "../rule.js";
import { containerImagesOf, isLatestOrUntagged, SEED_SECTION } from "./images.js";

export interface ImageTagMutableOptions {
  /** Tags that move (compared without case); `*` matches any characters. */
  readonly mutableTags: readonly string[];
}

function tagPattern(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
}

/** Why the image's tag does not identify one build, or undefined when it does (or a digest pins it). */
export function mutableTagOf(image: ImageReference, mutableTags: readonly string[]): "untagged" | "mutable" | undefined {
  if (image.digest !== undefined) return undefined;
  if (image.tag === undefined) return "untagged";
  if (image.tag.toLowerCase() === "latest") return "mutable";
  return mutableTags.some((glob) => tagPattern(glob).test(image.tag as string)) ? "mutable" : undefined;
}

export default defineObjectRule<ImageTagMutableOptions>({
  id: "image-tag-mutable",
  practice: "image-scan",
  severity: "warning",
  summary: "Images must be pinned to a release tag or a digest, not `latest` or no tag",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        mutableTags: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Tags your registries move, besides `latest` (always mutable): e.g. `main`, `stable`, `*-SNAPSHOT`. Compared without case; `*` matches any characters.",
        },
      },
    },
    defaults: { mutableTags: [] },
  },
  docs: {
    seed: SEED_SECTION,
    why: [
      "A scan result, a review or a rollback is only worth something if it is about the image that actually runs. `latest`, or no tag at all (which means `latest`), names whatever was pushed last: two pods of the same Deployment can run different builds, a node restart can silently upgrade a container, and going back to \"the previous version\" is impossible because no manifest names it.",
      "A release tag (`1.4.2`) names one build as long as nobody re-pushes it; a digest (`@sha256:…`) names it for certain.",
    ].join("\n\n"),
    fix: "Use the tag of a release (`registry.example.com/web:1.4.2`), or the digest your build produced (`registry.example.com/web@sha256:…`). Let your CD tooling bump the tag for each release instead of re-pushing `latest`.",
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
`,
    notes: [
      "An image pinned by digest passes whatever its tag says (`nginx:latest@sha256:…` runs exactly the digest). Only tags that are mutable by convention are reported: `latest` and no tag, plus those you list in `mutableTags`; shipshape cannot know whether your team re-pushes `1.4` (kube-score's `container-image-tag` makes the same choice; kube-linter's `latest-tag` takes regular expressions instead).",
      "When the container also sets `imagePullPolicy: IfNotPresent` with `latest` or no tag, `image-pull-policy` reports the combination once, at the pull policy, and this rule stays silent, so one mistake gives one finding.",
      "To require digests everywhere, turn on `image-digest-required`.",
    ].join("\n\n"),
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined) return;
    for (const { ref, image, path, pullPolicy } of containerImagesOf(podTemplate)) {
      if (image === undefined) continue;
      const mutable = mutableTagOf(image, options.mutableTags);
      if (mutable === undefined) continue;
      if (pullPolicy === "IfNotPresent" && isLatestOrUntagged(image)) continue; // image-pull-policy reports it
      const policy = pullPolicy ?? defaultPullPolicy(image);
      const stale = policy === "IfNotPresent" ? ", and with imagePullPolicy IfNotPresent each node keeps the build it pulled first" : "";
      const message =
        mutable === "untagged"
          ? `Container "${ref.name}" runs "${image.text}" without a tag, so it gets whatever "latest" points to when it starts${stale}: pin a release tag or a digest`
          : `Container "${ref.name}" runs "${image.text}", whose tag "${image.tag}" moves from build to build${stale}: pin a release tag or a digest`;
      report({ path, message, container: ref.name });
    }
  },
});
