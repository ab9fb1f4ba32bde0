import type { JsonObject, ObjectPath } from "../../json.js";
import {
  compareCodePoints,
  containerList,
  field,
  goQuote,
  joinQuote,
  locate,
  mapping,
  pluralize,
  sortedSet,
  stringOrEmpty,
} from "../support.js";
import type { CheckFinding, ContainerView, PodView } from "../support.js";

/** A forbidden value found on the pod-level security context or on one container. */
interface ProfileSetting {
  /** The container, or undefined for the pod-level security context. */
  container: ContainerView | undefined;
  value: string;
  path: ObjectPath;
}

/**
 * Walks `<securityContext>.<key>` on the pod and on every container, collecting those present as a
 * mapping whose `type` is not accepted. Also reports which containers left it unset.
 */
function scanProfileType(
  pod: PodView,
  key: string,
  accepted: (type: string) => boolean,
): { podValid: boolean; bad: ProfileSetting[]; unset: ContainerView[] } {
  const bad: ProfileSetting[] = [];
  const unset: ContainerView[] = [];
  let podValid = false;
  const podProfile = mapping(field(pod.podSecurityContext, key));
  if (podProfile !== undefined) {
    const type = stringOrEmpty(podProfile["type"]);
    if (accepted(type)) podValid = true;
    else bad.push({ container: undefined, value: type, path: locate(pod.spec, ["spec"], ["securityContext", key, "type"]) });
  }
  for (const container of pod.containers) {
    const profile = mapping(field(container.securityContext, key));
    if (profile === undefined) {
      unset.push(container);
      continue;
    }
    const type = stringOrEmpty(profile["type"]);
    if (!accepted(type)) {
      bad.push({ container, value: type, path: locate(container.object, container.path, ["securityContext", key, "type"]) });
    }
  }
  return { podValid, bad, unset };
}

/** "pod", "container(s) …" in that order, from the bad settings found. */
function settersOf(bad: readonly ProfileSetting[]): string[] {
  const setters: string[] = [];
  if (bad.some((setting) => setting.container === undefined)) setters.push("pod");
  const names = bad.flatMap((setting) => (setting.container === undefined ? [] : [setting.container.name]));
  if (names.length > 0) setters.push(containerList(names));
  return setters;
}

// ---------------------------------------------------------------------------------------------
// AppArmor

export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function acceptedAppArmorType(type: string): boolean {
  return type === "RuntimeDefault" || type === "Localhost";
}

function acceptedAppArmorAnnotation(value: string): boolean {
  return value === "" || value === "runtime/default" || value.startsWith("localhost/");
}

/** AppArmor: the securityContext.appArmorProfile fields and the beta annotations, at every version. */
export function appArmorProfile(pod: PodView): CheckFinding | undefined {
  const { bad } = scanProfileType(pod, "appArmorProfile", acceptedAppArmorType);
  const setters = settersOf(bad);
  const values = sortedSet(bad.map((setting) => setting.value));
  const paths = bad.map((setting) => setting.path);

  const annotations: { text: string; key: string }[] = [];
  for (const [key, value] of pod.annotations) {
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !acceptedAppArmorAnnotation(value)) {
      annotations.push({ text: `${key}=${goQuote(value)}`, key });
    }
  }
  if (annotations.length > 0) {
    annotations.sort((a, b) => compareCodePoints(a.text, b.text));
    values.push(...annotations.map((annotation) => annotation.text));
    setters.push(pluralize("annotation", "annotations", annotations.length));
    paths.push(...annotations.map((annotation): ObjectPath => ["metadata", "annotations", annotation.key]));
  }

  if (setters.length === 0) return undefined;
  return {
    reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.length),
    detail: `${setters.join(" and ")} must not set AppArmor profile type to ${joinQuote(values)}`,
    paths,
  };
}

// ---------------------------------------------------------------------------------------------
// Seccomp

export const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

function acceptedSeccompType(type: string): boolean {
  return type === "RuntimeDefault" || type === "Localhost";
}

function acceptedSeccompAnnotation(value: string): boolean {
  return value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/");
}

