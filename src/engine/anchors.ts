// Positions of the paths cross-resource rules report at, kept for every indexed object. Ten
// thousand workloads each keep a few dozen of them for the whole run, so they are stored as
// numbers against one shared list of path texts, not as a small array and a string per path.
import { formatPath, type ObjectPath } from "../model/json.js";
import type { Location } from "./findings.js";

/** The paths a run keeps positions for: written once, in a fixed order, the object itself first. */
export interface AnchorPaths {
  readonly paths: readonly ObjectPath[];
  readonly texts: readonly string[];
}

/** One object's anchors: line and column of `table.paths[i]` at `at[2i]` and `at[2i + 1]`, 0 when not kept. */
export interface Anchors {
  readonly table: AnchorPaths;
  readonly at: Int32Array;
}

/** The paths rules ask for, without repeats (several rules name the same path), the object itself first. */
export function anchorPaths(requested: readonly ObjectPath[]): AnchorPaths {
  const paths: ObjectPath[] = [];
  const texts: string[] = [];
  for (const path of [[], ...requested]) {
    const text = formatPath(path);
    if (texts.includes(text)) continue;
    paths.push(path);
    texts.push(text);
  }
  return { paths, texts };
}

/** No anchors at all: for objects read from a cluster, which have no positions. */
export const NO_ANCHOR_PATHS: AnchorPaths = { paths: [], texts: [] };
export const NO_ANCHORS: Anchors = { table: NO_ANCHOR_PATHS, at: new Int32Array(0) };

/**
 * The anchors of one object. `position` gives a path's line and column, or undefined when the
 * object has nothing there worth keeping.
 */
export function collectAnchors(table: AnchorPaths, position: (path: ObjectPath) => { line: number; column: number } | undefined): Anchors {
  let at: Int32Array | undefined;
  table.paths.forEach((path, i) => {
    const found = position(path);
    if (found === undefined) return;
    at ??= new Int32Array(table.paths.length * 2);
    at[2 * i] = found.line;
    at[2 * i + 1] = found.column;
  });
  return at === undefined ? NO_ANCHORS : { table, at };
}

/** The kept position of exactly this path, if it was kept. */
export function anchorAt(anchors: Anchors, file: string, path: ObjectPath): Location | undefined {
  const i = anchors.table.texts.indexOf(formatPath(path));
  if (i === -1) return undefined;
  const line = anchors.at[2 * i] ?? 0;
  return line === 0 ? undefined : { file, line, column: anchors.at[2 * i + 1] ?? 0 };
}
