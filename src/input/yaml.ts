// One YAML document's text → its value and a map from object paths back to text positions.
// This folder is the only code that knows the YAML parser.
import yaml from "js-yaml";
import type { ObjectPath } from "../model/json.js";
import { KUBERNETES_YAML_SCHEMA } from "./yaml-schema.js";

const KIND_CODES: Readonly<Record<string, number>> = { scalar: 1, mapping: 2, sequence: 3 };
const SCALAR = 1;
const MAPPING = 2;
const SEQUENCE = 3;

/**
 * The nodes of a document as the parser composed them, in post-order (children before their
 * parent), in flat arrays: where each began, its kind, how many nodes its subtree holds and
 * what it became. Flat storage keeps parsing light on allocation, which is what lets several
 * threads parse at once.
 */
class Frames {
  count = 0;
  open: Int32Array;
  kind: Uint8Array;
  /** Number of nodes below this one. */
  size: Int32Array;
  results: unknown[] = [];
  /** Nodes each one stands for once aliases are expanded (only kept when the text has aliases). */
  weight: Float64Array | null = null;
  // Built on first use: most documents are never looked up at all.
  private childrenCache: Map<number, number[]> | undefined;
  private pairsCache: Map<number, Array<[number, number | undefined]>> | undefined;
  private itemsCache: Map<number, Array<number | undefined>> | undefined;
  private keysCache: Map<number, Map<string, [number, number | undefined]>> | undefined;

  /** Manifests hold roughly one node per ten characters; start near that to avoid regrowing. */
  constructor(textLength: number) {
    const capacity = Math.max(64, Math.min(1 << 20, Math.ceil(textLength / 8)));
    this.open = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.size = new Int32Array(capacity);
  }

  add(open: number, kind: string | null, result: unknown, size: number): number {
    const i = this.count;
    if (i === this.open.length) this.grow();
    this.open[i] = open;
    this.kind[i] = kind === null ? 0 : (KIND_CODES[kind] ?? 0);
    this.size[i] = size;
    this.results.push(result);
    this.count = i + 1;
    return i;
  }

  private grow(): void {
    const length = this.open.length * 2;
    const open = new Int32Array(length);
    open.set(this.open);
    this.open = open;
    const kind = new Uint8Array(length);
    kind.set(this.kind);
    this.kind = kind;
    const size = new Int32Array(length);
    size.set(this.size);
    this.size = size;
    if (this.weight !== null) {
      const weight = new Float64Array(length);
      weight.set(this.weight);
      this.weight = weight;
    }
  }

  /** Direct children of a node, in the order written. */
  children(node: number): number[] {
    this.childrenCache ??= new Map();
    let list = this.childrenCache.get(node);
    if (list !== undefined) return list;
    list = [];
    const first = node - (this.size[node] ?? 0);
    for (let child = node - 1; child >= first; child -= (this.size[child] ?? 0) + 1) list.push(child);
    list.reverse();
    this.childrenCache.set(node, list);
    return list;
  }

  /** The key and value nodes of a mapping, in the order written. */
  pairs(node: number, text: string): Array<[number, number | undefined]> {
    this.pairsCache ??= new Map();
    let pairs = this.pairsCache.get(node);
    if (pairs !== undefined) return pairs;
    const children = this.children(node);
    pairs = [];
    if (text.charCodeAt(contentStart(text, this.open[node] ?? 0)) !== 0x7b /* { */) {
      // A block mapping composes a key then a value for every entry; a trailing odd node is
      // the parser's failed look for one more key.
      for (let i = 0; i + 1 < children.length; i += 2) pairs.push([children[i] as number, children[i + 1]]);
    } else {
      // In a flow mapping a key may stand alone (`{a, b: 1}`): pair a key with the next node
      // only when that node is the value the mapping holds for it.
      const mapping = this.results[node] as Record<string, unknown>;
      for (let i = 0; i < children.length; ) {
        const key = children[i] as number;
        const next = children[i + 1];
        if (next !== undefined && Object.is(mapping[String(this.results[key])], this.results[next])) {
          pairs.push([key, next]);
          i += 2;
        } else {
          pairs.push([key, undefined]);
          i += 1;
        }
      }
    }
    this.pairsCache.set(node, pairs);
    return pairs;
  }

