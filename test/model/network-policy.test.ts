// NetworkPolicy and Service semantics: defaulting, what a rule admits, default denies, named ports.
import { describe, expect, it } from "vitest";
import {
  coversEveryAddress,
  createsUnseenPods,
  customPolicyScope,
  findNamedPort,
  isDefaultDeny,
  isNetworkPolicy,
  isValidPortName,
  openingsOf,
  readNetworkPolicy,
  readServicePorts,
  templateSelector,
  usesHostNetwork,
} from "../../src/model/network-policy.js";
import type { KubeObject } from "../../src/model/object.js";
import { parseLabelSelector, parseSelectorMap } from "../../src/model/selectors.js";
import { summarizeWorkload } from "../../src/model/workload-summary.js";
import { WorkloadKinds } from "../../src/model/workloads.js";
import { lintFiles, onlyRules } from "../helpers/lint.js";

const policy = (spec: unknown) => readNetworkPolicy({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "p" }, spec } as KubeObject);

const kinds = new WorkloadKinds();
function summary(podSpec: Record<string, unknown>, labels: Record<string, string> = { app: "web" }) {
  const object = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels }, spec: podSpec } as unknown as KubeObject;
  const template = kinds.podTemplateOf(object);
  if (template === undefined) throw new Error("no pod template");
  return summarizeWorkload(object, template, kinds);
}

describe("which pods a NetworkPolicy selects", () => {
  it("selects every pod of its namespace when podSelector is empty, absent, null or has empty matchLabels (the seed's example)", () => {
    expect(policy({ podSelector: {} }).podSelector.kind).toBe("everything");
    expect(policy({}).podSelector.kind).toBe("everything");
    expect(policy({ podSelector: null }).podSelector.kind).toBe("everything");
    expect(policy({ podSelector: { matchLabels: null } }).podSelector.kind).toBe("everything");
    expect(policy({ podSelector: { matchLabels: { app: "db" } } }).podSelector.kind).toBe("labels");
  });
  it("drops requirements on labels that controllers add to pods, and gives up when nothing else is left", () => {
    const both = templateSelector(parseSelectorMap({ app: "db", "statefulset.kubernetes.io/pod-name": "db-0" }));
    expect(both).toEqual({ kind: "labels", requirements: [{ key: "app", operator: "In", values: ["db"] }] });
    expect(templateSelector(parseSelectorMap({ "pod-template-hash": "5d8f" }))).toBeUndefined();
    const plain = parseLabelSelector({ matchLabels: { app: "db" } });
    expect(templateSelector(plain)).toBe(plain);
  });
});

describe("the directions a NetworkPolicy isolates (policyTypes defaulting)", () => {
  it("is Ingress when policyTypes is absent or empty, plus Egress when egress rules are written", () => {
    expect(policy({ podSelector: {} }).affects).toEqual({ ingress: true, egress: false });
    expect(policy({ podSelector: {}, policyTypes: [] }).affects).toEqual({ ingress: true, egress: false });
    expect(policy({ podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] }).affects).toEqual({ ingress: true, egress: true });
    expect(policy({ podSelector: {}, egress: [] }).affects, "an empty egress list does not count").toEqual({ ingress: true, egress: false });
  });
  it("follows policyTypes when written, whatever rules are present", () => {
    expect(policy({ podSelector: {}, policyTypes: ["Egress"], ingress: [{}] }).affects).toEqual({ ingress: false, egress: true });
    expect(policy({ podSelector: {}, policyTypes: ["Ingress", "Egress"] }).affects).toEqual({ ingress: true, egress: true });
  });
});

