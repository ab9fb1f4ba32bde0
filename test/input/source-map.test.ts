// Object paths → exact lines and columns, whatever the YAML looks like.
import { describe, expect, it } from "vitest";
import { splitDocuments, isBlankDocument } from "../../src/input/documents.js";
import { parseYamlDocument } from "../../src/input/yaml.js";
import { decodeText, firstInvalidUtf8 } from "../../src/input/decode.js";

function locate(text: string, path: Array<string | number>) {
  const parsed = parseYamlDocument(text);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const { line, column, exact } = parsed.map.locate(path);
  return { line, column, exact };
}

describe("source map", () => {
  const doc = `# leading comment
apiVersion: v1   # trailing comment
kind: Pod
metadata:
  name: web
  labels: {app: web, "quoted key": x}
spec:
  containers:
    # a comment between items
    - name: a
      image: one
    -   name: b
        image: two
      # odd but valid indentation above
  volumes: [{name: v, emptyDir: {}}]
`;
  it("points at keys of block mappings, past comments", () => {
    expect(locate(doc, ["apiVersion"])).toEqual({ line: 2, column: 1, exact: true });
    expect(locate(doc, ["metadata", "name"])).toEqual({ line: 5, column: 3, exact: true });
  });
  it("points at flow mapping keys, quoted keys included", () => {
    expect(locate(doc, ["metadata", "labels", "app"])).toEqual({ line: 6, column: 12, exact: true });
    expect(locate(doc, ["metadata", "labels", "quoted key"])).toEqual({ line: 6, column: 22, exact: true });
  });
  it("points at sequence items and their fields", () => {
    expect(locate(doc, ["spec", "containers", 0])).toEqual({ line: 10, column: 7, exact: true });
    expect(locate(doc, ["spec", "containers", 1, "image"])).toEqual({ line: 13, column: 9, exact: true });
    expect(locate(doc, ["spec", "volumes", 0, "emptyDir"])).toEqual({ line: 15, column: 23, exact: true });
  });
  it("falls back to the closest written ancestor for a missing field", () => {
    expect(locate(doc, ["spec", "containers", 1, "readinessProbe", "httpGet"])).toEqual({ line: 12, column: 9, exact: false });
    expect(locate(doc, ["spec", "containers", 7])).toEqual({ line: 8, column: 3, exact: false });
  });
  it("points at the alias for values that come through one, and at merged keys' merge", () => {
    const text = `base: &base
  image: shared
  pull: Always
one:
  <<: *base
  name: one
two: *base
`;
    expect(locate(text, ["two", "image"])).toEqual({ line: 7, column: 1, exact: false });
    expect(locate(text, ["one", "name"])).toEqual({ line: 6, column: 3, exact: true });
    expect(locate(text, ["one", "image"])).toEqual({ line: 4, column: 1, exact: false });
  });
  it("counts columns in characters, after multi-byte text", () => {
    expect(locate("a: \"héllo wörld\"\nb:\n  c: 1\n", ["b", "c"])).toEqual({ line: 3, column: 3, exact: true });
    expect(locate("x: ünïcödé\nz: 2\n", ["z"])).toEqual({ line: 2, column: 1, exact: true });
  });
  it("handles CRLF line endings", () => {
    expect(locate("a: 1\r\nb:\r\n  c: 2\r\n", ["b", "c"])).toEqual({ line: 3, column: 3, exact: true });
  });
  it("reads plain scalars as Kubernetes does (YAML 1.1 booleans and octals)", () => {
    const parsed = parseYamlDocument("a: yes\nb: 0644\nc: '0644'\nd: 1.10\ne: 2024-01-01\n");
    expect(parsed.ok && parsed.value).toEqual({ a: true, b: 420, c: "0644", d: 1.1, e: "2024-01-01" });
  });
});

describe("document splitting", () => {
  it("splits at --- and ... lines only, keeping line numbers", () => {
    const text = "a: 1\n---\nb: |\n  ---not a marker\n  text\n--- # comment\nc: 3\n...\n%YAML 1.2\n---\nd: 4\n";
    const chunks = splitDocuments(text);
    expect(chunks.map((c) => [c.line, c.index])).toEqual([[0, 0], [1, 1], [5, 2], [8, 3]]);
    expect(chunks.map((c) => parseYamlDocument(c.text)).map((p) => (p.ok ? p.value : p.problem.message))).toEqual([{ a: 1 }, { b: "---not a marker\ntext\n" }, { c: 3 }, { d: 4 }]);
  });
  it("recognises blank documents", () => {
    expect(isBlankDocument("# only\n---\n  \n...\n")).toBe(true);
    expect(isBlankDocument("# x\na: 1\n")).toBe(false);
  });
});

describe("decoding", () => {
  it("accepts UTF-8 with or without a BOM, and UTF-16 with one", () => {
    expect(decodeText(Buffer.from("\ufeffa: 1\n"))).toEqual({ ok: true, text: "a: 1\n" });
    expect(decodeText(Buffer.from("\ufeffa: 1\n", "utf16le"))).toEqual({ ok: true, text: "a: 1\n" });
  });
  it("finds the first invalid UTF-8 byte, overlong and surrogate forms included", () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from("ok ✓", "utf8"))).toBe(6);
  });
});
