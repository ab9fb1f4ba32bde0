import { hostNamespaces, hostPathVolumes, hostPorts, hostProbesAndHostLifecycle } from "./checks/host.js";
import {
  runAsNonRoot,
  runAsNonRootOutsideUserNamespace,
  runAsUser,
  runAsUserOutsideUserNamespace,
} from "./checks/identity.js";
import {
  allowPrivilegeEscalation,
  allowPrivilegeEscalationExemptingWindows,
  capabilitiesBaseline,
  capabilitiesRestricted,
  capabilitiesRestrictedExemptingWindows,
  privileged,
  procMountDefaultOnly,
  procMountOutsideUserNamespace,
  windowsHostProcess,
} from "./checks/privilege.js";
import {
  appArmorProfile,
  SELINUX_TYPES_V1_0,
  SELINUX_TYPES_V1_31,
  seccompAnnotations,
  seccompProfileBaseline,
  seccompProfileRestricted,
  seccompProfileRestrictedExemptingWindows,
  seLinuxOptionsAllowing,
} from "./checks/profiles.js";
import { SAFE_SYSCTLS_BY_VERSION, sysctlsAllowing } from "./checks/sysctls.js";
import { restrictedVolumes } from "./checks/volumes.js";
import type { CheckFunction } from "./support.js";

/** One revision of a check: in force from policy version v1.<since> until the next revision. */
export interface PodSecurityCheckRevision {
  /** First policy minor version (v1.<since>) this revision applies to. */
  readonly since: number;
  /** Baseline check ids this (restricted) revision replaces when the level is restricted. */
  readonly overrides: readonly string[];
  /** What changed with this revision, in a few words. */
  readonly change: string;
  readonly evaluate: CheckFunction;
}

export interface PodSecurityCheckDefinition {
  /** Upstream check id, e.g. "runAsNonRoot". */
  readonly id: string;
  readonly level: "baseline" | "restricted";
  /** One line, for documentation. */
  readonly description: string;
  /** The forbidden reasons the check can report. */
  readonly reasons: readonly string[];
  /** The pod fields the check reads, in kubectl path notation. */
  readonly fields: readonly string[];
  /** Oldest first. */
  readonly revisions: readonly PodSecurityCheckRevision[];
}

const ALL_CONTAINERS = "spec.{initContainers,containers,ephemeralContainers}[*]";

function revision(since: number, evaluate: CheckFunction, change: string, overrides: readonly string[] = []): PodSecurityCheckRevision {
  return { since, evaluate, change, overrides };
}

