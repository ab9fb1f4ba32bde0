// The model behind secrets-encryption and audit-logging: kube-apiserver flags, matching a flag's
// path to a file of the run, encryption coverage, audit policy evaluation, secret-looking names.
import { describe, expect, it } from "vitest";
import { apiServerCommand, flagOf, matchConfigFile } from "../../src/model/apiserver-flags.js";
import { coverageOf, encryptionEntries, keyProblem } from "../../src/model/encryption-config.js";
import { contentLeaks, firstGap, firstMatch, logsAnything, parseAuditPolicy } from "../../src/model/audit-policy.js";
import { committedSecretValues, hasPasswordInUrl, isHarmlessLiteral, isSecretLikeName } from "../../src/model/secret-literals.js";
import { isConfigurationKind } from "../../src/model/config-files.js";
import type { KubeObject } from "../../src/model/object.js";
import type { JsonObject } from "../../src/model/json.js";

const pod = (container: JsonObject, metadata: JsonObject = { name: "kube-apiserver", namespace: "kube-system", labels: { component: "kube-apiserver" } }): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata,
  spec: { containers: [{ name: "kube-apiserver", image: "registry.k8s.io/kube-apiserver:v1.33.4", ...container }] },
});

describe("kube-apiserver flags", () => {
  it("reads both forms, command then args, the last occurrence winning", () => {
    const command = apiServerCommand(pod({ command: ["kube-apiserver", "--audit-log-path", "/var/log/a.log", "--profiling", "--encryption-provider-config=/x.yaml"], args: ["--encryption-provider-config=/etc/kubernetes/enc.yaml", "--v=2"] }));
    expect(command).toBeDefined();
    if (command === undefined) return;
    expect(flagOf(command, "audit-log-path")?.value).toBe("/var/log/a.log");
    expect(flagOf(command, "profiling")?.value).toBe("");
    expect(flagOf(command, "encryption-provider-config")?.value).toBe("/etc/kubernetes/enc.yaml");
    expect(flagOf(command, "encryption-provider-config")?.path).toEqual(["spec", "containers", 0, "args", 0]);
  });

  it("reads a sh -c script and recognises the binary without the label", () => {
    const command = apiServerCommand(pod({ command: ["/bin/sh", "-c", "exec /usr/local/bin/kube-apiserver --audit-policy-file='/etc/audit policy.yaml' --v=2"] }, { name: "apiserver", namespace: "kube-system" }));
    expect(command === undefined ? undefined : flagOf(command, "audit-policy-file")?.value).toBe("/etc/audit policy.yaml");
  });

  it("is only the cluster's API server in kube-system or with no namespace", () => {
    expect(apiServerCommand(pod({ command: ["kube-apiserver"] }, { name: "x", namespace: "tools", labels: { component: "kube-apiserver" } }))).toBeUndefined();
    expect(apiServerCommand(pod({ command: ["kube-apiserver"] }, { name: "x" }))).toBeDefined();
    expect(apiServerCommand(pod({ command: ["etcd"] }, { name: "etcd", namespace: "kube-system", labels: { component: "etcd" } }))).toBeUndefined();
  });

  it("matches a node path to a run's file by the longest common ending, file name first", () => {
    const files = [{ file: "other/enc.yaml" }, { file: "cluster/encryption/enc.yaml" }, { file: "cluster/encryption/audit.yaml" }];
    expect(matchConfigFile("/etc/kubernetes/encryption/enc.yaml", files)).toBe(files[1]);
    expect(matchConfigFile("/etc/kubernetes/enc.yaml", files)).toBe(files[0]);
    expect(matchConfigFile("/etc/kubernetes/policy.yaml", files)).toBeUndefined();
    expect(matchConfigFile("C:\\k8s\\encryption\\enc.yaml", files)).toBe(files[1]);
  });
});

describe("EncryptionConfiguration", () => {
  const config = {
    resources: [
      { resources: ["configmaps"], providers: [{ identity: {} }] },
      { resources: ["*."], providers: [{ secretbox: { keys: [{ name: "k", secret: "c2hpcHNoYXBlLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=" }] } }] },
      { resources: ["*.*"], providers: [{ identity: {} }] },
    ],
  };

  it("resolves coverage as the loader does: exact, then *.<group>, then *.*", () => {
    const entries = encryptionEntries(config);
    expect(coverageOf(entries, "", "secrets")?.as).toBe("*.");
    expect(coverageOf(entries, "", "configmaps")?.as).toBe("configmaps");
    expect(coverageOf(entries, "apps", "deployments")?.as).toBe("*.*");
    expect(coverageOf(encryptionEntries({ resources: [{ resources: ["*.apps"], providers: [] }] }), "", "secrets")).toBeUndefined();
  });

  it("checks keys like the API server: strict base64, then the size", () => {
    const key = (secret: string) => ({ name: "k", secret, path: [] });
    expect(keyProblem("aescbc", key("MDEyMzQ1Njc4OWFiY2RlZg=="))).toBeUndefined(); // 16 bytes
    expect(keyProblem("secretbox", key("MDEyMzQ1Njc4OWFiY2RlZg=="))).toMatch(/16 bytes long once decoded; secretbox needs 32 bytes/);
    expect(keyProblem("aesgcm", key("MDEyMzQ1Njc4OWFiY2RlZg"))).toMatch(/not base64/);
    expect(keyProblem("kms", key("anything"))).toBeUndefined();
  });
});

