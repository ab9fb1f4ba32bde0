// Messages between the main thread and lint workers.
import type { LinterSpec } from "./linter.js";
import type { FileResult, TextOffset } from "./process.js";

export type WorkUnit =
  | { readonly type: "file"; readonly absolute: string; readonly file: string; readonly size: number }
  | { readonly type: "text"; readonly file: string; readonly text: string; readonly offset: TextOffset; readonly size: number };

export type WorkerRequest =
  | { readonly type: "init"; readonly spec: LinterSpec }
  | { readonly type: "batch"; readonly batch: number; readonly units: readonly WorkUnit[] };

export interface WorkerReply {
  readonly type: "results";
  readonly batch: number;
  readonly results: FileResult[];
}
