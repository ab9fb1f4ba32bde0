// The Ajv JSON Schema compiler, loaded the first time something is compiled at run time (a CRD's
// schema, a configuration schema for another rule set). Most runs need none: the Kubernetes and
// configuration validators are compiled ahead of time, and loading ajv costs every start-up
// 10–15 ms. Loaded from the package at run time rather than bundled for the same reason.
import { createRequire } from "node:module";
import type { Ajv } from "ajv";

let loaded: typeof Ajv | undefined;

export function ajvClass(): typeof Ajv {
  loaded ??= (createRequire(import.meta.url)("ajv") as { Ajv: typeof Ajv }).Ajv;
  return loaded;
}
