import { asArray, isObject } from "../../json.js";
import type { JsonObject, ObjectPath } from "../../json.js";
import { containerList, isSet, joinQuote, mapping, pluralize, sortedSet, stringOrEmpty } from "../support.js";
import type { CheckFinding, PodView } from "../support.js";

/** hostNetwork / hostPID / hostIPC, reported in that fixed order. */
export function hostNamespaces(pod: PodView): CheckFinding | undefined {
  const shared: string[] = [];
  const paths: ObjectPath[] = [];
  for (const key of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (pod.spec[key] === true) {
      shared.push(`${key}=true`);
      paths.push(["spec", key]);
    }
  }
  if (shared.length === 0) return undefined;
  return { reason: "host namespaces", detail: shared.join(", "), paths };
}

export function hostPathVolumes(pod: PodView): CheckFinding | undefined {
  const names: string[] = [];
  const paths: ObjectPath[] = [];
  asArray(pod.spec["volumes"]).forEach((volume, index) => {
    if (!isObject(volume) || !isSet(volume, "hostPath")) return;
    names.push(stringOrEmpty(volume["name"]));
    paths.push(["spec", "volumes", index, "hostPath"]);
  });
  if (names.length === 0) return undefined;
  return {
    reason: "hostPath volumes",
    detail: `${pluralize("volume", "volumes", names.length)} ${joinQuote(names)}`,
    paths,
  };
}

/**
 * Host ports. The API server defaults `hostPort` to `containerPort` on (init) containers of a
 * hostNetwork pod before admission runs, so such ports count as host ports too.
 */
export function hostPorts(pod: PodView): CheckFinding | undefined {
  const badContainers: string[] = [];
  const ports: string[] = [];
  const paths: ObjectPath[] = [];
  const hostNetwork = pod.spec["hostNetwork"] === true;
  for (const container of pod.containers) {
    const defaulted = hostNetwork && container.path[1] !== "ephemeralContainers";
    let bad = false;
    asArray(container.object["ports"]).forEach((port, index) => {
      if (!isObject(port)) return;
      let value = numeric(port["hostPort"]);
      let key = "hostPort";
      if (value === 0 && defaulted) {
        value = numeric(port["containerPort"]);
        key = "containerPort";
      }
      if (value === 0) return;
      bad = true;
      ports.push(String(value));
      paths.push([...container.path, "ports", index, key]);
    });
    if (bad) badContainers.push(container.name);
  }
  if (badContainers.length === 0) return undefined;
  const unique = sortedSet(ports);
  return {
    reason: "hostPort",
    detail:
      `${containerList(badContainers)} ${pluralize("uses", "use", badContainers.length)} ` +
      `${pluralize("hostPort", "hostPorts", unique.length)} ${unique.join(", ")}`,
    paths,
  };
}

function numeric(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const LIFECYCLE_HOOKS = ["postStart", "preStop"] as const;
const HANDLER_ACTIONS = ["httpGet", "tcpSocket"] as const;

/** Probes and lifecycle handlers must not name a `host` (policy v1.34+). */
export function hostProbesAndHostLifecycle(pod: PodView): CheckFinding | undefined {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  const paths: ObjectPath[] = [];

  const inspect = (handler: JsonObject | undefined, base: ObjectPath): boolean => {
    if (handler === undefined) return false;
    let found = false;
    for (const action of HANDLER_ACTIONS) {
      const host = stringOrEmpty(mapping(handler[action])?.["host"]);
      if (host === "") continue;
      found = true;
      hosts.push(host);
      paths.push([...base, action, "host"]);
    }
    return found;
  };

  for (const container of pod.containers) {
    let bad = false;
    for (const probe of PROBES) {
      if (inspect(mapping(container.object[probe]), [...container.path, probe])) bad = true;
    }
    const lifecycle = mapping(container.object["lifecycle"]);
    if (lifecycle !== undefined) {
      for (const hook of LIFECYCLE_HOOKS) {
        if (inspect(mapping(lifecycle[hook]), [...container.path, "lifecycle", hook])) bad = true;
      }
    }
    if (bad) badContainers.push(container.name);
  }

  if (badContainers.length === 0) return undefined;
  const names = sortedSet(badContainers);
  const unique = sortedSet(hosts);
  return {
    reason: "probe or lifecycle host",
    detail:
      `${containerList(names)} ${pluralize("uses", "use", names.length)} ` +
      `${pluralize("probe or lifecycle host", "probe or lifecycle hosts", unique.length)} ${joinQuote(unique)}`,
    paths,
  };
}

