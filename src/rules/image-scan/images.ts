// What the image-scan rules share: each container's image, parsed, with where it is written.
import { asString, type ObjectPath } from "../../model/json.js";
import { containersOf, type ContainerRef } from "../../model/containers.js";
import { checkImageReference, type ImageReference, type ImageReferenceProblem } from "../../model/image.js";
import { podSpecPath, type PodTemplate } from "../../model/workloads.js";

export const SEED_SECTION = "1.4 Scan container images";

export interface ContainerImage {
  readonly ref: ContainerRef;
  /** The `image` field as written; undefined when the field is missing or not a string. */
  readonly text: string | undefined;
  /** Undefined when the reference cannot be pulled (image-reference-invalid reports it). */
  readonly image: ImageReference | undefined;
  readonly problem: ImageReferenceProblem | "missing" | undefined;
  /** Path of the `image` field (or of the container when it has none), relative to the object. */
  readonly path: ObjectPath;
  /** `imagePullPolicy` as written. */
  readonly pullPolicy: string | undefined;
}

/** Every container of a pod (init, sidecar, app and ephemeral: all of them run an image). */
export function containerImagesOf(template: PodTemplate): ContainerImage[] {
  return containersOf(template.spec).map((ref) => {
    const raw = ref.container.image;
    const pullPolicy = asString(ref.container.imagePullPolicy);
    if (raw === undefined || raw === null) return { ref, text: undefined, image: undefined, problem: "missing", path: podSpecPath(template, ...ref.path), pullPolicy };
    const path = podSpecPath(template, ...ref.path, "image");
    if (typeof raw !== "string") return { ref, text: undefined, image: undefined, problem: "empty", path, pullPolicy };
    const result = checkImageReference(raw);
    return result.ok
      ? { ref, text: raw, image: result.reference, problem: undefined, path, pullPolicy }
      : { ref, text: raw, image: undefined, problem: result.problem, path, pullPolicy };
  });
}

/** The API default and the kubelet both treat an absent tag as `latest`. */
export function isLatestOrUntagged(image: ImageReference): boolean {
  return image.digest === undefined && (image.tag === undefined || image.tag === "latest");
}

/** Path of the container's `imagePullPolicy` field, relative to the object. */
export function pullPolicyPath(template: PodTemplate, ref: ContainerRef): ObjectPath {
  return podSpecPath(template, ...ref.path, "imagePullPolicy");
}
