// A worker thread of a large lint: checks the files or pieces of text it is sent.
import { parentPort } from "node:worker_threads";
import { buildLinter, type Linter, type LinterSpec } from "./linter.js";
import { checkFile } from "./read.js";
import { processText, type FileResult } from "./process.js";
import type { WorkUnit, WorkerReply, WorkerRequest } from "./worker-protocol.js";

let linter: Linter | undefined;

async function run(unit: WorkUnit, current: Linter): Promise<FileResult> {
  if (unit.type === "file") return checkFile(unit.absolute, unit.file, current);
  return processText(unit.file, unit.text, current.ruleSet, current.input, unit.offset);
}

parentPort?.on("message", (message: WorkerRequest) => {
  if (message.type === "init") {
    linter = buildLinter(message.spec as LinterSpec);
    return;
  }
  const current = linter;
  if (current === undefined) return;
  void (async () => {
    const results: FileResult[] = [];
    for (const unit of message.units) results.push(await run(unit, current));
    const reply: WorkerReply = { type: "results", batch: message.batch, results };
    parentPort?.postMessage(reply);
  })();
});