describe("what a rule admits", () => {
  const reasons = (spec: unknown, direction: "ingress" | "egress" = "ingress") => policy(spec)[direction].flatMap((rule) => openingsOf(rule).map((o) => `${o.reason} ${o.path.join(".")}`));

  it("admits everyone without peers: an empty rule, a missing or empty from, a rule with ports only", () => {
    expect(reasons({ ingress: [{}] })).toEqual(["every-peer spec.ingress.0"]);
    expect(reasons({ ingress: [{ from: [] }] })).toEqual(["every-peer spec.ingress.0.from"]);
    expect(reasons({ ingress: [{ from: null, ports: [{ port: 80 }] }] })).toEqual(["every-peer spec.ingress.0"]);
    expect(reasons({ ingress: [{ ports: [{ port: 80 }] }] })).toEqual(["every-peer spec.ingress.0"]);
  });
  it("admits every address with an ipBlock of a whole family, with or without except", () => {
    expect(reasons({ ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }, { ipBlock: { cidr: "::/0" } }] }] })).toEqual([
      "every-address spec.ingress.0.from.0.ipBlock.cidr",
      "every-address spec.ingress.0.from.1.ipBlock.cidr",
    ]);
    expect(reasons({ ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] })).toEqual([]);
    expect(coversEveryAddress("0.0.0.0/0")).toBe(true);
    expect(coversEveryAddress("10.1.2.3/0")).toBe(true);
    expect(coversEveryAddress("0.0.0.0/1")).toBe(false);
    expect(coversEveryAddress("2001:db8::/32")).toBe(false);
  });
  it("admits every pod of the cluster with an empty namespaceSelector and no or an empty podSelector", () => {
    expect(reasons({ ingress: [{ from: [{ namespaceSelector: {} }] }] })).toEqual(["every-pod spec.ingress.0.from.0.namespaceSelector"]);
    expect(reasons({ ingress: [{ from: [{ namespaceSelector: {}, podSelector: {} }] }] })).toEqual(["every-pod spec.ingress.0.from.0.namespaceSelector"]);
    expect(reasons({ ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "prometheus" } } }] }] })).toEqual([]);
    expect(reasons({ ingress: [{ from: [{ podSelector: {} }] }] }), "every pod of the policy's own namespace only").toEqual([]);
    expect(reasons({ ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }] })).toEqual([]);
  });
  it("accepts egress rules limited to port 53, for DNS", () => {
    expect(reasons({ egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53 }] }] }, "egress")).toEqual([]);
    expect(reasons({ egress: [{ ports: [{ port: 53 }, { port: 443 }] }] }, "egress")).toEqual(["every-peer spec.egress.0"]);
    expect(reasons({ ingress: [{ ports: [{ port: 53 }] }] }), "ingress on port 53 is still ingress from everyone").toEqual(["every-peer spec.ingress.0"]);
  });
  it("does not count a peer the API server refuses (none of its fields set)", () => {
    expect(reasons({ ingress: [{ from: [{}] }] })).toEqual([]);
  });
});

