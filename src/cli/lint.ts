// `shipshape lint`: flags → a lint run → a report and an exit code.
import packageJson from "../../package.json" with { type: "json" };
import { compareFindings, reachesThreshold, summarize, type FailThreshold, type Finding } from "../engine/findings.js";
import type { ResolvedConfig } from "../engine/config.js";
import { positionedObjects } from "../input/positioned-objects.js";
import { loadConfig } from "../input/config-file.js";
import { runLint } from "../input/run-lint.js";
import { jsonChunks } from "../report/json.js";
import { textChunks } from "../report/text.js";
import { writeChunks } from "./write.js";
import { ALL_RULES } from "../rules/index.js";
import { useColor } from "./color.js";
import { kubeVersionFlag, loadSideInputs } from "./side-inputs.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export interface LintFlags {
  readonly format: "text" | "json";
  /** A path, or false with --no-config. */
  readonly config?: string | false;
  readonly failOn?: FailThreshold;
  readonly exclude?: string[];
  readonly imageScan?: string[];
  readonly showSuppressed?: boolean;
  readonly color?: boolean;
  readonly threads?: number;
  readonly stats?: boolean;
  readonly kubeVersion?: string;
  readonly crds?: string[];
  readonly serverDryRun?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export async function lintCommand(paths: readonly string[], flags: LintFlags): Promise<number> {
  const started = performance.now();
  const cwd = process.cwd();
  const loaded = await loadConfig(ALL_RULES, cwd, typeof flags.config === "string" ? flags.config : undefined, flags.config !== false);
  if (!loaded.ok) {
    for (const message of loaded.messages) process.stderr.write(`shipshape: ${message}\n`);
    process.stderr.write("shipshape: the configuration is invalid; nothing was checked\n");
    return EXIT_USAGE;
  }
  const { dir } = loaded;
  const target = kubeVersionFlag(flags.kubeVersion);
  if (target.problem !== undefined) {
    process.stderr.write(`shipshape: ${target.problem}\n`);
    return EXIT_USAGE;
  }
  const config = target.version !== undefined ? { ...loaded.config, kubeVersion: target.version } : loaded.config;
  const side = await loadSideInputs(config, dir, cwd, flags);
  if (side.problems.length > 0) {
    for (const message of side.problems) process.stderr.write(`shipshape: ${message}\n`);
    return EXIT_USAGE;
  }

  const lintOutcome = await runLint({
    paths,
    cwd,
    config,
    configDir: dir,
    imageScans: side.imageScans,
    customSchemas: side.customSchemas,
    exclude: flags.exclude ?? [],
    threads: flags.threads ?? "auto",
  });

  let outcome = lintOutcome;
  if (flags.serverDryRun === true) {
    const dryRun = await dryRunFindings(outcome.fileList, cwd, config, flags);
    if (dryRun === undefined) return EXIT_USAGE;
    const findings = [...outcome.findings, ...dryRun].sort(compareFindings);
    outcome = { ...outcome, findings, summary: summarize(findings, outcome.summary.resources, outcome.summary.files, outcome.summary.suppressed) };
  }
  const threshold = flags.failOn ?? config.failOn;
  if (flags.stats === true) {
    const seconds = (performance.now() - started) / 1000;
    // maxRSS is in kilobytes and covers the worker threads too.
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const rules = outcome.ruleMillis;
    process.stderr.write(
      `shipshape stats: ${outcome.files} files, ${outcome.summary.resources} resources, ${outcome.summary.findings} findings in ${seconds.toFixed(3)} s; ` +
        `object rules ${(rules.object / 1000).toFixed(3)} s, cross-resource rules ${(rules.index / 1000).toFixed(3)} s; peak RSS ${peakMb.toFixed(0)} MB\n`,
    );
  }
  if (flags.format === "json") {
    await writeChunks(process.stdout, jsonChunks({ ...outcome, toolVersion: packageJson.version }));
    // Problems with the input also go to stderr, where a CI log shows them next to the exit code.
    for (const note of outcome.notes) if (note.level === "error") process.stderr.write(`shipshape: ${note.file !== undefined ? `${note.file}: ` : ""}${note.message}\n`);
  } else {
    await writeChunks(process.stdout, textChunks({ ...outcome, color: useColor(process.stdout, flags.color), showSuppressed: flags.showSuppressed === true }));
  }
  if (outcome.incomplete) return EXIT_USAGE;
  return outcome.findings.some((f) => reachesThreshold(f.severity, threshold)) ? EXIT_FINDINGS : EXIT_OK;
}

/** The server's verdict on every object of the files (--server-dry-run); undefined after a message when the cluster cannot be used. */
async function dryRunFindings(files: readonly string[], cwd: string, config: ResolvedConfig, flags: LintFlags): Promise<Finding[] | undefined> {
  // Loaded only here: the Kubernetes client is not part of lint's start-up.
  const { ClusterConnection, ClusterUnavailable, ApiError } = await import("../cluster/connection.js");
  const { serverDryRun } = await import("../cluster/dry-run.js");
  const severities = new Map(config.rules.map((r) => [r.rule.id, r.severity]));
  const practices = new Map(ALL_RULES.map((r) => [r.id, r.practice]));
  try {
    const connection = ClusterConnection.open({ ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context !== undefined ? { context: flags.context } : {}) });
    const objects = await positionedObjects(files, cwd);
    return await serverDryRun(connection, objects, { severity: (id) => severities.get(id), practice: (id) => practices.get(id) ?? "manifest-lint" }, connection.namespace);
  } catch (error) {
    if (error instanceof ClusterUnavailable || error instanceof ApiError) {
      process.stderr.write(`shipshape: --server-dry-run: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}
