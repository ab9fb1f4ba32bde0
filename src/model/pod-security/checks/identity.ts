import type { ObjectPath } from "../../json.js";
import { containerList, field, podSettingPath, settingPath } from "../support.js";
import type { CheckFinding, PodView } from "../support.js";

/**
 * runAsNonRoot must be true. A container may leave it unset only when the pod-level value is true;
 * an explicit false anywhere (pod or container) is reported on its own, before missing values.
 */
export function runAsNonRoot(pod: PodView): CheckFinding | undefined {
  const setters: string[] = [];
  const explicitPaths: ObjectPath[] = [];
  const podValue = field(pod.podSecurityContext, "runAsNonRoot");
  let podRunsAsNonRoot = false;
  // Values that are not booleans would not decode in Go; they count as unset here.
  if (podValue === false) {
    setters.push("pod");
    explicitPaths.push(podSettingPath(pod, "securityContext", "runAsNonRoot"));
  } else if (podValue === true) {
    podRunsAsNonRoot = true;
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitPaths: ObjectPath[] = [];
  for (const container of pod.containers) {
    const value = field(container.securityContext, "runAsNonRoot");
    if (value === false) {
      explicitlyBad.push(container.name);
      explicitPaths.push(settingPath(container, "securityContext", "runAsNonRoot"));
    } else if (value !== true && !podRunsAsNonRoot) {
      implicitlyBad.push(container.name);
      implicitPaths.push(settingPath(container, "securityContext", "runAsNonRoot"));
    }
  }

  if (explicitlyBad.length > 0) setters.push(containerList(explicitlyBad));
  if (setters.length > 0) {
    return {
      reason: "runAsNonRoot != true",
      detail: `${setters.join(" and ")} must not set securityContext.runAsNonRoot=false`,
      paths: explicitPaths,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: "runAsNonRoot != true",
      detail: `pod or ${containerList(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      paths: implicitPaths,
    };
  }
  return undefined;
}

/** From v1.35 a pod in a user namespace (`hostUsers: false`) is exempt. */
export function runAsNonRootOutsideUserNamespace(pod: PodView): CheckFinding | undefined {
  return pod.inUserNamespace ? undefined : runAsNonRoot(pod);
}

/** runAsUser must not be 0, at pod level or on any container (unset is fine). */
export function runAsUser(pod: PodView): CheckFinding | undefined {
  const setters: string[] = [];
  const paths: ObjectPath[] = [];
  if (field(pod.podSecurityContext, "runAsUser") === 0) {
    setters.push("pod");
    paths.push(podSettingPath(pod, "securityContext", "runAsUser"));
  }
  const bad: string[] = [];
  for (const container of pod.containers) {
    if (field(container.securityContext, "runAsUser") !== 0) continue;
    bad.push(container.name);
    paths.push(settingPath(container, "securityContext", "runAsUser"));
  }
  if (bad.length > 0) setters.push(containerList(bad));
  if (setters.length === 0) return undefined;
  return { reason: "runAsUser=0", detail: `${setters.join(" and ")} must not set runAsUser=0`, paths };
}

/** From v1.35 a pod in a user namespace (`hostUsers: false`) is exempt. */
export function runAsUserOutsideUserNamespace(pod: PodView): CheckFinding | undefined {
  return pod.inUserNamespace ? undefined : runAsUser(pod);
}
