import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/model/json.js";
import { sameProbeCheck, type ProbeRef } from "../../src/model/probes.js";

const container: JsonObject = { name: "app", ports: [{ name: "http", containerPort: 8080 }, { name: "grpc", containerPort: 9090 }] };
const probe = (handler: JsonObject, field: ProbeRef["field"] = "livenessProbe"): ProbeRef => ({ field, probe: handler, path: ["containers", 0, field] });
const same = (a: JsonObject, b: JsonObject) => sameProbeCheck(probe(a), probe(b, "readinessProbe"), container);

describe("sameProbeCheck", () => {
  it("counts checks equal once the API server's defaults are applied and named ports resolved", () => {
    expect(same({ httpGet: { port: "http" } }, { httpGet: { port: 8080, path: "/", scheme: "HTTP" } })).toBe(true);
    expect(same({ httpGet: { port: 8080, path: "" } }, { httpGet: { port: 8080, path: "/" } })).toBe(true);
    expect(same({ httpGet: { port: 8080, host: "", httpHeaders: [] } }, { httpGet: { port: 8080 } })).toBe(true);
    expect(same({ grpc: { port: "grpc", service: "" } }, { grpc: { port: 9090 } })).toBe(true);
    expect(same({ tcpSocket: { port: "http" } }, { tcpSocket: { port: 8080 } })).toBe(true);
    expect(same({ exec: { command: ["check", "--quick"] } }, { exec: { command: ["check", "--quick"] } })).toBe(true);
    // Timing is not part of the check.
    expect(same({ httpGet: { port: 8080 }, periodSeconds: 5 }, { httpGet: { port: 8080 }, periodSeconds: 30 })).toBe(true);
    // Key order does not matter.
    expect(same({ httpGet: { path: "/ok", port: 8080 } }, { httpGet: { port: 8080, path: "/ok" } })).toBe(true);
  });

  it("tells different checks apart", () => {
    expect(same({ httpGet: { port: 8080, path: "/live" } }, { httpGet: { port: 8080, path: "/ready" } })).toBe(false);
    expect(same({ httpGet: { port: 8080 } }, { httpGet: { port: 8081 } })).toBe(false);
    expect(same({ httpGet: { port: 8080, scheme: "HTTPS" } }, { httpGet: { port: 8080 } })).toBe(false);
    expect(same({ httpGet: { port: 8080, httpHeaders: [{ name: "a", value: "1" }, { name: "b", value: "2" }] } }, { httpGet: { port: 8080, httpHeaders: [{ name: "b", value: "2" }, { name: "a", value: "1" }] } })).toBe(false);
    expect(same({ tcpSocket: { port: 8080 } }, { httpGet: { port: 8080 } })).toBe(false);
    expect(same({ tcpSocket: { port: "metrics" } }, { tcpSocket: { port: 8080 } })).toBe(false); // an unknown name stays a name
    expect(same({ exec: { command: ["check"] } }, { exec: { command: ["check", "--quick"] } })).toBe(false);
    expect(same({ grpc: { port: 9090, service: "health" } }, { grpc: { port: 9090 } })).toBe(false);
    expect(same({ periodSeconds: 5 }, { periodSeconds: 5 })).toBe(false); // no handler: no check to compare
  });
});