describe("default deny", () => {
  it("is a policy selecting every pod that isolates the direction and admits no one from everywhere", () => {
    expect(isDefaultDeny(policy({ podSelector: {}, policyTypes: ["Ingress"] }), "ingress")).toBe(true);
    expect(isDefaultDeny(policy({ podSelector: {}, policyTypes: ["Ingress"] }), "egress")).toBe(false);
    expect(isDefaultDeny(policy({ podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] }), "egress")).toBe(true);
  });
  it("includes the seed's deny-from-other-namespaces pattern", () => {
    expect(isDefaultDeny(policy({ podSelector: { matchLabels: null }, ingress: [{ from: [{ podSelector: {} }] }] }), "ingress")).toBe(true);
  });
  it("excludes allow-all policies and policies selecting some pods only", () => {
    expect(isDefaultDeny(policy({ podSelector: {}, ingress: [{}] }), "ingress")).toBe(false);
    expect(isDefaultDeny(policy({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }), "ingress")).toBe(false);
    expect(isDefaultDeny(policy({ podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"] }), "ingress")).toBe(false);
  });
});

describe("policy kinds", () => {
  it("recognizes networking.k8s.io/v1 NetworkPolicies only as NetworkPolicies", () => {
    expect(isNetworkPolicy({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" })).toBe(true);
    expect(isNetworkPolicy({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy" })).toBe(false);
    expect(isNetworkPolicy({ apiVersion: "extensions/v1beta1", kind: "NetworkPolicy" })).toBe(false);
  });
  it("knows the plugins' own kinds and their scope", () => {
    expect(customPolicyScope({ apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy" })).toBe("namespace");
    expect(customPolicyScope({ apiVersion: "cilium.io/v2", kind: "CiliumClusterwideNetworkPolicy" })).toBe("cluster");
    expect(customPolicyScope({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy" })).toBe("namespace");
    expect(customPolicyScope({ apiVersion: "crd.projectcalico.org/v1", kind: "GlobalNetworkPolicy" })).toBe("cluster");
    expect(customPolicyScope({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" })).toBeUndefined();
  });
  it("knows custom resources whose operators run pods, by group and kind", () => {
    expect(createsUnseenPods({ apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus" })).toBe(true);
    expect(createsUnseenPods({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster" })).toBe(true);
    expect(createsUnseenPods({ apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster" })).toBe(false);
    expect(createsUnseenPods({ apiVersion: "serving.knative.dev/v1", kind: "Service" })).toBe(true);
    expect(createsUnseenPods({ apiVersion: "v1", kind: "Service" })).toBe(false);
  });
});

describe("pods", () => {
  it("tells pods on the node's network apart", () => {
    expect(usesHostNetwork(summary({ hostNetwork: true, containers: [{ name: "a", image: "x" }] }))).toBe(true);
    expect(usesHostNetwork(summary({ hostPID: true, containers: [{ name: "a", image: "x" }] }))).toBe(false);
    expect(usesHostNetwork(summary({ containers: [{ name: "a", image: "x" }] }))).toBe(false);
  });
  it("resolves a named targetPort as the endpoints controller does: name and protocol, app containers and sidecars", () => {
    const pod = summary({
      initContainers: [
        { name: "setup", image: "x", ports: [{ name: "setup", containerPort: 1 }] },
        { name: "proxy", image: "x", restartPolicy: "Always", ports: [{ name: "proxy", containerPort: 2 }] },
      ],
      containers: [{ name: "app", image: "x", ports: [{ name: "http", containerPort: 8080 }, { name: "dns", containerPort: 53, protocol: "UDP" }] }],
    });
    expect(findNamedPort(pod, "http", "TCP")).toEqual({ found: true });
    expect(findNamedPort(pod, "proxy", "TCP")).toEqual({ found: true });
    expect(findNamedPort(pod, "setup", "TCP")).toEqual({ found: false, otherProtocol: undefined });
    expect(findNamedPort(pod, "dns", "TCP")).toEqual({ found: false, otherProtocol: "UDP" });
    expect(findNamedPort(pod, "dns", "UDP")).toEqual({ found: true });
  });
  it("reads Service ports with their defaults", () => {
    expect(readServicePorts({ ports: [{ port: 80 }, { name: "dns", port: 53, protocol: "UDP", targetPort: "dns" }, { port: 81, targetPort: 8081 }] })).toEqual([
      { index: 0, name: undefined, port: 80, protocol: "TCP", targetPort: undefined },
      { index: 1, name: "dns", port: 53, protocol: "UDP", targetPort: "dns" },
      { index: 2, name: undefined, port: 81, protocol: "TCP", targetPort: 8081 },
    ]);
  });
  it("checks port names as the API server does", () => {
    expect(isValidPortName("http")).toBe(true);
    expect(isValidPortName("http-metrics")).toBe(true);
    expect(isValidPortName("8080")).toBe(false);
    expect(isValidPortName("HTTP")).toBe(false);
    expect(isValidPortName("a--b")).toBe(false);
    expect(isValidPortName("a-very-long-port-name")).toBe(false);
  });
});

// Fixture cases lint the files of one folder; these need several folders in one run.
describe("partial input across folders", () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`;
  const service = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: webapp
  ports:
    - port: 80
`;
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: webapp}
`;
  const config = onlyRules({ "service-selects-nothing": "on", "network-policy-selects-nothing": "on" });
  const rules = (files: Array<{ file: string; text: string }>) => lintFiles(files, config).findings.map((f) => `${f.rule} ${f.location?.file}`);

  it("does not report a Service or a policy whose folder holds no workload of its namespace", () => {
    expect(rules([{ file: "app/deploy.yaml", text: deployment }, { file: "net/service.yaml", text: service }, { file: "net/policy.yaml", text: policy }])).toEqual([]);
  });
  it("reports them beside the workloads they were written for", () => {
    expect(rules([{ file: "app/deploy.yaml", text: deployment }, { file: "app/service.yaml", text: service }, { file: "app/policy.yaml", text: policy }])).toEqual([
      "network-policy-selects-nothing app/policy.yaml",
      "service-selects-nothing app/service.yaml",
    ]);
  });
});
