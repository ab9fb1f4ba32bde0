// Bundles the command line into dist/ so that start-up reads one file instead of hundreds.
import { build } from "esbuild";
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli/main.ts", worker: "src/input/lint-worker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  sourcemap: true,
  outExtension: { ".js": ".mjs" },
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __ssCreateRequire } from 'node:module'; const require = __ssCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
