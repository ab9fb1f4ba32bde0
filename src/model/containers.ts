// The containers of a pod, and the settings each one really runs with.
import { asArray, asNumber, asObject, asString, type JsonObject, type JsonValue, type ObjectPath } from "./json.js";
import { ScopedMemo } from "./scoped-memo.js";

/**
 * `app`: a regular container. `init`: runs to completion before the others. `sidecar`: an init
 * container with restartPolicy Always, which starts first and then runs beside the app (1.28+).
 * `ephemeral`: a debugging container added to a running pod.
 */
export type ContainerRole = "app" | "init" | "sidecar" | "ephemeral";

export interface ContainerRef {
  readonly container: JsonObject;
  readonly name: string;
  readonly role: ContainerRole;
  /** Path relative to the pod spec: ["containers", 0]. */
  readonly path: ObjectPath;
}

const LISTS: ReadonlyArray<[string, ContainerRole]> = [
  ["initContainers", "init"],
  ["containers", "app"],
  ["ephemeralContainers", "ephemeral"],
];

/** Rules ask for the same pod's containers many times: the list is built once per pod spec. */
const containersCache = new ScopedMemo<JsonObject, readonly ContainerRef[]>();

/** Every container of a pod spec, in the order Kubernetes starts them (shared: do not mutate). */
export function containersOf(podSpec: JsonObject): readonly ContainerRef[] {
  return containersCache.get(podSpec, listContainers);
}

function listContainers(podSpec: JsonObject): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [field, listRole] of LISTS) {
    asArray(podSpec[field]).forEach((item, index) => {
      const container = asObject(item);
      if (container === undefined) return;
      const role: ContainerRole = listRole === "init" && asString(container.restartPolicy) === "Always" ? "sidecar" : listRole;
      out.push({ container, name: asString(container.name) ?? `#${index}`, role, path: [field, index] });
    });
  }
  return out;
}

/** Containers that keep running while the pod runs: app containers and sidecars. */
export function runningContainersOf(podSpec: JsonObject): readonly ContainerRef[] {
  return containersOf(podSpec).filter((c) => c.role === "app" || c.role === "sidecar");
}

/** A setting with where it was written, relative to the pod spec. */
export interface Setting<T> {
  readonly value: T;
  readonly path: ObjectPath;
}

/** A setting of securityContext that a container inherits from the pod unless it sets its own. */
export type InheritedField = "runAsNonRoot" | "runAsUser" | "runAsGroup" | "seccompProfile" | "seLinuxOptions" | "windowsOptions" | "appArmorProfile";

/**
 * The effective value of a securityContext field for a container: the container's own when set
 * (even to false or 0), otherwise the pod's. This is how the kubelet resolves it.
 */
export function effectiveSecurityField(
  podSpec: JsonObject,
  ref: ContainerRef,
  field: InheritedField,
): Setting<JsonValue> | undefined {
  const own = asObject(ref.container.securityContext)?.[field];
  if (own !== undefined && own !== null) return { value: own, path: [...ref.path, "securityContext", field] };
  const pod = asObject(podSpec.securityContext)?.[field];
  if (pod !== undefined && pod !== null) return { value: pod, path: ["securityContext", field] };
  return undefined;
}

/** A field that exists only on the container's securityContext (no pod-level equivalent). */
export function containerSecurityField(ref: ContainerRef, field: string): Setting<JsonValue> | undefined {
  const own = asObject(ref.container.securityContext)?.[field];
  if (own === undefined || own === null) return undefined;
  return { value: own, path: [...ref.path, "securityContext", field] };
}

/** Windows pods have no Linux users, capabilities or seccomp. */
export function isWindowsPod(podSpec: JsonObject): boolean {
  return asString(asObject(podSpec.os)?.name) === "windows";
}

/** The user a container runs as when its settings say so; undefined when the image decides. */
export function effectiveRunAsUser(podSpec: JsonObject, ref: ContainerRef): Setting<number> | undefined {
  const setting = effectiveSecurityField(podSpec, ref, "runAsUser");
  const uid = asNumber(setting?.value);
  return setting !== undefined && uid !== undefined ? { value: uid, path: setting.path } : undefined;
}

/** Declared ports of a container, by number and name. */
export interface DeclaredPort {
  readonly containerPort: number | undefined;
  readonly name: string | undefined;
  readonly index: number;
}

const portsCache = new ScopedMemo<JsonObject, readonly DeclaredPort[]>();

/** The ports a container declares (shared: do not mutate). */
export function portsOf(container: JsonObject): readonly DeclaredPort[] {
  return portsCache.get(container, listPorts);
}

function listPorts(container: JsonObject): DeclaredPort[] {
  return asArray(container.ports).flatMap((item, index) => {
    const port = asObject(item);
    if (port === undefined) return [];
    return [{ containerPort: asNumber(port.containerPort), name: asString(port.name), index }];
  });
}

export const PROBE_FIELDS = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
export type ProbeField = (typeof PROBE_FIELDS)[number];

/** The handler of a probe or lifecycle hook: which kind, and its settings. */
export function handlerOf(handler: JsonObject): { type: "httpGet" | "tcpSocket" | "grpc" | "exec" | "sleep"; spec: JsonObject } | undefined {
  for (const type of ["httpGet", "tcpSocket", "grpc", "exec", "sleep"] as const) {
    const spec = asObject(handler[type]);
    if (spec !== undefined) return { type, spec };
  }
  return undefined;
}
