// How fast each YAML (and JSON) parser reads the benchmark corpus: the measurement behind
// choosing js-yaml with a position listener (docs/performance.md). Run: npm run bench:parsers
import { readFileSync } from "node:fs";
import jsyaml from "js-yaml";
import YAML from "yaml";
import { splitDocuments } from "../src/input/documents.js";
import { parseYamlDocument } from "../src/input/yaml.js";
import { workloadCorpus } from "./corpus.js";
import path from "node:path";

const corpus = workloadCorpus(path.resolve(import.meta.dirname, "../.bench"));
const texts = corpus.files.map((f) => readFileSync(f, "utf8"));
const mb = corpus.bytes / 1e6;
const json = texts.map((t) => JSON.stringify(jsyaml.loadAll(t)));
const jsonMb = json.reduce((a, t) => a + t.length, 0) / 1e6;

function measure(name: string, megabytes: number, run: () => void): void {
  run(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  const seconds = times[1] as number;
  console.log(`${name.padEnd(58)} ${(megabytes / seconds).toFixed(1).padStart(6)} MB/s`);
}

console.log(`corpus: ${corpus.files.length} files, ${mb.toFixed(1)} MB of YAML (median of 3 runs after a warm-up)`);
measure("yaml (eemeli) parseAllDocuments: documents with positions", mb, () => texts.forEach((t) => YAML.parseAllDocuments(t)));
measure("yaml (eemeli) Parser: concrete syntax tree only", mb, () => texts.forEach((t) => [...new YAML.Parser().parse(t)]));
measure("js-yaml loadAll: values, no positions", mb, () => texts.forEach((t) => jsyaml.loadAll(t)));
measure("shipshape: split + js-yaml per document + source map", mb, () => texts.forEach((t) => splitDocuments(t).forEach((c) => parseYamlDocument(c.text))));
measure("JSON.parse of the same objects (as JSON)", jsonMb, () => json.forEach((t) => JSON.parse(t)));
