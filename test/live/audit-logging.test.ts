// audit-logging proven on a real API server: with a policy shipshape accepts, the audit log
// records the restricted identity's refused request (403) and no Secret value; with one it
// rejects (Secrets at RequestResponse), the Secret's value is written to the log. One start and
// one restart. Also: a scan reads kube-apiserver's flags from its mirror pod in kube-system.
// Skips locally without the binaries, fails in CI.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findControlPlaneBinaries, startControlPlane, type ControlPlane } from "../../tools/control-plane/control-plane.js";
import { parseReport, runCli, scratch } from "../helpers/cli.js";

const lookup = await findControlPlaneBinaries();
const inCi = Boolean(process.env.CI) && process.env.CI !== "false";
if (!lookup.found && !inCi) console.warn(`skipping the live audit-logging tests: ${lookup.reason}`);

const ACCEPTED = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps]
      - group: authentication.k8s.io
        resources: [tokenreviews]
  - level: Metadata
`;
const REJECTED = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: RequestResponse
    resources:
      - group: ""
        resources: [secrets]
  - level: Metadata
`;

const NAMESPACE = "audit-proof";
const FIRST_VALUE = `first-${randomBytes(6).toString("hex")}`;
const SECOND_VALUE = `second-${randomBytes(6).toString("hex")}`;

interface AuditEvent {
  level: string;
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestObject?: { data?: { password?: string } };
}

function events(file: string): AuditEvent[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AuditEvent);
}

describe.skipIf(!lookup.found && !inCi)("audit logging on a real API server", () => {
  const dir = scratch({ "accepted/policy.yaml": ACCEPTED, "rejected/policy.yaml": REJECTED });
  const accepted = path.join(dir, "accepted/policy.yaml");
  const rejected = path.join(dir, "rejected/policy.yaml");
  const acceptedLog = path.join(dir, "accepted.log");
  const rejectedLog = path.join(dir, "rejected.log");
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await startControlPlane({ extraApiServerArgs: [`--audit-policy-file=${accepted}`, `--audit-log-path=${acceptedLog}`] });
    expect((await plane.request("admin", "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await plane?.stop();
  });

  /** The same requests under each policy: a refused read by the restricted identity, a Secret write and read. */
  async function requests(name: string, value: string): Promise<void> {
    expect((await plane.request("restricted", "GET", `/api/v1/namespaces/${NAMESPACE}/secrets`)).status).toBe(403);
    const created = await plane.request("admin", "POST", `/api/v1/namespaces/${NAMESPACE}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name }, stringData: { password: value } });
    expect(created.status, created.body).toBe(201);
    expect((await plane.request("admin", "GET", `/api/v1/namespaces/${NAMESPACE}/secrets/${name}`)).status).toBe(200);
  }

  it("shipshape accepts one policy and rejects the other (Secrets at RequestResponse)", () => {
    const good = runCli(["lint", "--no-config", "--format", "json", accepted]);
    expect(good.status, good.stdout).toBe(0);
    expect(parseReport(good).findings.filter((f) => f.practice === "audit-logging")).toEqual([]);
    const bad = runCli(["lint", "--no-config", "--format", "json", rejected]);
    expect(bad.status).toBe(1);
    expect(parseReport(bad).findings.map((f) => f.rule)).toEqual(["audit-policy-leaks-secrets"]);
  });

  it("the accepted policy records the 403 and no Secret value; the rejected one writes the value to the log", async () => {
    await requests("first", FIRST_VALUE);
    const acceptedText = readFileSync(acceptedLog, "utf8");
    const refused = events(acceptedLog).filter((e) => e.user.username === "shipshape-reader" && e.responseStatus?.code === 403);
    expect(refused).toEqual([expect.objectContaining({ verb: "list", level: "Metadata", objectRef: expect.objectContaining({ resource: "secrets", namespace: NAMESPACE }) })]);
    expect(events(acceptedLog).some((e) => e.verb === "create" && e.objectRef?.name === "first" && e.level === "Metadata")).toBe(true);
    expect(acceptedText).not.toContain(FIRST_VALUE);
    expect(acceptedText).not.toContain(Buffer.from(FIRST_VALUE).toString("base64"));

    await plane.restart([`--audit-policy-file=${rejected}`, `--audit-log-path=${rejectedLog}`]);
    await requests("second", SECOND_VALUE);
    const rejectedText = readFileSync(rejectedLog, "utf8");
    expect(events(rejectedLog).some((e) => e.verb === "create" && e.objectRef?.name === "second" && e.level === "RequestResponse")).toBe(true);
    // The API server logs the request body after decoding (stringData has become data), so the
    // value is there in base64, in the request and in the response of the create and the get.
    expect(rejectedText.split(Buffer.from(SECOND_VALUE).toString("base64")).length - 1).toBeGreaterThanOrEqual(3);
    const create = events(rejectedLog).find((e) => e.verb === "create" && e.objectRef?.name === "second");
    expect(Buffer.from(String(create?.requestObject?.data?.password), "base64").toString("utf8")).toBe(SECOND_VALUE);
  }, 60_000);

  it("a scan reads kube-apiserver's flags from its mirror pod in kube-system", async () => {
    // What a kubelet publishes for a static pod: a Pod bound to its Node, controlled by it.
    const node = await plane.request("admin", "POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "cp1", labels: { "node-role.kubernetes.io/control-plane": "" } } });
    expect(node.status, node.body).toBe(201);
    const nodeUid = (JSON.parse(node.body) as { metadata: { uid: string } }).metadata.uid;
    const pod = await plane.request("admin", "POST", "/api/v1/namespaces/kube-system/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "kube-apiserver-cp1",
        labels: { component: "kube-apiserver", tier: "control-plane" },
        annotations: { "kubernetes.io/config.mirror": "0f1e2d3c", "kubernetes.io/config.source": "file" },
        ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "cp1", uid: nodeUid, controller: true }],
      },
      spec: {
        nodeName: "cp1",
        hostNetwork: true,
        containers: [
          {
            name: "kube-apiserver",
            image: "registry.k8s.io/kube-apiserver:v1.37.2",
            command: ["kube-apiserver", "--authorization-mode=Node,RBAC", "--audit-policy-file=/etc/kubernetes/audit/policy.yaml", "--audit-log-path=/var/log/kubernetes/audit.log", "--audit-log-maxsize=0"],
          },
        ],
      },
    });
    expect(pod.status, pod.body).toBe(201);

    const result = runCli(["scan", "--no-config", "--format", "json", "--kubeconfig", plane.adminKubeconfig]);
    const report = parseReport(result);
    const onPod = report.findings.filter((f) => f.resource?.kind === "Pod" && f.resource.name === "kube-apiserver-cp1").map((f) => f.rule);
    // Flags judged: encryption is off, the audit log is never rotated; auditing itself is on.
    expect(onPod).toEqual(expect.arrayContaining(["encryption-provider-config-missing", "audit-log-retention"]));
    expect(onPod).not.toContain("audit-log-disabled");
    expect(report.findings.filter((f) => f.rule === "encryption-not-verifiable" || f.rule === "audit-logging-not-verifiable")).toEqual([]);
    // The policy file is on the node: said, not judged.
    expect(report.notes.map((n) => n.message)).toContainEqual(expect.stringContaining("kube-system/kube-apiserver-cp1 reads its audit Policy from /etc/kubernetes/audit/policy.yaml on the control-plane node"));
  }, 60_000);
});
