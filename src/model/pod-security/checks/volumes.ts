import { asArray, isObject } from "../../json.js";
import type { ObjectPath } from "../../json.js";
import { isSet, joinQuote, pluralize, sortedSet, stringOrEmpty } from "../support.js";
import type { CheckFinding, PodView } from "../support.js";

/** Inline volume sources a restricted pod may use. */
export const RESTRICTED_ALLOWED_VOLUME_SOURCES: readonly string[] = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/** Every other volume source of the core/v1 API, in the order upstream names the first one found. */
export const RESTRICTED_FORBIDDEN_VOLUME_SOURCES: readonly string[] = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
];

/**
 * Restricted volume types. A volume that names no known source at all is defaulted to emptyDir by the
 * API server before admission, so it is allowed.
 */
export function restrictedVolumes(pod: PodView): CheckFinding | undefined {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  const paths: ObjectPath[] = [];
  asArray(pod.spec["volumes"]).forEach((volume, index) => {
    if (!isObject(volume)) return;
    if (RESTRICTED_ALLOWED_VOLUME_SOURCES.some((source) => isSet(volume, source))) return;
    const type = RESTRICTED_FORBIDDEN_VOLUME_SOURCES.find((source) => isSet(volume, source));
    if (type === undefined) return;
    badVolumes.push(stringOrEmpty(volume["name"]));
    badTypes.push(type);
    paths.push(["spec", "volumes", index, type]);
  });
  if (badVolumes.length === 0) return undefined;
  const types = sortedSet(badTypes);
  return {
    reason: "restricted volume types",
    detail:
      `${pluralize("volume", "volumes", badVolumes.length)} ${joinQuote(badVolumes)} ` +
      `${pluralize("uses", "use", badVolumes.length)} ` +
      `${pluralize("restricted volume type", "restricted volume types", types.length)} ${joinQuote(types)}`,
    paths,
  };
}
