import { describe, expect, it } from "vitest";
import { anchorAt, anchorPaths, collectAnchors, NO_ANCHORS } from "../../src/engine/anchors.js";
import { formatPath, sharedPathText, type ObjectPath } from "../../src/model/json.js";

describe("anchor paths", () => {
  it("keeps each path once, the object itself first, in the order rules asked", () => {
    const table = anchorPaths([["spec", "selector"], ["metadata", "name"], ["spec", "selector"], [], ["spec", "ports", 0, "targetPort"]]);
    expect(table.texts).toEqual(["", "spec.selector", "metadata.name", "spec.ports[0].targetPort"]);
    expect(table.paths.map(formatPath)).toEqual(table.texts);
  });

  it("gives back the kept position of exactly the path asked for, and nothing for others", () => {
    const table = anchorPaths([["metadata", "name"], ["spec", "replicas"], ["spec", "selector"]]);
    const positions = new Map<string, { line: number; column: number }>([
      ["", { line: 3, column: 1 }],
      ["metadata.name", { line: 5, column: 3 }],
      ["spec.selector", { line: 9, column: 3 }],
    ]);
    const anchors = collectAnchors(table, (path: ObjectPath) => positions.get(formatPath(path)));
    expect(anchorAt(anchors, "a.yaml", [])).toEqual({ file: "a.yaml", line: 3, column: 1 });
    expect(anchorAt(anchors, "a.yaml", ["metadata", "name"])).toEqual({ file: "a.yaml", line: 5, column: 3 });
    expect(anchorAt(anchors, "b.yaml", ["spec", "selector"])).toEqual({ file: "b.yaml", line: 9, column: 3 });
    // Asked for but not found in the object, and never asked for: both unknown.
    expect(anchorAt(anchors, "a.yaml", ["spec", "replicas"])).toBeUndefined();
    expect(anchorAt(anchors, "a.yaml", ["spec", "template"])).toBeUndefined();
  });

  it("keeps nothing for an object without positions (read from a cluster)", () => {
    const anchors = collectAnchors(anchorPaths([["metadata", "name"]]), () => undefined);
    expect(anchors).toBe(NO_ANCHORS);
    expect(anchorAt(anchors, "", ["metadata", "name"])).toBeUndefined();
  });

  it("survives a copy between threads (plain data only)", () => {
    const table = anchorPaths([["metadata", "name"]]);
    const anchors = structuredClone(collectAnchors(table, (path) => (path.length === 2 ? { line: 4, column: 3 } : undefined)));
    expect(anchorAt(anchors, "a.yaml", ["metadata", "name"])).toEqual({ file: "a.yaml", line: 4, column: 3 });
  });
});

describe("shared path text", () => {
  it("is the path as formatPath writes it, the first time and every time after", () => {
    for (let i = 0; i < 2; i++) {
      expect(sharedPathText(["spec", "template", "spec", "containers", 0, "image"])).toBe("spec.template.spec.containers[0].image");
      expect(sharedPathText(["metadata", "annotations", "a/b"])).toBe('metadata.annotations["a/b"]');
    }
  });
});
