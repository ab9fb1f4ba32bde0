// The webhook re-reads its certificate when the files change (cert-manager rotating a mounted
// Secret), keeps the old one when the new files are broken, and answers health without them.
import { execFileSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { ServeMetrics } from "../../src/serve/metrics.js";
import { Reviewer } from "../../src/serve/reviewer.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { scratch } from "../helpers/cli.js";
import { configFrom } from "../helpers/lint.js";

function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", `/CN=${name}`, "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
  return { cert, key };
}

function servedCommonName(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => {
      const subject = socket.getPeerCertificate().subject as { CN?: string } | undefined;
      socket.end();
      resolve(String(subject?.CN));
    });
    socket.on("error", reject);
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the webhook's TLS certificate", () => {
  let dir: string;
  let server: RunningServer;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = scratch();
    const first = selfSigned(dir, "first");
    selfSigned(dir, "second");
    copyFileSync(first.cert, path.join(dir, "tls.crt"));
    copyFileSync(first.key, path.join(dir, "tls.key"));
    const config = configFrom({});
    const linter = buildLinter(linterSpecOf(config, []));
    server = await startServer({
      certFile: path.join(dir, "tls.crt"),
      keyFile: path.join(dir, "tls.key"),
      host: "127.0.0.1",
      port: 0,
      metricsPort: undefined,
      maxBodyBytes: 1024 * 1024,
      requestTimeoutMs: 2000,
      reviewer: new Reviewer(linter, config, undefined),
      metrics: new ServeMetrics(),
      notReady: () => undefined,
      log: (_level, message) => logs.push(message),
    });
  });

  afterAll(async () => {
    await server?.shutdown(1000);
  });

  it("is reloaded when the files change on disk", async () => {
    expect(await servedCommonName(server.port)).toBe("first");
    copyFileSync(path.join(dir, "second.key"), path.join(dir, "tls.key"));
    copyFileSync(path.join(dir, "second.crt"), path.join(dir, "tls.crt"));
    for (let i = 0; i < 50 && (await servedCommonName(server.port)) !== "second"; i++) await wait(100);
    expect(await servedCommonName(server.port)).toBe("second");
    expect(logs).toContain("reloaded the TLS certificate");
  });

  it("keeps the certificate it has when the new files do not make a pair", async () => {
    writeFileSync(path.join(dir, "tls.crt"), "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
    for (let i = 0; i < 30 && !logs.some((l) => l.startsWith("could not load the new TLS certificate")); i++) await wait(100);
    expect(logs.some((l) => l.startsWith("could not load the new TLS certificate, keeping the old one"))).toBe(true);
    expect(await servedCommonName(server.port)).toBe("second");
  });
});