/** Baseline before v1.19: the alpha seccomp annotations (pod, and per container by name) must not be unconfined. */
export function seccompAnnotations(pod: PodView): CheckFinding | undefined {
  const forbidden = new Map<string, string>();
  const consider = (key: string): void => {
    const value = pod.annotations.get(key);
    if (value !== undefined && !acceptedSeccompAnnotation(value)) forbidden.set(`${key}=${goQuote(value)}`, key);
  };
  consider(SECCOMP_POD_ANNOTATION);
  for (const container of pod.containers) consider(SECCOMP_CONTAINER_ANNOTATION_PREFIX + container.name);

  if (forbidden.size === 0) return undefined;
  const texts = [...forbidden.keys()].sort(compareCodePoints);
  return {
    reason: "seccompProfile",
    detail: `forbidden ${pluralize("annotation", "annotations", texts.length)} ${texts.join(", ")}`,
    paths: texts.map((text): ObjectPath => ["metadata", "annotations", forbidden.get(text)!]),
  };
}

function explicitSeccompFinding(bad: readonly ProfileSetting[]): CheckFinding {
  return {
    reason: "seccompProfile",
    detail: `${settersOf(bad).join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(
      sortedSet(bad.map((setting) => setting.value)),
    )}`,
    paths: bad.map((setting) => setting.path),
  };
}

/** Baseline from v1.19: a seccompProfile that is set must be RuntimeDefault or Localhost. */
export function seccompProfileBaseline(pod: PodView): CheckFinding | undefined {
  const { bad } = scanProfileType(pod, "seccompProfile", acceptedSeccompType);
  return bad.length === 0 ? undefined : explicitSeccompFinding(bad);
}

/**
 * Restricted from v1.19: as baseline, and additionally every container without its own profile
 * needs a valid pod-level profile to inherit.
 */
export function seccompProfileRestricted(pod: PodView): CheckFinding | undefined {
  const { podValid, bad, unset } = scanProfileType(pod, "seccompProfile", acceptedSeccompType);
  if (bad.length > 0) return explicitSeccompFinding(bad);
  if (podValid || unset.length === 0) return undefined;
  return {
    reason: "seccompProfile",
    detail: `pod or ${containerList(unset.map((container) => container.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    paths: unset.map((container) => locate(container.object, container.path, ["securityContext", "seccompProfile"])),
  };
}

/** From v1.25 a pod declaring `spec.os.name: windows` is exempt (seccomp is Linux-only). */
export function seccompProfileRestrictedExemptingWindows(pod: PodView): CheckFinding | undefined {
  return pod.isWindows ? undefined : seccompProfileRestricted(pod);
}

// ---------------------------------------------------------------------------------------------
// SELinux

export const SELINUX_TYPES_V1_0: readonly string[] = ["", "container_t", "container_init_t", "container_kvm_t"];
export const SELINUX_TYPES_V1_31: readonly string[] = [...SELINUX_TYPES_V1_0, "container_engine_t"];

/** seLinuxOptions: type from an allowed set; user and role must be empty. */
export function seLinuxOptionsAllowing(allowedTypes: readonly string[]): (pod: PodView) => CheckFinding | undefined {
  const allowed = new Set(allowedTypes);
  return (pod) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const paths: ObjectPath[] = [];

    const inspect = (options: JsonObject, base: ObjectPath): boolean => {
      let valid = true;
      const type = stringOrEmpty(options["type"]);
      if (!allowed.has(type)) {
        valid = false;
        badTypes.push(type);
        paths.push([...base, "type"]);
      }
      if (stringOrEmpty(options["user"]) !== "") {
        valid = false;
        setUser = true;
        paths.push([...base, "user"]);
      }
      if (stringOrEmpty(options["role"]) !== "") {
        valid = false;
        setRole = true;
        paths.push([...base, "role"]);
      }
      return valid;
    };

    const setters: string[] = [];
    const podOptions = mapping(field(pod.podSecurityContext, "seLinuxOptions"));
    if (podOptions !== undefined && !inspect(podOptions, ["spec", "securityContext", "seLinuxOptions"])) {
      setters.push("pod");
    }
    const bad: string[] = [];
    for (const container of pod.containers) {
      const options = mapping(field(container.securityContext, "seLinuxOptions"));
      if (options === undefined) continue;
      if (!inspect(options, [...container.path, "securityContext", "seLinuxOptions"])) bad.push(container.name);
    }
    if (bad.length > 0) setters.push(containerList(bad));
    if (setters.length === 0) return undefined;

    const problems: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) problems.push(`${pluralize("type", "types", types.length)} ${joinQuote(types)}`);
    if (setUser) problems.push("user may not be set");
    if (setRole) problems.push("role may not be set");
    return {
      reason: "seLinuxOptions",
      detail: `${setters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${problems.join("; ")}`,
      paths,
    };
  };
}
