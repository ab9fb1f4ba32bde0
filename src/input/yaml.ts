// One YAML document's text → its value and a map from object paths back to text positions.
// This folder is the only code that knows the YAML parser.
import yaml from "js-yaml";
import type { ObjectPath } from "../model/json.js";
import { KUBERNETES_YAML_SCHEMA } from "./yaml-schema.js";

/** A node as the parser composed it: where it began and ended, and what it became. */
interface Frame {
  open: number;
  close: number;
  kind: string | null;
  result: unknown;
  children: Frame[] | null;
  /** Nodes this one stands for once aliases are expanded. */
  weight: number;
  pairs?: Array<[Frame, Frame | undefined]>;
  items?: Array<Frame | undefined>;
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
  const stack: Frame[] = [];
  let root: Frame | null = null;
  let frames = 0;
  const weights = new Map<object, number>();
  const duplicates: TextProblem[] = [];
  // Only a document that uses aliases can expand beyond its own size.
  const trackAliases = text.includes("*");
  const listener = (event: string, state: { position: number; kind: string | null; result: unknown }) => {
    if (event === "open") {
      stack.push({ open: state.position, close: 0, kind: null, result: undefined, children: null, weight: 1 });
      return;
    }
    const frame = stack.pop();
    if (frame === undefined) return;
    frames += 1;
    frame.close = state.position;
    frame.kind = state.kind;
    frame.result = state.result;
    if (trackAliases) weigh(frame, weights);
    if (frame.kind === "mapping" && frame.children !== null && frame.children.length > 2) {
      findDuplicateKeys(frame, text, duplicates);
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = frame;
    else (parent.children ??= []).push(frame);
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
    const map = new SourceMap(text, null);
    return { ok: false, problem: problemFromException(error, text), map };
  }
  const map = new SourceMap(text, root);
  const rootFrame = root as Frame | null;
  if (rootFrame !== null) {
    const expanded = rootFrame.weight;
    if (expanded > MAX_EXPANDED_NODES && expanded > frames * MAX_EXPANSION_RATIO) {
      return {
        ok: false,
        problem: {
          message: `aliases expand this document to more than ${formatCount(expanded)} nodes from ${formatCount(frames)} written ones; refusing it as an alias bomb`,
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

/** Counts the nodes a frame stands for once aliases are expanded. */
function weigh(frame: Frame, weights: Map<object, number>): void {
  const result = frame.result;
  let weight = 1;
  if (frame.children !== null) for (const child of frame.children) weight += child.weight;
  if (typeof result === "object" && result !== null) {
    const seen = weights.get(result);
    if (seen !== undefined && frame.children === null) {
      // An alias: it stands for the whole anchored node.
      weight = seen;
    } else {
      weights.set(result, weight);
    }
  }
  frame.weight = weight;
}

function findDuplicateKeys(frame: Frame, text: string, out: TextProblem[]): void {
  const children = frame.children ?? [];
  const keyCount = Object.keys(frame.result as object).length;
  // Without duplicates a block mapping has one key per pair; merges (`<<`) only add keys.
  const isFlow = text.charCodeAt(contentStart(text, frame.open)) === 0x7b; /* { */
  if (!isFlow && children.length >> 1 <= keyCount && !children.some((c) => c.result === "<<")) return;
  const pairs = pairsOf(frame, text);
  const seen = new Map<string, Frame>();
  for (const [key] of pairs) {
    if (key.kind !== "scalar" && key.kind !== null) continue;
    const name = String(key.result);
    if (name === "<<") continue;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, key);
      continue;
    }
    const firstAt = lineOf(text, contentStart(text, first.open));
    out.push({
      message: `duplicate key "${name}" (first defined on line ${firstAt + 1} of this document); the last value wins, which is rarely what was meant`,
      offset: contentStart(text, key.open),
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

/** The key and value frames of a mapping, in the order written. */
function pairsOf(frame: Frame, text: string): Array<[Frame, Frame | undefined]> {
  if (frame.pairs !== undefined) return frame.pairs;
  const children = frame.children ?? [];
  const pairs: Array<[Frame, Frame | undefined]> = [];
  const isFlow = text.charCodeAt(contentStart(text, frame.open)) === 0x7b; /* { */
  if (!isFlow) {
    // A block mapping composes a key then a value for every entry; a trailing odd frame is
    // the parser's failed look for one more key.
    for (let i = 0; i + 1 < children.length; i += 2) pairs.push([children[i] as Frame, children[i + 1]]);
  } else {
    // In a flow mapping a key may stand alone (`{a, b: 1}`): pair a key with the next frame
    // only when that frame is the value the mapping holds for it.
    const mapping = frame.result as Record<string, unknown>;
    for (let i = 0; i < children.length; ) {
      const key = children[i] as Frame;
      const next = children[i + 1];
      if (next !== undefined && Object.is(mapping[String(key.result)], next.result)) {
        pairs.push([key, next]);
        i += 2;
      } else {
        pairs.push([key, undefined]);
        i += 1;
      }
    }
  }
  frame.pairs = pairs;
  return pairs;
}

/** The frame of each item of a sequence; an empty `- ` entry has none. */
function itemsOf(frame: Frame): Array<Frame | undefined> {
  if (frame.items !== undefined) return frame.items;
  const values = Array.isArray(frame.result) ? (frame.result as unknown[]) : [];
  const children = frame.children ?? [];
  const items: Array<Frame | undefined> = [];
  let j = 0;
  for (const value of values) {
    const child = children[j];
    if (child !== undefined && Object.is(child.result, value)) {
      items.push(child);
      j += 1;
    } else if (value === null) {
      items.push(undefined);
    } else {
      items.push(child);
      j += 1;
    }
  }
  frame.items = items;
  return items;
}

/** A scalar node can wrap the frame that actually read it; step through such wrappers. */
function unwrap(frame: Frame): Frame {
  let current = frame;
  while (current.kind === "scalar" && current.children !== null && current.children.length === 1) {
    const inner = current.children[0] as Frame;
    if (!Object.is(inner.result, current.result)) break;
    current = inner;
  }
  return current;
}

/** Turns object paths of one document into 1-based lines and columns of that document's text. */
export class SourceMap {
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly root: Frame | null,
  ) {}

  /** Position of a 0-based offset in the document's text, lines and columns 1-based. */
  positionOf(offset: number): Position {
    const starts = this.lines();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }

  /**
   * Where a path is written: the key of a mapping entry, the start of a sequence item. A path
   * that does not exist in the text (a missing field, or one that came from an alias or merge)
   * resolves to its closest written ancestor; `exact` says which happened.
   */
  locate(path: ObjectPath): Position & { readonly exact: boolean } {
    if (this.root === null) return { ...this.positionOf(0), exact: false };
    let frame = unwrap(this.root);
    let at = contentStart(this.text, frame.open);
    for (const step of path) {
      let next: Frame | undefined;
      let nextAt = at;
      if (typeof step === "number" && frame.kind === "sequence") {
        next = itemsOf(frame)[step];
        if (next !== undefined) nextAt = contentStart(this.text, next.open);
      } else if (typeof step === "string" && frame.kind === "mapping") {
        const pair = pairsOf(frame, this.text).findLast(([key]) => String(key.result) === step);
        if (pair !== undefined) {
          nextAt = contentStart(this.text, pair[0].open);
          next = pair[1];
          if (next === undefined) return { ...this.positionOf(nextAt), exact: false };
        }
      }
      if (next === undefined) return { ...this.positionOf(at), exact: false };
      frame = unwrap(next);
      at = nextAt;
    }
    return { ...this.positionOf(at), exact: true };
  }

  /** Where the value at a path begins (for a mapping entry: its value, not its key). */
  locateValue(path: ObjectPath): Position & { readonly exact: boolean } {
    const key = this.locate(path);
    if (!key.exact || this.root === null || path.length === 0) return key;
    let frame = unwrap(this.root);
    for (const step of path) {
      const next =
        typeof step === "number" ? (frame.kind === "sequence" ? itemsOf(frame)[step] : undefined) : pairsOf(frame, this.text).findLast(([k]) => String(k.result) === step)?.[1];
      if (next === undefined) return key;
      frame = unwrap(next);
    }
    if (frame.kind === null) return key;
    return { ...this.positionOf(contentStart(this.text, frame.open)), exact: true };
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
