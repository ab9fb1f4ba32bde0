import { asArray, isObject } from "../../json.js";
import type { ObjectPath } from "../../json.js";
import { field, stringOrEmpty } from "../support.js";
import type { CheckFinding, PodView } from "../support.js";

/** The namespaced, node-isolated sysctls a baseline pod may set, by the policy version they became safe in. */
export const SAFE_SYSCTLS_BY_VERSION: ReadonlyArray<{ since: number; names: readonly string[] }> = [
  {
    since: 0,
    names: [
      "kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",
      "net.ipv4.ip_unprivileged_port_start",
    ],
  },
  { since: 27, names: ["net.ipv4.ip_local_reserved_ports"] },
  {
    since: 29,
    names: [
      "net.ipv4.tcp_keepalive_time",
      "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl",
      "net.ipv4.tcp_keepalive_probes",
    ],
  },
  { since: 32, names: ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"] },
  { since: 37, names: ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"] },
];

/** The full safe list in force at a policy minor version. */
export function safeSysctlsAt(minor: number): string[] {
  return SAFE_SYSCTLS_BY_VERSION.filter((group) => group.since <= minor).flatMap((group) => [...group.names]);
}

/** Only the safe sysctls may be set in spec.securityContext.sysctls (reported in the order listed). */
export function sysctlsAllowing(minor: number): (pod: PodView) => CheckFinding | undefined {
  const safe = new Set(safeSysctlsAt(minor));
  return (pod) => {
    const forbidden: string[] = [];
    const paths: ObjectPath[] = [];
    asArray(field(pod.podSecurityContext, "sysctls")).forEach((entry, index) => {
      const name = stringOrEmpty(isObject(entry) ? entry["name"] : undefined);
      if (safe.has(name)) return;
      forbidden.push(name);
      const base: ObjectPath = ["spec", "securityContext", "sysctls", index];
      paths.push(isObject(entry) && Object.prototype.hasOwnProperty.call(entry, "name") ? [...base, "name"] : base);
    });
    if (forbidden.length === 0) return undefined;
    return { reason: "forbidden sysctls", detail: forbidden.join(", "), paths };
  };
}
