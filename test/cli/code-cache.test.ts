import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { buildIdOf, cachedDataFor, cacheFileContent, wrapBundle } from "../../src/cli/code-cache.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("code cache files", () => {
  it("reads the build id from its comment line, not from what follows", () => {
    expect(buildIdOf("code();\n//# shipshape-build=abc123\n//# sourceMappingURL=cli.cjs.map\n")).toBe("abc123");
    expect(buildIdOf("code();\n")).toBeUndefined();
  });

  it("gives V8's data only to the build that wrote it", () => {
    const data = Buffer.from([1, 2, 3, 10, 4]);
    const file = cacheFileContent("build-1", data);
    expect(cachedDataFor("build-1", file)).toEqual(data);
    expect(cachedDataFor("build-2", file)).toBeUndefined();
    expect(cachedDataFor(undefined, file)).toBeUndefined();
    expect(cachedDataFor("build-1", Buffer.from("no header"))).toBeUndefined();
  });
});

// `npm test` builds first: these check what the build made.
describe("the built command line", () => {
  const bundle = path.join(root, "dist/cli.cjs");
  const code = readFileSync(bundle, "latin1");

  it("is ASCII only, so that reading it as Latin-1 is exact", () => {
    expect(/[^\x00-\x7f]/.test(code)).toBe(false);
  });

  it("has a code cache of its own build that V8 accepts", () => {
    const buildId = buildIdOf(code);
    expect(buildId).toMatch(/^[0-9a-f]{32}$/);
    const cachedData = cachedDataFor(buildId, readFileSync(`${bundle}.cache`));
    expect(cachedData).toBeDefined();
    const script = new vm.Script(wrapBundle(code), { filename: bundle, ...(cachedData !== undefined ? { cachedData } : {}) });
    expect(script.cachedDataRejected).toBe(false);
  });
});
