// `npm run bench`: lints a generated corpus of 10,000 workloads with every rule on and prints
// throughput and peak memory beside the peer tools run on the same files in the same run.
// Machines are shared and noisy: read the ratios, not the absolute times.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { availableParallelism } from "node:os";
import { automaticThreads } from "../src/input/run-lint.js";
import { ALL_RULES } from "../src/rules/index.js";
import { crossResourceCorpus, workloadCorpus } from "./corpus.js";

const root = path.resolve(import.meta.dirname, "..");
const work = path.join(root, ".bench");
const BIN = path.join(root, "bin/shipshape.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Measure {
  readonly seconds: number;
  readonly rssMb: number;
  readonly status: number | null;
}

/** Runs a command under GNU time; wall seconds and peak RSS of the median run. */
function measure(command: string, args: readonly string[], runs = RUNS): Measure {
  const results: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync("/usr/bin/time", ["-f", "__time %e %M", command, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "pipe"] });
    const match = /__time ([\d.]+) (\d+)/.exec(result.stderr ?? "");
    if (match === null) throw new Error(`could not time ${command}: ${result.stderr}`);
    results.push({ seconds: Number(match[1]), rssMb: Number(match[2]) / 1024, status: result.status });
  }
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(results.length / 2)] as Measure;
}

