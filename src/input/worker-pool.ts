// Spreads work units over worker threads: the largest first, each worker taking the next batch
// as soon as it is free, so both cores stay busy until the end.
import { Worker } from "node:worker_threads";
import type { LinterSpec } from "./linter.js";
import type { FileResult } from "./process.js";
import type { WorkUnit, WorkerReply, WorkerRequest } from "./worker-protocol.js";

/** Small files travel together so that messages do not dominate. */
const BATCH_BYTES = 256 * 1024;

function workerUrl(): URL {
  // From the bundle, the worker sits beside this chunk; from sources (tests), in dist/.
  return import.meta.url.endsWith(".ts") ? new URL("../../dist/worker.mjs", import.meta.url) : new URL("./worker.mjs", import.meta.url);
}

function batchesOf(units: readonly WorkUnit[]): WorkUnit[][] {
  const sorted = [...units].sort((a, b) => b.size - a.size);
  const batches: WorkUnit[][] = [];
  let current: WorkUnit[] = [];
  let bytes = 0;
  for (const unit of sorted) {
    current.push(unit);
    bytes += unit.size;
    if (bytes >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export async function runInWorkers(units: readonly WorkUnit[], spec: LinterSpec, threads: number): Promise<FileResult[]> {
  const batches = batchesOf(units);
  const results: FileResult[][] = new Array<FileResult[]>(batches.length);
  let next = 0;
  const count = Math.max(1, Math.min(threads, batches.length));
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerUrl());
          workers.push(worker);
          const send = () => {
            if (next >= batches.length) {
              resolve();
              return;
            }
            const batch = next++;
            const request: WorkerRequest = { type: "batch", batch, units: batches[batch] as WorkUnit[] };
            worker.postMessage(request);
          };
          worker.on("message", (reply: WorkerReply) => {
            results[reply.batch] = reply.results;
            send();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => {
            if (next < batches.length || code !== 0) reject(new Error(`a lint worker stopped unexpectedly (exit code ${code})`));
          });
          const init: WorkerRequest = { type: "init", spec };
          worker.postMessage(init);
          send();
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
