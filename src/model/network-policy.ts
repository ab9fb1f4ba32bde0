// NetworkPolicy and Service semantics as the API server defaults them and network plugins and
// the endpoints controller apply them: which pods a policy isolates, for which direction, what
// each rule admits, and how a Service port reaches a container.
import { asArray, asNumber, asObject, asString, type JsonObject, type ObjectPath } from "./json.js";
import { apiGroupOf } from "./object.js";
import { parseLabelSelector, type LabelSelector } from "./selectors.js";
import type { WorkloadSummary } from "./workload-summary.js";
import { ScopedMemo } from "./scoped-memo.js";

export type Direction = "ingress" | "egress";

/** The only NetworkPolicy kind the API server itself defines and every plugin enforces. */
export function isNetworkPolicy(resource: { readonly apiVersion: string; readonly kind: string }): boolean {
  return resource.kind === "NetworkPolicy" && resource.apiVersion === "networking.k8s.io/v1";
}

/**
 * Policy kinds of network plugins and of SIG Network's cluster-wide policy API. shipshape does
 * not read them; their presence means pods may be protected in ways the input does not show.
 */
const CUSTOM_POLICY_KINDS: ReadonlyMap<string, "namespace" | "cluster"> = new Map([
  ["cilium.io/CiliumNetworkPolicy", "namespace"],
  ["cilium.io/CiliumClusterwideNetworkPolicy", "cluster"],
  ["projectcalico.org/NetworkPolicy", "namespace"],
  ["projectcalico.org/GlobalNetworkPolicy", "cluster"],
  ["crd.projectcalico.org/NetworkPolicy", "namespace"],
  ["crd.projectcalico.org/GlobalNetworkPolicy", "cluster"],
  ["crd.antrea.io/NetworkPolicy", "namespace"],
  ["crd.antrea.io/ClusterNetworkPolicy", "cluster"],
  ["policy.networking.k8s.io/AdminNetworkPolicy", "cluster"],
  ["policy.networking.k8s.io/BaselineAdminNetworkPolicy", "cluster"],
  ["policy.networking.k8s.io/ClusterNetworkPolicy", "cluster"],
]);

/** Kinds to keep for the custom policy check (index rules list them in `needs.kinds`). */
export const CUSTOM_POLICY_KIND_NAMES: readonly string[] = [...new Set([...CUSTOM_POLICY_KINDS.keys()].map((key) => key.slice(key.indexOf("/") + 1)))];

/** "namespace" or "cluster" for a plugin's own policy kind (Cilium, Calico, Antrea, AdminNetworkPolicy); undefined otherwise. */
export function customPolicyScope(resource: { readonly apiVersion: string; readonly kind: string }): "namespace" | "cluster" | undefined {
  return CUSTOM_POLICY_KINDS.get(`${apiGroupOf(resource.apiVersion)}/${resource.kind}`);
}

export { createsUnseenPods, POD_CREATING_CUSTOM_KIND_NAMES } from "./operators.js";

/**
 * Labels that controllers add to the pods they create, never written in a pod template: a
 * selector on them (a per-pod Service of a StatefulSet) cannot be judged against templates.
 */
const CONTROLLER_LABELS: ReadonlySet<string> = new Set([
  "pod-template-hash",
  "controller-revision-hash",
  "pod-template-generation",
  "statefulset.kubernetes.io/pod-name",
  "apps.kubernetes.io/pod-index",
  "job-name",
  "controller-uid",
  "batch.kubernetes.io/job-name",
  "batch.kubernetes.io/controller-uid",
  "batch.kubernetes.io/job-completion-index",
]);

/**
 * The part of a selector that pod templates can be judged by: requirements on labels that
 * controllers add to running pods are dropped. Undefined when nothing is left to judge by.
 */
export function templateSelector(selector: LabelSelector): LabelSelector | undefined {
  if (selector.kind !== "labels" || !selector.requirements.some((r) => CONTROLLER_LABELS.has(r.key))) return selector;
  const kept = selector.requirements.filter((r) => !CONTROLLER_LABELS.has(r.key));
  if (kept.length === selector.requirements.length) return selector;
  return kept.length === 0 ? undefined : { kind: "labels", requirements: kept };
}

/**
 * Whether the pod shares the node's network namespace: NetworkPolicies do not apply to such
 * pods (they have the node's address). Read from the Pod Security verdicts the summary carries.
 */