function peers(): Map<string, { version: string; path: string }> {
  // Builds what is missing (a cold build takes a minute or two), then lists what is there.
  const status = execFileSync("bash", [path.join(root, "tools/peers/build.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  for (const line of status.trim().split("\n")) if (line.includes("not built")) console.log(`  ${line}`);
  const listed = execFileSync("bash", [path.join(root, "tools/peers/build.sh"), "--print"], { encoding: "utf8" });
  const tools = new Map<string, { version: string; path: string }>();
  for (const line of listed.trim().split("\n")) {
    const [name, version, location] = line.split("\t");
    if (name !== undefined && version !== undefined && location !== undefined) tools.set(name, { version, path: location });
  }
  return tools;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
}

const corpus = workloadCorpus(work);
const mb = corpus.bytes / 1e6;
const allRules = path.join(work, "all-rules.yaml");
writeFileSync(allRules, `# every rule on, for the benchmark\nrules:\n${ALL_RULES.map((r) => `  ${r.id}: on`).join("\n")}\n`);

console.log(`corpus: ${corpus.workloads} workloads in ${corpus.files.length} files, ${mb.toFixed(1)} MB (${path.relative(root, corpus.dir)})`);
console.log("peer tools:");
const tools = peers();
for (const [name, tool] of tools) console.log(`  ${name} ${tool.version}`);

const results: Array<{ name: string; m: Measure }> = [];
const auto = automaticThreads(corpus.bytes, availableParallelism());
results.push({ name: `shipshape (all rules, default: ${auto === 0 ? "one thread" : `${auto} workers`})`, m: measure(process.execPath, [BIN, "lint", corpus.dir, "--config", allRules, "--format", "json"]) });
results.push({ name: "shipshape (all rules, --threads 2)", m: measure(process.execPath, [BIN, "lint", corpus.dir, "--config", allRules, "--format", "json", "--threads", "2"]) });
if (auto !== 0) results.push({ name: "shipshape (all rules, --threads 0)", m: measure(process.execPath, [BIN, "lint", corpus.dir, "--config", allRules, "--format", "json", "--threads", "0"]) });
const kubeScore = tools.get("kube-score");
if (kubeScore !== undefined) {
  results.push({ name: `kube-score ${kubeScore.version} (all checks)`, m: measure(kubeScore.path, ["score", "--all-default-optional", "--output-format", "json", ...corpus.files]) });
}
const kubeLinter = tools.get("kube-linter");
if (kubeLinter !== undefined) {
  results.push({ name: `kube-linter ${kubeLinter.version} (all checks)`, m: measure(kubeLinter.path, ["lint", "--add-all-built-in", "--format", "json", corpus.dir]) });
} else {
  console.log("  kube-linter: not measured (see the reason above)");
}

const base = results[0]?.m.seconds ?? 1;
const widths = [44, 8, 12, 8, 10, 14];
console.log("\nlint of the whole corpus (median of %d runs)", RUNS);
console.log(row(["tool", "wall s", "resources/s", "MB/s", "peak MB", "time vs ours"], widths));
for (const { name, m } of results) {
  console.log(row([name, m.seconds.toFixed(2), Math.round(corpus.workloads / m.seconds).toLocaleString("en-US"), (mb / m.seconds).toFixed(1), m.rssMb.toFixed(0), `${(m.seconds / base).toFixed(2)}×`], widths));
}
const ours = results[0]?.m;
if (ours !== undefined) {
  console.log(`targets: ≥ 8 MB/s → ${(mb / ours.seconds).toFixed(1)} MB/s ${mb / ours.seconds >= 8 ? "met" : "MISSED"}; peak RSS < 400 MB → ${ours.rssMb.toFixed(0)} MB ${ours.rssMb < 400 ? "met" : "MISSED"}`);
}

// Schema validation: its share of a full lint, and kubeconform (strict, offline schemas) on the
// same files. The all-rules runs above include it; here it is turned off to see what it costs.
const noSchema = path.join(work, "all-rules-no-schema.yaml");
writeFileSync(noSchema, `# every rule on but schema validation\nrules:\n${ALL_RULES.map((r) => `  ${r.id}: ${r.id === "schema-invalid" ? "off" : "on"}`).join("\n")}\n`);
const onlySchema = path.join(work, "schema-only.yaml");
writeFileSync(onlySchema, `# schema validation alone, as kubeconform does it\npractices:\n${[...new Set(ALL_RULES.map((r) => r.practice))].filter((p) => p !== "manifest-lint").map((p) => `  ${p}: off`).join("\n")}\n`);
const schemaResults: Array<{ name: string; m: Measure }> = [
  { name: "shipshape, all rules (one thread)", m: measure(process.execPath, [BIN, "lint", corpus.dir, "--config", allRules, "--format", "json", "--threads", "0"]) },
  { name: "shipshape, all rules but schema-invalid", m: measure(process.execPath, [BIN, "lint", corpus.dir, "--config", noSchema, "--format", "json", "--threads", "0"]) },
  { name: "shipshape, manifest-lint rules only", m: measure(process.execPath, [BIN, "lint", corpus.dir, "--config", onlySchema, "--format", "json", "--threads", "0"]) },
];
const kubeconform = tools.get("kubeconform");
const kubeconformSchemas = tools.get("kubeconform-schemas");
if (kubeconform !== undefined && kubeconformSchemas !== undefined) {
  const location = `${kubeconformSchemas.path}/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json`;
  schemaResults.push({ name: `kubeconform ${kubeconform.version} (-strict)`, m: measure(kubeconform.path, ["-strict", "-summary", "-schema-location", location, corpus.dir]) });
} else {
  console.log("  kubeconform: not measured (see the reason above)");
}
const schemaBase = schemaResults[2]?.m.seconds ?? 1;
console.log(`\nschema validation on the same corpus (median of ${RUNS} runs)`);
console.log(row(["run", "wall s", "peak MB", "time vs schema-only"], [44, 8, 10, 20]));
for (const { name, m } of schemaResults) console.log(row([name, m.seconds.toFixed(2), m.rssMb.toFixed(0), `${(m.seconds / schemaBase).toFixed(2)}×`], [44, 8, 10, 20]));
const withSchema = schemaResults[0]?.m.seconds;
const withoutSchema = schemaResults[1]?.m.seconds;
if (withSchema !== undefined && withoutSchema !== undefined) {
  const added = withSchema / withoutSchema - 1;
  console.log(`target: validation adds ≤ 30% to a full lint → ${(added * 100).toFixed(0)}% ${added <= 0.3 ? "met" : "MISSED"}`);
}

// One small file, start-up included: what a pre-commit hook or an editor pays.
const small = path.join(root, "examples/shop/web.yaml");
const smallRuns = 10;
const smallResults: Array<{ name: string; m: Measure }> = [{ name: "shipshape", m: measure(process.execPath, [BIN, "lint", small, "--config", allRules], smallRuns) }];
if (kubeScore !== undefined) smallResults.push({ name: "kube-score", m: measure(kubeScore.path, ["score", "--all-default-optional", small], smallRuns) });
// How busy the machine is right now: Node starting and doing nothing, in the same run.
smallResults.push({ name: "node -e 0", m: measure(process.execPath, ["-e", "0"], smallRuns) });
console.log(`\none small file (${path.relative(root, small)}), median of ${smallRuns} runs, start-up included, every rule on (schema validation too)`);
// GNU time reports wall time in hundredths of a second.
for (const { name, m } of smallResults) console.log(`  ${name.padEnd(12)} ${m.seconds < 0.01 ? "  <10" : (m.seconds * 1000).toFixed(0).padStart(5)} ms  peak ${m.rssMb.toFixed(0)} MB`);
const smallOurs = smallResults[0]?.m;
if (smallOurs !== undefined) console.log(`target: < 250 ms → ${(smallOurs.seconds * 1000).toFixed(0)} ms ${smallOurs.seconds < 0.25 ? "met" : "MISSED"}`);

// Cross-resource rules against single-object rules on the same run: the index must keep the
// whole run linear, and the cross-resource rules cheaper than half the single-object ones.
const cross = crossResourceCorpus(work);
const crossRuns: Array<{ object: number; index: number; wall: number }> = [];
for (let i = 0; i < RUNS; i++) {
  const result = spawnSync(process.execPath, [BIN, "lint", cross.dir, "--config", allRules, "--format", "json", "--stats", "--threads", "0"], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "pipe"] });
  const match = /in ([\d.]+) s; object rules ([\d.]+) s, cross-resource rules ([\d.]+) s/.exec(result.stderr ?? "");
  if (match === null) throw new Error(`no stats from the cross-resource run: ${result.stderr}`);
  crossRuns.push({ wall: Number(match[1]), object: Number(match[2]), index: Number(match[3]) });
}
crossRuns.sort((a, b) => a.wall - b.wall);
const median = crossRuns[Math.floor(crossRuns.length / 2)] as { object: number; index: number; wall: number };
console.log(`\ncross-resource corpus: ${cross.files.length} namespaces, 10,000 workloads, 10,000 Services, 2,000 PodDisruptionBudgets, 2,000 NetworkPolicies, ${(cross.bytes / 1e6).toFixed(1)} MB (one thread, median of ${RUNS})`);
console.log(`  whole lint ${median.wall.toFixed(2)} s; single-object rules ${median.object.toFixed(2)} s; cross-resource rules ${median.index.toFixed(2)} s`);
const ratio = median.index / median.object;
console.log(`target: cross-resource < half of single-object → ${(ratio * 100).toFixed(0)}% ${ratio < 0.5 ? "met" : "MISSED"}`);
