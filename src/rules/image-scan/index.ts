// The rules of the `image-scan` practice, in the order `shipshape rules` lists them.
import type { AnyRule } from "../rule.js";
import imageReferenceInvalid from "./image-reference-invalid.js";
import imageTagMutable from "./image-tag-mutable.js";
import imagePullPolicy from "./image-pull-policy.js";
import imageRegistryUntrusted from "./image-registry-untrusted.js";
import imageDigestRequired from "./image-digest-required.js";
import imageVulnerabilities from "./image-vulnerabilities.js";
import imageNotScanned from "./image-not-scanned.js";

export const RULES: readonly AnyRule[] = [imageReferenceInvalid, imageTagMutable, imagePullPolicy, imageRegistryUntrusted, imageDigestRequired, imageVulnerabilities, imageNotScanned];