export function usesHostNetwork(summary: WorkloadSummary): boolean {
  return summary.hostNetwork;
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy

export interface PolicyPort {
  readonly protocol: string;
  /** A number, a named port of the pod, or undefined (every port). */
  readonly port: number | string | undefined;
}

/**
 * A peer of a rule. `pods`: pods matching `podSelector` in the namespaces `namespaceSelector`
 * matches (the policy's own namespace when it is unset; every pod when `podSelector` is unset).
 * `ipBlock`: addresses in `cidr` but not in `except`. `invalid`: a peer the API server refuses
 * (none of the three fields), which admits nothing.
 */
export type PolicyPeer =
  | { readonly kind: "pods"; readonly index: number; readonly podSelector: LabelSelector | undefined; readonly namespaceSelector: LabelSelector | undefined }
  | { readonly kind: "ipBlock"; readonly index: number; readonly cidr: string; readonly except: readonly string[] }
  | { readonly kind: "invalid"; readonly index: number };

export interface PolicyRule {
  readonly direction: Direction;
  readonly index: number;
  /** Whether `from` (ingress) or `to` (egress) is written; absent or empty, it admits every peer. */
  readonly peersWritten: boolean;
  readonly peers: readonly PolicyPeer[];
  /** Empty: every port. */
  readonly ports: readonly PolicyPort[];
}

export interface NetworkPolicyView {
  /** The pods of the policy's namespace it isolates (absent or null: every pod, as `{}`). */
  readonly podSelector: LabelSelector;
  /** The directions it isolates: `policyTypes`, or Ingress plus Egress when egress rules exist. */
  readonly affects: { readonly ingress: boolean; readonly egress: boolean };
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export const PEERS_FIELD: Readonly<Record<Direction, "from" | "to">> = { ingress: "from", egress: "to" };

const views = new ScopedMemo<JsonObject, NetworkPolicyView>();

/** A NetworkPolicy read as the API server defaults it (shared: do not mutate). */
export function readNetworkPolicy(object: JsonObject): NetworkPolicyView {
  return views.get(object, computeView);
}

function computeView(object: JsonObject): NetworkPolicyView {
  const spec = asObject(object.spec) ?? {};
  // podSelector is a struct, not a pointer: absent or null decodes to {}, which selects every pod.
  const podSelector = parseLabelSelector(spec.podSelector ?? {});
  const ingress = readRules(spec.ingress, "ingress");
  const egress = readRules(spec.egress, "egress");
  const types = asArray(spec.policyTypes).map((t) => asString(t));
  // Defaulting (SetDefaults_NetworkPolicySpec): no policyTypes means Ingress, plus Egress when
  // egress rules are written (an empty list does not count).
  const affects = types.length > 0 ? { ingress: types.includes("Ingress"), egress: types.includes("Egress") } : { ingress: true, egress: egress.length > 0 };
  return { podSelector, affects, ingress, egress };
}

function readRules(value: unknown, direction: Direction): PolicyRule[] {
  return asArray(value).map((item, index) => {
    const rule = asObject(item) ?? {};
    const peersValue = rule[PEERS_FIELD[direction]];
    const peers = asArray(peersValue).map((p, peerIndex) => readPeer(asObject(p) ?? {}, peerIndex));
    const ports = asArray(rule.ports).map((p) => {
      const port = asObject(p) ?? {};
      return { protocol: asString(port.protocol) ?? "TCP", port: asNumber(port.port) ?? asString(port.port) };
    });
    return { direction, index, peersWritten: peersValue !== undefined && peersValue !== null, peers, ports };
  });
}

function optionalSelector(value: unknown): LabelSelector | undefined {
  return value === undefined || value === null ? undefined : parseLabelSelector(value);
}

function readPeer(peer: JsonObject, index: number): PolicyPeer {
  const ipBlock = asObject(peer.ipBlock);
  if (ipBlock !== undefined) {
    return { kind: "ipBlock", index, cidr: asString(ipBlock.cidr) ?? "", except: asArray(ipBlock.except).flatMap((e) => (typeof e === "string" ? [e] : [])) };
  }
  const podSelector = optionalSelector(peer.podSelector);
  const namespaceSelector = optionalSelector(peer.namespaceSelector);
  if (podSelector === undefined && namespaceSelector === undefined) return { kind: "invalid", index };
  return { kind: "pods", index, podSelector, namespaceSelector };
}

/** Whether a CIDR covers every address of its family (a prefix length of 0: 0.0.0.0/0, ::/0). */
export function coversEveryAddress(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/** Why a rule admits every source (ingress) or destination (egress). */
export type Opening =
  | { readonly reason: "every-peer"; readonly path: ObjectPath }
  | { readonly reason: "every-address"; readonly path: ObjectPath; readonly cidr: string; readonly except: readonly string[] }
  | { readonly reason: "every-pod"; readonly path: ObjectPath };

/**
 * The ways a rule admits everyone: no peers (an empty rule, a missing or empty `from`/`to`),
 * an ipBlock of a whole address family, or a peer selecting every pod of every namespace.
 * Egress rules limited to port 53 (DNS, which pods need wherever the resolver runs) are not
 * counted. Paths are relative to the policy object.
 */
export function openingsOf(rule: PolicyRule): Opening[] {
  if (rule.direction === "egress" && isDnsOnly(rule)) return [];
  const rulePath: ObjectPath = ["spec", rule.direction, rule.index];
  const field = PEERS_FIELD[rule.direction];
  if (rule.peers.length === 0) return [{ reason: "every-peer", path: rule.peersWritten ? [...rulePath, field] : rulePath }];
  const out: Opening[] = [];
  for (const peer of rule.peers) {
    const peerPath: ObjectPath = [...rulePath, field, peer.index];
    if (peer.kind === "ipBlock" && coversEveryAddress(peer.cidr)) {
      out.push({ reason: "every-address", path: [...peerPath, "ipBlock", "cidr"], cidr: peer.cidr, except: peer.except });
    } else if (peer.kind === "pods" && peer.namespaceSelector?.kind === "everything" && (peer.podSelector === undefined || peer.podSelector.kind === "everything")) {
      out.push({ reason: "every-pod", path: [...peerPath, "namespaceSelector"] });
    }
  }
  return out;
}

function isDnsOnly(rule: PolicyRule): boolean {
  return rule.ports.length > 0 && rule.ports.every((p) => p.port === 53);
}

/** "on ports 80/TCP, 443/TCP" or "on every port", for messages. */
export function describePorts(rule: PolicyRule): string {
  if (rule.ports.length === 0) return "on every port";
  return `on ${rule.ports.length === 1 ? "port" : "ports"} ${rule.ports.map((p) => `${p.port ?? "any"}/${p.protocol}`).join(", ")}`;
}

/**
 * Whether the policy is a namespace's default deny for a direction: it selects every pod, it
 * isolates that direction, and none of its rules admits everyone. This covers the plain deny-all
 * (no rules), the "deny from other namespaces" pattern (`from: [{podSelector: {}}]`) and
 * baselines that admit only named namespaces or pods.
 */
export function isDefaultDeny(view: NetworkPolicyView, direction: Direction): boolean {
  return view.podSelector.kind === "everything" && view.affects[direction] && view[direction].every((rule) => openingsOf(rule).length === 0);
}

// ---------------------------------------------------------------------------------------------
// Services

export interface ServicePortView {
  readonly index: number;
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly protocol: string;
  /** `targetPort` as written: a number, a name, or undefined (then it is `port`). */
  readonly targetPort: number | string | undefined;
}

export function readServicePorts(spec: JsonObject): ServicePortView[] {
  return asArray(spec.ports).flatMap((item, index) => {
    const port = readServicePort(item, index);
    return port === undefined ? [] : [port];
  });
}

/** One item of a Service's `ports`, with its defaults. */
export function readServicePort(item: unknown, index: number): ServicePortView | undefined {
  const port = asObject(item);
  if (port === undefined) return undefined;
  const target = port.targetPort;
  return { index, name: asString(port.name), port: asNumber(port.port), protocol: asString(port.protocol) ?? "TCP", targetPort: asNumber(target) ?? asString(target) };
}

/**
 * How the endpoints controller resolves a named targetPort on a pod (FindPort): a port of an app
 * container or a sidecar with that name and the Service port's protocol.
 */
export type NamedPortMatch = { readonly found: true } | { readonly found: false; readonly otherProtocol: string | undefined };

export function findNamedPort(summary: WorkloadSummary, name: string, protocol: string): NamedPortMatch {
  let otherProtocol: string | undefined;
  for (const container of summary.containers) {
    if (container.role !== "app" && container.role !== "sidecar") continue;
    for (const port of container.ports) {
      if (port.name !== name) continue;
      if (port.protocol === protocol) return { found: true };
      otherProtocol ??= port.protocol;
    }
  }
  return { found: false, otherProtocol };
}

/** A port name as the API server accepts it (IANA_SVC_NAME): at most 15 characters, a letter among them. */
export function isValidPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--");
}
