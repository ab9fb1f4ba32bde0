// Probes as the kubelet runs them: defaults applied, ports resolved, handlers compared.
import { isDeepStrictEqual } from "node:util";
import { asArray, asNumber, asObject, asString, type JsonObject, type ObjectPath } from "./json.js";
import { handlerOf, portsOf, runningContainersOf, type ContainerRef, type ProbeField } from "./containers.js";

export type ProbeTimingField = "initialDelaySeconds" | "periodSeconds" | "timeoutSeconds" | "successThreshold" | "failureThreshold";

/** The API server's defaults; a field left out or set to 0 gets these (0 is "unset" for all but the delay). */
export const PROBE_DEFAULTS: Readonly<Record<ProbeTimingField, number>> = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

/** One probe of a container, with its path relative to the pod spec. */
export interface ProbeRef {
  readonly field: ProbeField;
  readonly probe: JsonObject;
  readonly path: ObjectPath;
}

export function probeOf(ref: ContainerRef, field: ProbeField): ProbeRef | undefined {
  const probe = asObject(ref.container[field]);
  return probe === undefined ? undefined : { field, probe, path: [...ref.path, field] };
}

/** A timing setting as the kubelet uses it, and the path of the field when it is written. */
export interface ProbeTiming {
  readonly value: number;
  /** Relative to the pod spec; undefined when the default applies. */
  readonly path: ObjectPath | undefined;
}

export function probeTiming(probe: ProbeRef, field: ProbeTimingField): ProbeTiming {
  const written = asNumber(probe.probe[field]);
  // The API defaulting turns 0 into the default for every field but the initial delay.
  if (written === undefined || (written === 0 && field !== "initialDelaySeconds")) return { value: PROBE_DEFAULTS[field], path: undefined };
  return { value: written, path: [...probe.path, field] };
}

/** How long a probe keeps failing before the kubelet acts: failureThreshold × periodSeconds. */
export function secondsToGiveUp(probe: ProbeRef): number {
  return probeTiming(probe, "failureThreshold").value * probeTiming(probe, "periodSeconds").value;
}

/** The port a probe connects to, when its handler has one. */
export interface ProbePort {
  readonly handler: "httpGet" | "tcpSocket" | "grpc";
  /** A number, or a port name (a string). */
  readonly value: number | string;
  /** Relative to the pod spec. */
  readonly path: ObjectPath;
}

export function probePortOf(probe: ProbeRef): ProbePort | undefined {
  const handler = handlerOf(probe.probe);
  if (handler === undefined || handler.type === "exec" || handler.type === "sleep") return undefined;
  const raw = handler.spec.port;
  const value = asNumber(raw) ?? asString(raw);
  if (value === undefined) return undefined;
  return { handler: handler.type, value, path: [...probe.path, handler.type, "port"] };
}

/** The number a port name stands for in one container (the kubelet looks nowhere else). */
export function resolvePortName(container: JsonObject, name: string): number | undefined {
  return portsOf(container).find((p) => p.name === name)?.containerPort;
}

/** Another running container of the pod (app or sidecar) that declares a port, by number or name. */
export function otherContainerDeclaring(podSpec: JsonObject, self: ContainerRef, port: number | string): ContainerRef | undefined {
  return runningContainersOf(podSpec).find(
    (ref) => ref.name !== self.name && portsOf(ref.container).some((p) => (typeof port === "number" ? p.containerPort === port : p.name === port)),
  );
}

/** A container that declares ports: something is meant to connect to it. */
export function servesPorts(container: JsonObject): boolean {
  return portsOf(container).length > 0;
}

/**
 * What a probe's handler checks, with defaults applied and named ports resolved, so that two
 * probes that check the same thing have equal specs.
 */
function normalizedCheck(handler: NonNullable<ReturnType<typeof handlerOf>>, container: JsonObject): JsonObject {
  const spec: JsonObject = { ...handler.spec };
  if (handler.type === "httpGet" || handler.type === "tcpSocket" || handler.type === "grpc") {
    const port = spec.port;
    if (typeof port === "string") {
      const resolved = resolvePortName(container, port);
      if (resolved !== undefined) spec.port = resolved;
    }
  }
  if (handler.type === "httpGet") {
    spec.scheme = asString(spec.scheme) ?? "HTTP";
    spec.path = requestPath(spec);
    if (asString(spec.host) === "") delete spec.host;
    if (asArray(spec.httpHeaders).length === 0) delete spec.httpHeaders;
  }
  if (handler.type === "grpc" && asString(spec.service) === "") delete spec.service;
  return spec;
}

/** The path an HTTP probe requests: an empty or missing path requests "/". */
function requestPath(spec: JsonObject): string {
  const path = asString(spec.path);
  return path === undefined || path === "" ? "/" : path;
}

/** Whether two probes of a container run the same check (handler and settings; timing aside). */
export function sameProbeCheck(a: ProbeRef, b: ProbeRef, container: JsonObject): boolean {
  const first = handlerOf(a.probe);
  const second = handlerOf(b.probe);
  if (first === undefined || second === undefined || first.type !== second.type) return false;
  // Most pairs differ already here (liveness and readiness on different endpoints).
  if (first.type === "httpGet" && requestPath(first.spec) !== requestPath(second.spec)) return false;
  return isDeepStrictEqual(normalizedCheck(first, container), normalizedCheck(second, container));
}

/** The hosts that mean "this pod" for a probe of a pod on the host network. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"]);