/** Every Pod Security Standards check, as data. */
export const POD_SECURITY_CHECK_DEFINITIONS: readonly PodSecurityCheckDefinition[] = [
  // ----- baseline -----
  {
    id: "appArmorProfile",
    level: "baseline",
    description: "AppArmor may only be left at the runtime default or set to a node-local profile; Unconfined is refused.",
    reasons: ["forbidden AppArmor profile", "forbidden AppArmor profiles"],
    fields: [
      "spec.securityContext.appArmorProfile.type",
      `${ALL_CONTAINERS}.securityContext.appArmorProfile.type`,
      "metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]",
    ],
    revisions: [revision(0, appArmorProfile, "type RuntimeDefault/Localhost; annotation empty, runtime/default or localhost/*")],
  },
  {
    id: "capabilities_baseline",
    level: "baseline",
    description: "Containers may only add capabilities from the container runtime's default set (no NET_RAW, no SYS_ADMIN, ...).",
    reasons: ["non-default capabilities"],
    fields: [`${ALL_CONTAINERS}.securityContext.capabilities.add`],
    revisions: [revision(0, capabilitiesBaseline, "add limited to the 13 default capabilities")],
  },
  {
    id: "hostNamespaces",
    level: "baseline",
    description: "The pod must not share the node's network, PID or IPC namespace.",
    reasons: ["host namespaces"],
    fields: ["spec.hostNetwork", "spec.hostPID", "spec.hostIPC"],
    revisions: [revision(0, hostNamespaces, "hostNetwork, hostPID, hostIPC unset or false")],
  },
  {
    id: "hostPathVolumes",
    level: "baseline",
    description: "The pod must not mount directories of the node through hostPath volumes.",
    reasons: ["hostPath volumes"],
    fields: ["spec.volumes[*].hostPath"],
    revisions: [revision(0, hostPathVolumes, "no hostPath volumes")],
  },
  {
    id: "hostPorts",
    level: "baseline",
    description: "Containers must not bind ports on the node (hostPort unset or 0).",
    reasons: ["hostPort"],
    fields: [`${ALL_CONTAINERS}.ports[*].hostPort`],
    revisions: [revision(0, hostPorts, "hostPort unset or 0")],
  },
  {
    id: "hostProbesAndHostLifecycle",
    level: "baseline",
    description: "Probes and lifecycle hooks must not direct the kubelet at another host.",
    reasons: ["probe or lifecycle host"],
    fields: [
      `${ALL_CONTAINERS}.{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host`,
      `${ALL_CONTAINERS}.lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host`,
    ],
    revisions: [revision(34, hostProbesAndHostLifecycle, "host must be empty")],
  },
  {
    id: "privileged",
    level: "baseline",
    description: "Containers must not run privileged.",
    reasons: ["privileged"],
    fields: [`${ALL_CONTAINERS}.securityContext.privileged`],
    revisions: [revision(0, privileged, "privileged unset or false")],
  },
  {
    id: "procMount",
    level: "baseline",
    description: "Containers must keep the default masked /proc, unless the pod runs in its own user namespace (from v1.35).",
    reasons: ["procMount"],
    fields: [`${ALL_CONTAINERS}.securityContext.procMount`, "spec.hostUsers"],
    revisions: [
      revision(0, procMountDefaultOnly, "procMount unset or Default"),
      revision(35, procMountOutsideUserNamespace, "any procMount allowed when spec.hostUsers is false"),
    ],
  },
  {
    id: "seLinuxOptions",
    level: "baseline",
    description: "SELinux options may only select a standard container type and must not set a user or role.",
    reasons: ["seLinuxOptions"],
    fields: [
      "spec.securityContext.seLinuxOptions.{type,user,role}",
      `${ALL_CONTAINERS}.securityContext.seLinuxOptions.{type,user,role}`,
    ],
    revisions: [
      revision(0, seLinuxOptionsAllowing(SELINUX_TYPES_V1_0), "type empty, container_t, container_init_t or container_kvm_t"),
      revision(31, seLinuxOptionsAllowing(SELINUX_TYPES_V1_31), "container_engine_t allowed too"),
    ],
  },
  {
    id: "seccompProfile_baseline",
    level: "baseline",
    description: "Seccomp must not be switched off (Unconfined) for the pod or any container.",
    reasons: ["seccompProfile"],
    fields: [
      "spec.securityContext.seccompProfile.type",
      `${ALL_CONTAINERS}.securityContext.seccompProfile.type`,
      "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]",
      "metadata.annotations[container.seccomp.security.alpha.kubernetes.io/*]",
    ],
    revisions: [
      revision(0, seccompAnnotations, "alpha seccomp annotations must be runtime/default, docker/default or localhost/*"),
      revision(19, seccompProfileBaseline, "seccompProfile.type, when set, must be RuntimeDefault or Localhost"),
    ],
  },
  {
    id: "sysctls",
    level: "baseline",
    description: "Only sysctls that are namespaced and isolated from other pods may be set.",
    reasons: ["forbidden sysctls"],
    fields: ["spec.securityContext.sysctls[*].name"],
    revisions: SAFE_SYSCTLS_BY_VERSION.map((group) =>
      revision(
        group.since,
        sysctlsAllowing(group.since),
        group.since === 0 ? `safe: ${group.names.join(", ")}` : `also safe: ${group.names.join(", ")}`,
      ),
    ),
  },
  {
    id: "windowsHostProcess",
    level: "baseline",
    description: "Windows pods and containers must not run as HostProcess containers.",
    reasons: ["hostProcess"],
    fields: [
      "spec.securityContext.windowsOptions.hostProcess",
      `${ALL_CONTAINERS}.securityContext.windowsOptions.hostProcess`,
    ],
    revisions: [revision(0, windowsHostProcess, "hostProcess unset or false")],
  },
  // ----- restricted -----
  {
    id: "allowPrivilegeEscalation",
    level: "restricted",
    description: "Every container must explicitly set allowPrivilegeEscalation to false (Windows pods exempt from v1.25).",
    reasons: ["allowPrivilegeEscalation != false"],
    fields: [`${ALL_CONTAINERS}.securityContext.allowPrivilegeEscalation`, "spec.os.name"],
    revisions: [
      revision(8, allowPrivilegeEscalation, "allowPrivilegeEscalation must be false"),
      revision(25, allowPrivilegeEscalationExemptingWindows, "pods with spec.os.name windows are exempt"),
    ],
  },
  {
    id: "capabilities_restricted",
    level: "restricted",
    description: "Every container must drop ALL capabilities and may add back only NET_BIND_SERVICE (Windows pods exempt from v1.25).",
    reasons: ["unrestricted capabilities"],
    fields: [`${ALL_CONTAINERS}.securityContext.capabilities.{drop,add}`, "spec.os.name"],
    revisions: [
      revision(22, capabilitiesRestricted, "drop must include ALL, add only NET_BIND_SERVICE", ["capabilities_baseline"]),
      revision(25, capabilitiesRestrictedExemptingWindows, "pods with spec.os.name windows are exempt", ["capabilities_baseline"]),
    ],
  },
  {
    id: "procMount_restricted",
    level: "restricted",
    description: "Containers must keep the default masked /proc, even in a user namespace.",
    reasons: ["procMount"],
    fields: [`${ALL_CONTAINERS}.securityContext.procMount`],
    revisions: [revision(35, procMountDefaultOnly, "procMount unset or Default, whatever hostUsers says", ["procMount"])],
  },
  {
    id: "restrictedVolumes",
    level: "restricted",
    description: "Volumes may only be configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret.",
    reasons: ["restricted volume types"],
    fields: ["spec.volumes[*]"],
    revisions: [revision(0, restrictedVolumes, "only the nine allowed volume sources", ["hostPathVolumes"])],
  },
  {
    id: "runAsNonRoot",
    level: "restricted",
    description: "Containers must run as non-root: runAsNonRoot true on the pod or on every container (user-namespace pods exempt from v1.35).",
    reasons: ["runAsNonRoot != true"],
    fields: ["spec.securityContext.runAsNonRoot", `${ALL_CONTAINERS}.securityContext.runAsNonRoot`, "spec.hostUsers"],
    revisions: [
      revision(0, runAsNonRoot, "runAsNonRoot true, containers may inherit it from the pod"),
      revision(35, runAsNonRootOutsideUserNamespace, "not required when spec.hostUsers is false"),
    ],
  },
  {
    id: "runAsUser",
    level: "restricted",
    description: "Neither the pod nor a container may set runAsUser to 0 (user-namespace pods exempt from v1.35).",
    reasons: ["runAsUser=0"],
    fields: ["spec.securityContext.runAsUser", `${ALL_CONTAINERS}.securityContext.runAsUser`, "spec.hostUsers"],
    revisions: [
      revision(23, runAsUser, "runAsUser must not be 0"),
      revision(35, runAsUserOutsideUserNamespace, "not checked when spec.hostUsers is false"),
    ],
  },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    description: "Seccomp must be RuntimeDefault or Localhost for every container, set on the pod or on each container (Windows pods exempt from v1.25).",
    reasons: ["seccompProfile"],
    fields: [
      "spec.securityContext.seccompProfile.type",
      `${ALL_CONTAINERS}.securityContext.seccompProfile.type`,
      "spec.os.name",
    ],
    revisions: [
      revision(19, seccompProfileRestricted, "seccompProfile.type required: RuntimeDefault or Localhost", ["seccompProfile_baseline"]),
      revision(25, seccompProfileRestrictedExemptingWindows, "pods with spec.os.name windows are exempt", [
        "seccompProfile_baseline",
      ]),
    ],
  },
];

/** The revision of a check in force at a policy minor version, if the check exists yet. */
export function revisionAt(definition: PodSecurityCheckDefinition, minor: number): PodSecurityCheckRevision | undefined {
  let current: PodSecurityCheckRevision | undefined;
  for (const candidate of definition.revisions) {
    if (candidate.since <= minor) current = candidate;
  }
  return current;
}

/** Upstream's evaluation order: baseline checks, then restricted, each sorted by id. */
export function compareCheckOrder(
  a: { level: string; check: string },
  b: { level: string; check: string },
): number {
  const rank = (level: string): number => (level === "baseline" ? 0 : 1);
  if (rank(a.level) !== rank(b.level)) return rank(a.level) - rank(b.level);
  return a.check < b.check ? -1 : a.check > b.check ? 1 : 0;
}