describe("audit Policy evaluation", () => {
  const user = { user: "jane", groups: ["system:authenticated"] };
  const secretsGet = { ...user, verb: "get", resource: { group: "", resource: "secrets", namespace: "shop", name: "db" } };

  it("first matching rule wins; resource rules never match non-resource requests", () => {
    const policy = parseAuditPolicy({
      rules: [
        { level: "None", nonResourceURLs: ["/healthz*"] },
        { level: "Metadata", resources: [{ group: "", resources: ["secrets"] }] },
        { level: "RequestResponse" },
      ],
    });
    expect(firstMatch(policy, secretsGet)?.level).toBe("Metadata");
    expect(firstMatch(policy, { ...user, verb: "get", path: "/healthz/etcd" })?.level).toBe("None");
    expect(firstMatch(policy, { ...user, verb: "get", path: "/version" })?.level).toBe("RequestResponse");
  });

  it("matches subresources, resourceNames and namespaces as kube-apiserver does", () => {
    const policy = parseAuditPolicy({
      rules: [
        { level: "Request", resources: [{ group: "", resources: ["pods/*"] }] },
        { level: "Metadata", resources: [{ group: "", resources: ["configmaps"], resourceNames: ["controller-leader"] }] },
        { level: "RequestResponse", namespaces: ["kube-system"] },
      ],
    });
    expect(firstMatch(policy, { ...user, verb: "create", resource: { group: "", resource: "pods", subresource: "exec", namespace: "a", name: "p" } })?.index).toBe(0);
    // As upstream: "pods/*" also matches the pods themselves.
    expect(firstMatch(policy, { ...user, verb: "get", resource: { group: "", resource: "pods", namespace: "a", name: "p" } })?.index).toBe(0);
    expect(firstMatch(policy, { ...user, verb: "get", resource: { group: "", resource: "services", namespace: "a", name: "p" } })).toBeUndefined();
    expect(firstMatch(policy, { ...user, verb: "update", resource: { group: "", resource: "configmaps", namespace: "a", name: "controller-leader" } })?.index).toBe(1);
    expect(firstMatch(policy, { ...user, verb: "update", resource: { group: "", resource: "configmaps", namespace: "kube-system", name: "other" } })?.index).toBe(2);
  });

  it("finds leaks, gaps and policies that log nothing", () => {
    const leaky = parseAuditPolicy({ rules: [{ level: "Request", users: ["deployer"], resources: [{ group: "" }] }, { level: "Metadata" }] });
    const leaks = contentLeaks(leaky);
    expect(leaks.map((l) => `${l.rule.index} ${l.resource.resource} ${l.verbs.join(",")} ${l.who.join(",")}`).sort()).toEqual([
      '0 configmaps create,update,patch user "deployer"',
      '0 secrets create,update,patch user "deployer"',
    ]);
    expect(firstGap(leaky)).toBeUndefined();
    expect(firstGap(parseAuditPolicy({ rules: [{ level: "Metadata", users: ["deployer"] }] }))).toEqual({ verb: "create", target: "pods", droppedBy: undefined });
    expect(logsAnything(parseAuditPolicy({ rules: [{ level: "None" }] }))).toBe(false);
    expect(logsAnything(parseAuditPolicy({ rules: [{ level: "Metadata", nonResourceURLs: ["/metrics"] }, { level: "None" }] }))).toBe(true);
  });
});

describe("secret-looking names and values", () => {
  it("names", () => {
    for (const name of ["DB_PASSWORD", "apiKey", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "client_secret", "PRIVATE_KEY", "REDIS_PASS"]) expect(isSecretLikeName(name), name).toBe(true);
    for (const name of ["PASSWORD_FILE", "TOKEN_TTL", "SECRET_NAME", "CACHE_KEY", "PWD", "AWS_ACCESS_KEY_ID", "TOKEN_URL", "PASSWORD_MIN_LENGTH", "HOSTNAME"]) expect(isSecretLikeName(name), name).toBe(false);
  });

  it("values", () => {
    for (const value of ["", "$(DB_PASSWORD)", "${TOKEN}", "{{ .Values.token }}", "<your token>", "true", "8080", "30s", "/run/secrets/token", "REPLACE_ME", "HF_TOKEN", "SECRET", "your-password"]) expect(isHarmlessLiteral(value), value).toBe(true);
    for (const value of ["hunter2", "changeme", "ghp_abcdef", "MINIO", "S3CRET"]) expect(isHarmlessLiteral(value), value).toBe(false);
    expect(hasPasswordInUrl("postgres://app:pw@db/app")).toBe(true);
    expect(hasPasswordInUrl("postgres://app:$(PW)@db/app")).toBe(false);
    expect(hasPasswordInUrl("https://example.com/a:b@c")).toBe(false);
  });

  it("committed Secret values: keys only, placeholders and encrypted values left out", () => {
    const values = committedSecretValues({ data: { a: Buffer.from("real").toString("base64"), b: "", c: Buffer.from("${X}").toString("base64") }, stringData: { d: "ENC[AES256_GCM,data:abc=,type:str]", e: "x" } });
    expect(values).toEqual([{ field: "data", key: "a", path: ["data", "a"] }, { field: "stringData", key: "e", path: ["stringData", "e"] }]);
    expect(committedSecretValues({ sops: { version: "3" }, data: { a: "cmVhbA==" } })).toEqual([]);
  });

  it("configuration kinds", () => {
    expect(isConfigurationKind("apiserver.config.k8s.io/v1", "EncryptionConfiguration")).toBe(true);
    expect(isConfigurationKind("audit.k8s.io/v1", "Policy")).toBe(true);
    expect(isConfigurationKind("v1", "EncryptionConfig")).toBe(true);
    expect(isConfigurationKind("kyverno.io/v1", "Policy")).toBe(false);
    expect(isConfigurationKind("v1", "ConfigMap")).toBe(false);
  });
});
