// `shipshape scan`: flags → read the cluster → the same rules as lint → report and exit code.
import packageJson from "../../package.json" with { type: "json" };
import { reachesThreshold, type FailThreshold, type Note } from "../engine/findings.js";
import { loadConfig } from "../input/config-file.js";
import { kubeVersionFlag, loadSideInputs } from "./side-inputs.js";
import { jsonChunks } from "../report/json.js";
import { textChunks } from "../report/text.js";
import { ALL_RULES } from "../rules/index.js";
import { ApiError, ClusterConnection, ClusterUnavailable } from "../cluster/connection.js";
import { describeTarget, runScan } from "../cluster/scan.js";
import { useColor } from "./color.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { writeChunks } from "./write.js";
import { progressIndicator } from "./progress.js";

export interface ScanFlags {
  readonly format: "text" | "json";
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly selector?: string;
  readonly config?: string | false;
  readonly failOn?: FailThreshold;
  readonly kubeVersion?: string;
  readonly imageScan?: string[];
  readonly crds?: string[];
  readonly showSuppressed?: boolean;
  readonly color?: boolean;
  readonly stats?: boolean;
  readonly requestTimeout?: number;
}

export async function scanCommand(flags: ScanFlags): Promise<number> {
  if (flags.namespace !== undefined && flags.allNamespaces === true) {
    process.stderr.write("shipshape: --namespace and --all-namespaces exclude each other\n");
    return EXIT_USAGE;
  }
  const cwd = process.cwd();
  const loaded = await loadConfig(ALL_RULES, cwd, typeof flags.config === "string" ? flags.config : undefined, flags.config !== false);
  if (!loaded.ok) {
    for (const message of loaded.messages) process.stderr.write(`shipshape: ${message}\n`);
    process.stderr.write("shipshape: the configuration is invalid; nothing was checked\n");
    return EXIT_USAGE;
  }
  const { config, dir } = loaded;
  // Given: the target; otherwise the server's own version is.
  const { version: kubeVersion, problem } = kubeVersionFlag(flags.kubeVersion);
  if (problem !== undefined) {
    process.stderr.write(`shipshape: ${problem}\n`);
    return EXIT_USAGE;
  }
  const side = await loadSideInputs(config, dir, cwd, flags);
  if (side.problems.length > 0) {
    for (const message of side.problems) process.stderr.write(`shipshape: ${message}\n`);
    return EXIT_USAGE;
  }

  let connection: ClusterConnection;
  try {
    connection = ClusterConnection.open({
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(flags.requestTimeout !== undefined ? { timeoutSeconds: flags.requestTimeout } : {}),
    });
  } catch (error) {
    process.stderr.write(`shipshape: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }

  const quiet = flags.format === "json" || process.env.CI !== undefined || process.stderr.isTTY !== true;
  const indicator = progressIndicator({ enabled: !quiet });
  let outcome: Awaited<ReturnType<typeof runScan>>;
  try {
    outcome = await runScan({
      connection,
      config,
      ...(kubeVersion !== undefined ? { kubeVersion } : {}),
      ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
      ...(flags.selector !== undefined ? { labelSelector: flags.selector } : {}),
      imageScans: side.imageScans,
      customSchemas: side.customSchemas,
      onProgress: indicator.update,
    });
  } catch (error) {
    indicator.clear();
    if (error instanceof ClusterUnavailable) process.stderr.write(`shipshape: ${error.message}\n`);
    else if (error instanceof ApiError) process.stderr.write(`shipshape: the API server of ${connection.describe()} refused ${error.path}: ${error.message}\n`);
    else throw error;
    return EXIT_USAGE;
  }
  indicator.clear();

  const notes: Note[] = [...outcome.notes, ...outcome.warnings.map((message): Note => ({ level: "warning", message }))];
  if (flags.stats === true) {
    process.stderr.write(
      `shipshape stats: ${outcome.summary.resources} objects (${outcome.owned} more reported at their controller) in ${outcome.requests} requests; reading ${(outcome.readMillis / 1000).toFixed(3)} s, checking ${(outcome.checkMillis / 1000).toFixed(3)} s\n`,
    );
  }
  const report = { ...outcome, notes };
  if (flags.format === "json") {
    await writeChunks(process.stdout, jsonChunks({ ...report, toolVersion: packageJson.version }));
    for (const note of notes) if (note.level !== "note") process.stderr.write(`shipshape: ${note.level === "warning" ? "warning: " : ""}${note.message}\n`);
  } else {
    await writeChunks(
      process.stdout,
      textChunks({
        ...report,
        color: useColor(process.stdout, flags.color),
        showSuppressed: flags.showSuppressed === true,
        unplacedHeading: `cluster ${connection.describe()}, ${describeTarget(outcome)}`,
        scope: `${outcome.summary.resources} object${outcome.summary.resources === 1 ? "" : "s"} in ${connection.describe()}${outcome.owned > 0 ? ` (and ${outcome.owned} reported at their controller)` : ""}`,
      }),
    );
  }
  if (outcome.incomplete) return EXIT_USAGE;
  const threshold = flags.failOn ?? config.failOn;
  return outcome.findings.some((f) => reachesThreshold(f.severity, threshold)) ? EXIT_FINDINGS : EXIT_OK;
}
