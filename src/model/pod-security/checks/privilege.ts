import { asArray } from "../../json.js";
import type { ObjectPath } from "../../json.js";
import {
  containerList,
  field,
  joinQuote,
  mapping,
  podSettingPath,
  settingPath,
  sortedSet,
  stringOrEmpty,
} from "../support.js";
import type { CheckFinding, PodView } from "../support.js";

export function privileged(pod: PodView): CheckFinding | undefined {
  const bad: string[] = [];
  const paths: ObjectPath[] = [];
  for (const container of pod.containers) {
    if (field(container.securityContext, "privileged") !== true) continue;
    bad.push(container.name);
    paths.push(settingPath(container, "securityContext", "privileged"));
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "privileged",
    detail: `${containerList(bad)} must not set securityContext.privileged=true`,
    paths,
  };
}

/** Every container must explicitly set allowPrivilegeEscalation=false (unset counts as true). */
export function allowPrivilegeEscalation(pod: PodView): CheckFinding | undefined {
  const bad: string[] = [];
  const paths: ObjectPath[] = [];
  for (const container of pod.containers) {
    if (field(container.securityContext, "allowPrivilegeEscalation") === false) continue;
    bad.push(container.name);
    paths.push(settingPath(container, "securityContext", "allowPrivilegeEscalation"));
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "allowPrivilegeEscalation != false",
    detail: `${containerList(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    paths,
  };
}

/** From v1.25 a pod declaring `spec.os.name: windows` is exempt (the field is Linux-only). */
export function allowPrivilegeEscalationExemptingWindows(pod: PodView): CheckFinding | undefined {
  return pod.isWindows ? undefined : allowPrivilegeEscalation(pod);
}

/** The capabilities a container may add at baseline: the container runtime's default set. */
export const BASELINE_ADDABLE_CAPABILITIES: readonly string[] = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];
const baselineAddable = new Set(BASELINE_ADDABLE_CAPABILITIES);

export function capabilitiesBaseline(pod: PodView): CheckFinding | undefined {
  const bad: string[] = [];
  const forbidden: string[] = [];
  const paths: ObjectPath[] = [];
  for (const container of pod.containers) {
    const capabilities = mapping(field(container.securityContext, "capabilities"));
    if (capabilities === undefined) continue;
    let valid = true;
    asArray(capabilities["add"]).forEach((entry, index) => {
      const capability = stringOrEmpty(entry);
      if (baselineAddable.has(capability)) return;
      valid = false;
      forbidden.push(capability);
      paths.push([...container.path, "securityContext", "capabilities", "add", index]);
    });
    if (!valid) bad.push(container.name);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "non-default capabilities",
    detail: `${containerList(bad)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    paths,
  };
}

/** Restricted: drop ALL, add nothing but NET_BIND_SERVICE. */
export function capabilitiesRestricted(pod: PodView): CheckFinding | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  const dropPaths: ObjectPath[] = [];
  const addPaths: ObjectPath[] = [];

  for (const container of pod.containers) {
    const capabilities = mapping(field(container.securityContext, "capabilities"));
    if (capabilities === undefined) {
      missingDropAll.push(container.name);
      dropPaths.push(settingPath(container, "securityContext", "capabilities"));
      continue;
    }
    if (!asArray(capabilities["drop"]).some((entry) => entry === "ALL")) {
      missingDropAll.push(container.name);
      dropPaths.push(settingPath(container, "securityContext", "capabilities", "drop"));
    }
    let addsForbidden = false;
    asArray(capabilities["add"]).forEach((entry, index) => {
      const capability = stringOrEmpty(entry);
      if (capability === "NET_BIND_SERVICE") return;
      addsForbidden = true;
      forbidden.push(capability);
      addPaths.push([...container.path, "securityContext", "capabilities", "add", index]);
    });
    if (addsForbidden) addingForbidden.push(container.name);
  }

  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containerList(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containerList(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return undefined;
  return { reason: "unrestricted capabilities", detail: details.join("; "), paths: [...dropPaths, ...addPaths] };
}

/** From v1.25 a pod declaring `spec.os.name: windows` is exempt (capabilities are Linux-only). */
export function capabilitiesRestrictedExemptingWindows(pod: PodView): CheckFinding | undefined {
  return pod.isWindows ? undefined : capabilitiesRestricted(pod);
}

export function windowsHostProcess(pod: PodView): CheckFinding | undefined {
  const setters: string[] = [];
  const paths: ObjectPath[] = [];
  if (field(mapping(field(pod.podSecurityContext, "windowsOptions")), "hostProcess") === true) {
    setters.push("pod");
    paths.push(podSettingPath(pod, "securityContext", "windowsOptions", "hostProcess"));
  }
  const bad: string[] = [];
  for (const container of pod.containers) {
    if (field(mapping(field(container.securityContext, "windowsOptions")), "hostProcess") !== true) continue;
    bad.push(container.name);
    paths.push(settingPath(container, "securityContext", "windowsOptions", "hostProcess"));
  }
  if (bad.length > 0) setters.push(containerList(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: "hostProcess",
    detail: `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true`,
    paths,
  };
}

/** Any procMount other than "Default" (an explicit empty string included) unmasks /proc. */
export function procMountDefaultOnly(pod: PodView): CheckFinding | undefined {
  const bad: string[] = [];
  const types: string[] = [];
  const paths: ObjectPath[] = [];
  for (const container of pod.containers) {
    const value = field(container.securityContext, "procMount");
    if (value === undefined || value === null || value === "Default") continue;
    bad.push(container.name);
    types.push(stringOrEmpty(value));
    paths.push(settingPath(container, "securityContext", "procMount"));
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "procMount",
    detail: `${containerList(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
    paths,
  };
}

/** Baseline from v1.35: a pod in a user namespace (`hostUsers: false`) may use any procMount. */
export function procMountOutsideUserNamespace(pod: PodView): CheckFinding | undefined {
  return pod.inUserNamespace ? undefined : procMountDefaultOnly(pod);
}
