// Two sources, one truth: for every bundled version, the deprecation table says an apiVersion/kind
// is served exactly when that version's OpenAPI documents define it.
import { describe, expect, it } from "vitest";
import { DEPRECATED_APIS, isServedAt } from "../../src/model/deprecated-apis.js";
import { parseKubeVersion, type KubeVersion } from "../../src/model/kube-version.js";
import { splitApiVersion } from "../../src/schemas/bundle.js";
import { versionTables } from "../../src/schemas/builtin.js";
import { BUNDLED_SCHEMA_VERSIONS } from "../../src/schemas/versions.generated.js";

describe("the deprecation table and the bundled schemas", () => {
  it("agree on what each bundled version serves", () => {
    const disagreements: string[] = [];
    const types = new Set<string>();
    for (const entry of DEPRECATED_APIS) {
      types.add(`${entry.apiVersion} ${entry.kind}`);
      for (const replacement of entry.replacements) types.add(`${replacement.apiVersion} ${replacement.kind ?? entry.kind}`);
    }
    for (const version of BUNDLED_SCHEMA_VERSIONS) {
      const target = parseKubeVersion(version) as KubeVersion;
      const { kinds } = versionTables(version);
      for (const type of types) {
        const [apiVersion = "", kind = ""] = type.split(" ");
        const { group, version: groupVersion } = splitApiVersion(apiVersion);
        const inSchemas = kinds.has(`${group}/${groupVersion}/${kind}`);
        if (isServedAt(apiVersion, kind, target) !== inSchemas) disagreements.push(`${version}: ${type} table says ${isServedAt(apiVersion, kind, target) ? "served" : "not served"}, schemas say ${inSchemas ? "served" : "not served"}`);
      }
    }
    expect(types.size).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  });
});
