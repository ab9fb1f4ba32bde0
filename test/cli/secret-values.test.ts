// "Never print a Secret's value": the command line, in every output format, on committed
// Secrets (stringData, base64 data), credential env literals, URLs with passwords and
// EncryptionConfiguration keys, reports where they are and never what they are.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseReport, runCli, scratch } from "../helpers/cli.js";
import { corpusPath } from "../helpers/shared.js";

const PLAIN_PASSWORD = "Hunter2-plaintext-pw";
const DATA_TOKEN = "data-token-7f3c9a";
const ENV_PASSWORD = "env-literal-s3cret";
const URL_PASSWORD = "url-pw-0x5eed";
const ENCRYPTION_KEY = "c2hpcHNoYXBlLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=";
const SHORT_KEY = "c2hvcnQta2V5";

const b64 = (text: string) => Buffer.from(text).toString("base64");

const MANIFESTS = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
stringData:
  password: ${PLAIN_PASSWORD}
data:
  token: ${b64(DATA_TOKEN)}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:2.4.1
          env:
            - name: DB_PASSWORD
              value: ${ENV_PASSWORD}
            - name: DATABASE_URL
              value: postgres://app:${URL_PASSWORD}@db:5432/app
---
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: ${ENCRYPTION_KEY}
            - name: key2
              secret: ${SHORT_KEY}
`;

/** Every form a value could leak in: as written, base64, decoded. */
const FORBIDDEN = [PLAIN_PASSWORD, DATA_TOKEN, b64(DATA_TOKEN), ENV_PASSWORD, URL_PASSWORD, ENCRYPTION_KEY, SHORT_KEY, Buffer.from(SHORT_KEY, "base64").toString("utf8"), Buffer.from(ENCRYPTION_KEY, "base64").toString("utf8")];

function expectNoValue(output: string): void {
  for (const value of FORBIDDEN) expect(output.includes(value), `the output contains ${JSON.stringify(value)}`).toBe(false);
}

describe("secret values never appear in output", () => {
  const dir = scratch({ "app.yaml": MANIFESTS });

  it("text", () => {
    const result = runCli(["lint", "--no-config", "app.yaml"], { cwd: dir });
    expect(result.status).toBe(1);
    // The findings are there, by key and variable name.
    expect(result.stdout).toContain("secret-committed");
    expect(result.stdout).toContain('("token", "password")');
    expect(result.stdout).toMatch(/sets DB_PASSWORD to a literal value/);
    expect(result.stdout).toMatch(/sets DATABASE_URL to a URL with a password/);
    expect(result.stdout).toContain('The aescbc key "key2" is 9 bytes long once decoded');
    expectNoValue(result.stdout + result.stderr);
  });

  it("JSON", () => {
    const result = runCli(["lint", "--no-config", "--format", "json", "app.yaml"], { cwd: dir });
    const report = parseReport(result);
    const rules = report.findings.map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["secret-committed", "secret-env-literal", "encryption-secrets-unencrypted", "encryption-key-invalid"]));
    expect(report.findings.filter((f) => f.rule === "secret-env-literal")).toHaveLength(2);
    expectNoValue(result.stdout + result.stderr);
  });

  it("suppressed findings listed with --show-suppressed", () => {
    const withConfig = scratch({
      "app.yaml": MANIFESTS,
      ".shipshape.yaml": "exemptions:\n  - rules: [secret-committed, secret-env-literal]\n    match: {namespace: shop}\n    reason: test values of a demo\n",
    });
    const result = runCli(["lint", "--show-suppressed", "app.yaml"], { cwd: withConfig });
    expect(result.stdout).toMatch(/Silenced by exemptions/);
    expect(result.stdout).toContain("secret-committed; test values of a demo");
    expectNoValue(result.stdout + result.stderr);
    const json = runCli(["lint", "--format", "json", "app.yaml"], { cwd: withConfig });
    expect(parseReport(json).suppressed.map((s) => s.rule)).toEqual(expect.arrayContaining(["secret-committed", "secret-env-literal"]));
    expectNoValue(json.stdout + json.stderr);
  });

  it("the corpus's EncryptionConfigurations: no key material in any finding", () => {
    const root = corpusPath("control-plane", "encryption-config");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml")).map((f) => path.join(root, f));
    const keys = new Set<string>();
    for (const file of files) for (const match of readFileSync(file, "utf8").matchAll(/secret:\s*"?([^\s"]+)"?/g)) if ((match[1] as string).length >= 8) keys.add(match[1] as string);
    expect(keys.size).toBeGreaterThanOrEqual(3);
    const result = runCli(["lint", "--no-config", "--format", "json", ...files]);
    expect(parseReport(result).findings.some((f) => f.rule === "encryption-key-invalid")).toBe(true);
    for (const key of keys) expect(result.stdout.includes(key), `key ${key.slice(0, 4)}… printed`).toBe(false);
  });
});
