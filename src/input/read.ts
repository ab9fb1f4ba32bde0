// Reading one input (a file or standard input) and checking it.
import { readFile } from "node:fs/promises";
import { describeFsError } from "./discover.js";
import { decodeText } from "./decode.js";
import type { Linter } from "./linter.js";
import { emptyResult, processText, type FileResult, type TextOffset } from "./process.js";

export function unreadable(file: string, reason: string): FileResult {
  return { ...emptyResult(file), unreadable: reason };
}

export async function readBytes(absolute: string): Promise<Uint8Array> {
  if (absolute === "-") {
    // Standard input can be read once: kept for work after the lint (the server dry-run).
    stdinBytes ??= (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks);
    })();
    return stdinBytes;
  }
  return readFile(absolute);
}

let stdinBytes: Promise<Uint8Array> | undefined;

/** Decodes and checks bytes; a file that is not text comes back as unreadable. */
export function checkBytes(file: string, bytes: Uint8Array, linter: Linter, offset?: TextOffset): FileResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return unreadable(file, decoded.reason);
  return processText(file, decoded.text, linter.ruleSet, linter.input, offset);
}

export async function checkFile(absolute: string, file: string, linter: Linter): Promise<FileResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(absolute);
  } catch (error) {
    return unreadable(file, describeFsError(error));
  }
  return checkBytes(file, bytes, linter);
}
