// The objects of some files with their positions, for work done after a lint run on the same
// files (the server dry-run): read and parsed again (standard input as it was read the first
// time), documents and List items as lint sees them.
import type { Location } from "../engine/findings.js";
import { isObject, type ObjectPath } from "../model/json.js";
import { isKubeObject, type KubeObject } from "../model/object.js";
import { decodeText } from "./decode.js";
import { displayPath } from "./discover.js";
import { isBlankDocument, splitDocuments } from "./documents.js";
import { readBytes } from "./read.js";
import { parseYamlDocument } from "./yaml.js";

export interface PositionedObject {
  readonly object: KubeObject;
  readonly file: string;
  readonly locate: (path: ObjectPath) => Location;
}

export async function positionedObjects(files: readonly string[], cwd: string): Promise<PositionedObject[]> {
  const out: PositionedObject[] = [];
  for (const absolute of files) {
    const file = displayPath(absolute, cwd);
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(absolute);
    } catch {
      continue; // the lint run reported it
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) continue;
    for (const chunk of splitDocuments(decoded.text)) {
      if (isBlankDocument(chunk.text)) continue;
      const parsed = parseYamlDocument(chunk.text);
      if (!parsed.ok || !isObject(parsed.value)) continue;
      const value = parsed.value;
      const items: Array<{ object: unknown; base: ObjectPath }> =
        typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items) ? value.items.map((item, index) => ({ object: item, base: ["items", index] })) : [{ object: value, base: [] }];
      for (const { object, base } of items) {
        if (!isKubeObject(object)) continue;
        out.push({
          object,
          file,
          locate: (path) => {
            const position = parsed.map.locate([...base, ...path]);
            return { file, line: chunk.line + position.line, column: position.column };
          },
        });
      }
    }
  }
  return out;
}
