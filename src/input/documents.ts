// A multi-document YAML stream → one chunk of text per document, with where it starts.
// Each document is parsed on its own, so an error in one never hides the others, and a
// large file never has to be held as one parsed tree.

export interface DocumentChunk {
  /** The document's text, including its leading `---` line when it has one. */
  readonly text: string;
  /** Offset of the chunk in the file's text. */
  readonly offset: number;
  /** 0-based line of the chunk's first line in the file. */
  readonly line: number;
  /** 0-based index of the document in the file (empty documents included). */
  readonly index: number;
}

// A document marker is `---` or `...` at the very start of a line, followed by a space, a
// tab, a line break or the end of the text. YAML forbids these inside scalars, so splitting on
// them agrees with a full parser.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let lineCursor = 0;
  const countLinesTo = (offset: number): number => {
    for (let i = text.indexOf("\n", lineCursor); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line += 1;
    lineCursor = offset;
    return line;
  };
  const push = (end: number) => {
    chunks.push({ text: text.slice(start, end), offset: start, line: startLine, index: chunks.length });
  };
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    const at = match.index;
    if (match[0] === "---") {
      // A `---` opens the next document; what came before it is the previous one, unless it is
      // only directives and comments, which belong to the document the marker opens.
      const pending = text.slice(start, at);
      if (at > start && !isPrelude(pending)) {
        push(at);
        start = at;
        startLine = countLinesTo(at);
      }
    } else {
      // `...` closes the current document; the next one starts on the following line.
      const nextLine = text.indexOf("\n", at);
      const end = nextLine === -1 ? text.length : nextLine + 1;
      push(end);
      start = end;
      startLine = countLinesTo(end);
    }
  }
  if (start < text.length || chunks.length === 0) push(text.length);
  return chunks;
}

/** Directives (`%YAML`, `%TAG`), comments and blank lines: what may precede a `---`. */
function isPrelude(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    if (trimmed !== "" && !trimmed.startsWith("#") && !line.startsWith("%")) return false;
    start = end + 1;
  }
  return true;
}

/** True when a chunk holds nothing but document markers, comments and blank lines. */
export function isBlankDocument(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    if (line !== "" && !line.startsWith("#") && !/^(?:---|\.\.\.)(?:\s+#.*)?$/.test(line)) return false;
    start = end + 1;
  }
  return true;
}