  /** A mapping's entries by key (the last one written wins, as in the value). */
  entry(node: number, key: string, text: string): [number, number | undefined] | undefined {
    this.keysCache ??= new Map();
    let keys = this.keysCache.get(node);
    if (keys === undefined) {
      keys = new Map();
      for (const pair of this.pairs(node, text)) keys.set(this.keyName(pair[0]), pair);
      this.keysCache.set(node, keys);
    }
    return keys.get(key);
  }

  /** The node of each item of a sequence; an empty `- ` entry has none. */
  items(node: number): Array<number | undefined> {
    this.itemsCache ??= new Map();
    let items = this.itemsCache.get(node);
    if (items !== undefined) return items;
    const values = Array.isArray(this.results[node]) ? (this.results[node] as unknown[]) : [];
    const children = this.children(node);
    items = [];
    let j = 0;
    for (const value of values) {
      const child = children[j];
      if (child !== undefined && Object.is(this.results[child], value)) {
        items.push(child);
        j += 1;
      } else if (value === null) {
        items.push(undefined);
      } else {
        items.push(child);
        j += 1;
      }
    }
    this.itemsCache.set(node, items);
    return items;
  }

  /** A scalar node can wrap the node that actually read it; step through such wrappers. */
  unwrap(node: number): number {
    let current = node;
    while (this.kind[current] === SCALAR && (this.size[current] ?? 0) >= 1) {
      const children = this.children(current);
      const inner = children[0];
      if (children.length !== 1 || inner === undefined || !Object.is(this.results[inner], this.results[current])) break;
      current = inner;
    }
    return current;
  }

  keyName(node: number): string {
    return String(this.results[node]);
  }
}

/** A problem in the text of a document, at a 0-based offset into the document's text. */
export interface TextProblem {
  readonly message: string;
  readonly offset: number;
}

