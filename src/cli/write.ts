// Writing a report in pieces to a stream, waiting when the reader is slower than we are.
import { once } from "node:events";

const FLUSH_BYTES = 1 << 20;

export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let buffer: string[] = [];
  let size = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const text = buffer.join("");
    buffer = [];
    size = 0;
    if (!stream.write(text)) await once(stream, "drain");
  };
  for (const chunk of chunks) {
    buffer.push(chunk);
    size += chunk.length;
    if (size >= FLUSH_BYTES) await flush();
  }
  await flush();
}