export interface Position {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

/** Deepest nesting we parse; real manifests stay far below it. */
const MAX_DEPTH = 1000;
/** A document may expand through aliases to this many nodes, or to this many times its own size. */
const MAX_EXPANDED_NODES = 100_000;
const MAX_EXPANSION_RATIO = 10;

export type ParsedDocument =
  | { readonly ok: true; readonly value: unknown; readonly map: SourceMap; readonly problems: readonly TextProblem[] }
  | { readonly ok: false; readonly problem: TextProblem; readonly map: SourceMap };

/**
 * Parses one YAML document. Duplicate keys do not stop parsing (the last value wins, as
 * in the API server); they come back as problems alongside the value. Syntax errors, excessive
 * nesting and alias expansion beyond a bound come back as a single problem.
 */
export function parseYamlDocument(text: string): ParsedDocument {
  const frames = new Frames(text.length);
  const openAt: number[] = [];
  const firstBelow: number[] = [];
  const weights = new Map<object, number>();
  const duplicates: TextProblem[] = [];
  // Only a document that uses aliases can expand beyond its own size.
  if (text.includes("*")) frames.weight = new Float64Array(frames.open.length);
  const listener = (event: string, state: { position: number; kind: string | null; result: unknown }) => {
    if (event === "open") {
      openAt.push(state.position);
      firstBelow.push(frames.count);
      return;
    }
    const open = openAt.pop() ?? 0;
    const first = firstBelow.pop() ?? 0;
    const node = frames.add(open, state.kind, state.result, frames.count - first);
    if (frames.weight !== null) weigh(frames, node, weights);
    if (frames.kind[node] === MAPPING && node - first > 2) findDuplicateKeys(frames, node, text, duplicates);
  };

  let value: unknown;
  try {
    value = yaml.load(text, {
      schema: KUBERNETES_YAML_SCHEMA,
      json: true,
      maxDepth: MAX_DEPTH,
      listener: listener as (this: unknown, eventType: string, state: unknown) => void,
    } as yaml.LoadOptions);
  } catch (error) {
    return { ok: false, problem: problemFromException(error, text), map: new SourceMap(text, null) };
  }
  const root = frames.count > 0 ? frames.count - 1 : undefined;
  const map = new SourceMap(text, root === undefined ? null : { frames, root });
  if (root !== undefined && frames.weight !== null) {
    const expanded = frames.weight[root] ?? 0;
    if (expanded > MAX_EXPANDED_NODES && expanded > frames.count * MAX_EXPANSION_RATIO) {
      return {
        ok: false,
        problem: {
          message: `aliases expand this document to more than ${formatCount(expanded)} nodes from ${formatCount(frames.count)} written ones; refusing it as an alias bomb`,
          offset: 0,
        },
        map,
      };
    }
  }
  return { ok: true, value, map, problems: duplicates };
}

function formatCount(n: number): string {
  return n >= 1e15 ? n.toExponential(1) : Math.round(n).toLocaleString("en-US");
}

function problemFromException(error: unknown, text: string): TextProblem {
  if (error instanceof yaml.YAMLException) {
    const mark = (error as yaml.YAMLException & { mark?: { position?: number } }).mark;
    const offset = Math.min(Math.max(mark?.position ?? 0, 0), text.length);
    return { message: error.reason ?? "invalid YAML", offset };
  }
  if (error instanceof RangeError) {
    return { message: "the document is nested too deeply to parse", offset: 0 };
  }
  return { message: error instanceof Error ? error.message : String(error), offset: 0 };
}

/** Counts the nodes a node stands for once aliases are expanded. */
function weigh(frames: Frames, node: number, weights: Map<object, number>): void {
  const weight = frames.weight as Float64Array;
  const result = frames.results[node];
  let total = 1;
  for (const child of frames.children(node)) total += weight[child] ?? 1;
  if (typeof result === "object" && result !== null) {
    const seen = weights.get(result);
    // An alias reads no nodes of its own: it stands for the whole anchored node.
    if (seen !== undefined && (frames.size[node] ?? 0) === 0) total = seen;
    else weights.set(result, total);
  }
  weight[node] = total;
}

function findDuplicateKeys(frames: Frames, node: number, text: string, out: TextProblem[]): void {
  // Without duplicates a block mapping has one key per pair; merges (`<<`) only add keys.
  // Counted without allocating: this runs for every mapping of every document.
  let childCount = 0;
  let hasMerge = false;
  const first = node - (frames.size[node] ?? 0);
  for (let child = node - 1; child >= first; child -= (frames.size[child] ?? 0) + 1) {
    childCount += 1;
    if (frames.results[child] === "<<") hasMerge = true;
  }
  let keyCount = 0;
  for (const key in frames.results[node] as object) if (key !== undefined) keyCount += 1;
  const isFlow = text.charCodeAt(contentStart(text, frames.open[node] ?? 0)) === 0x7b; /* { */
  if (!isFlow && childCount >> 1 <= keyCount && !hasMerge) return;
  const seen = new Map<string, number>();
  for (const [key] of frames.pairs(node, text)) {
    if (frames.kind[key] !== SCALAR && frames.kind[key] !== 0) continue;
    const name = frames.keyName(key);
    if (name === "<<") continue;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, key);
      continue;
    }
    const firstAt = lineOf(text, contentStart(text, frames.open[first] ?? 0));
    out.push({
      message: `duplicate key "${name}" (first defined on line ${firstAt + 1} of this document); the last value wins, which is rarely what was meant`,
      offset: contentStart(text, frames.open[key] ?? 0),
    });
  }
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line += 1;
  return line;
}

/** First character of a node's content, past the spaces, line breaks and comments before it. */
function contentStart(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i += 1;
    } else if (c === 0x23 /* # */) {
      const end = text.indexOf("\n", i);
      if (end === -1) return text.length;
      i = end + 1;
    } else {
      break;
    }
  }
  return i;
}

/** Turns object paths of one document into 1-based lines and columns of that document's text. */
export class SourceMap {
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly tree: { readonly frames: Frames; readonly root: number } | null,
  ) {}

  /** Position of a 0-based offset in the document's text, lines and columns 1-based. */
  positionOf(offset: number): Position {
    const line = this.lineIndexOf(offset);
    return { line: line + 1, column: offset - (this.lines()[line] ?? 0) + 1 };
  }

  /** The same with `exact`, built as one object: a lint places a few hundred thousand paths. */
  private located(offset: number, exact: boolean): Position & { readonly exact: boolean } {
    const line = this.lineIndexOf(offset);
    return { line: line + 1, column: offset - (this.lines()[line] ?? 0) + 1, exact };
  }

  /** The 0-based line an offset is on. */
  private lineIndexOf(offset: number): number {
    const starts = this.lines();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Where a path is written: the key of a mapping entry, the start of a sequence item. A path
   * that does not exist in the text (a missing field, or one that came from an alias or merge)
   * resolves to its closest written ancestor; `exact` says which happened.
   */
  locate(path: ObjectPath): Position & { readonly exact: boolean } {
    const found = this.walk(path);
    return this.located(found.at, found.exact);
  }

  /** Where the value at a path begins (for a mapping entry: its value, not its key). */
  locateValue(path: ObjectPath): Position & { readonly exact: boolean } {
    const found = this.walk(path);
    if (!found.exact || this.tree === null || found.node === undefined || path.length === 0) return this.located(found.at, found.exact);
    if (this.tree.frames.kind[found.node] === 0) return this.located(found.at, true);
    return this.located(contentStart(this.text, this.tree.frames.open[found.node] ?? 0), true);
  }

  /** Follows a path through the nodes: the node reached, and the offset to report. */
  private walk(path: ObjectPath): { at: number; exact: boolean; node?: number } {
    if (this.tree === null) return { at: 0, exact: false };
    const { frames } = this.tree;
    let node = frames.unwrap(this.tree.root);
    let at = contentStart(this.text, frames.open[node] ?? 0);
    for (const step of path) {
      let next: number | undefined;
      let nextAt = at;
      if (typeof step === "number" && frames.kind[node] === SEQUENCE) {
        next = frames.items(node)[step];
        if (next !== undefined) nextAt = contentStart(this.text, frames.open[next] ?? 0);
      } else if (typeof step === "string" && frames.kind[node] === MAPPING) {
        const pair = frames.entry(node, step, this.text);
        if (pair !== undefined) {
          nextAt = contentStart(this.text, frames.open[pair[0]] ?? 0);
          next = pair[1];
          if (next === undefined) return { at: nextAt, exact: false };
        }
      }
      if (next === undefined) return { at, exact: false };
      node = frames.unwrap(next);
      at = nextAt;
    }
    return { at, exact: true, node };
  }

  private lines(): number[] {
    if (this.lineStarts === undefined) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

/** Parses a small YAML text that is not a manifest (an annotation's value); no positions. */
export function parseYamlValue(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: yaml.load(text, { schema: KUBERNETES_YAML_SCHEMA, json: true, maxDepth: 50 } as yaml.LoadOptions) };
  } catch (error) {
    return { ok: false, message: error instanceof yaml.YAMLException ? (error.reason ?? "invalid YAML") : String(error) };
  }
}

/** Parses a document's value only, with no source map (a document already checked once). */
export function parseYamlPlain(text: string): unknown {
  return yaml.load(text, { schema: KUBERNETES_YAML_SCHEMA, json: true, maxDepth: MAX_DEPTH } as yaml.LoadOptions);
}
