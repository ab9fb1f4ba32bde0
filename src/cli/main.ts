// The command line: parse, dispatch, set the exit code. Each command lives in its own module.
import { Command, CommanderError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { lintCommand } from "./lint.js";
import { explainCommand, rulesCommand } from "./rules.js";
import { EXIT_USAGE } from "./exit-codes.js";

const program = new Command();
program
  .name("shipshape")
  .description("Keeps Kubernetes manifests in line with proven best practices.")
  .version(packageJson.version, "-V, --version")
  .showHelpAfterError()
  .exitOverride();

program
  .command("lint")
  .description("check manifests (files, folders, - for standard input) against every practice")
  .argument("[paths...]", "files and folders to check (folders: *.yaml, *.yml, *.json, recursively); - reads standard input", ["."])
  .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
  .option("-c, --config <file>", "configuration file (default: the nearest .shipshape.yaml upward)")
  .option("--no-config", "ignore configuration files")
  .addOption(new Option("--fail-on <severity>", "lowest severity that fails the run (default: error, or failOn in the configuration)").choices(["error", "warning", "info", "none"]))
  .option("--exclude <glob...>", "skip paths matching these globs (relative to the working directory)")
  .option("--image-scan <file...>", "Trivy or Grype JSON reports to map onto the workloads")
  .option("--crds <path...>", "CustomResourceDefinitions or JSON Schema files (files, folders) for custom resources, besides those in the input")
  .option("--kube-version <version>", "Kubernetes version the manifests are for, e.g. 1.33 (default: kubeVersion in the configuration, or the newest known)")
  .option("--server-dry-run", "also send every object to the API server with dryRun=All and report what it refuses or warns about")
  .option("--kubeconfig <file>", "with --server-dry-run: kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
  .option("--context <name>", "with --server-dry-run: kubeconfig context (default: the current one)")
  .option("--show-suppressed", "also list findings silenced by exemptions (text format)")
  .option("--stats", "print timing and peak memory to standard error")
  .option("--color", "force colours")
  .option("--no-color", "never use colours")
  .addOption(new Option("--threads <n>", "worker threads (default: automatic)").argParser((v) => Number.parseInt(v, 10)).hideHelp())
  .action(async (paths: string[], options) => {
    process.exitCode = await lintCommand(paths, options);
  });

program
  .command("scan")
  .description("check the objects of a live cluster (read-only) against every practice")
  .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
  .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
  .option("--context <name>", "kubeconfig context (default: the current one)")
  .option("-n, --namespace <name>", "only this namespace (default: every namespace and the cluster-scoped objects)")
  .option("-A, --all-namespaces", "every namespace (the default)")
  .option("-l, --selector <selector>", "only objects with these labels (kubectl syntax, e.g. app=web,tier!=cache)")
  .option("-c, --config <file>", "configuration file (default: the nearest .shipshape.yaml upward)")
  .option("--no-config", "ignore configuration files")
  .addOption(new Option("--fail-on <severity>", "lowest severity that fails the run (default: error, or failOn in the configuration)").choices(["error", "warning", "info", "none"]))
  .option("--kube-version <version>", "judge for this Kubernetes version instead of the server's own")
  .option("--image-scan <file...>", "Trivy or Grype JSON reports to map onto the workloads")
  .option("--crds <path...>", "extra CustomResourceDefinitions or JSON Schema files (the cluster's own CRDs are read anyway)")
  .addOption(new Option("--request-timeout <seconds>", "give up on one API request after this long").argParser((v) => Number.parseInt(v, 10)).default(30))
  .option("--show-suppressed", "also list findings silenced by exemptions (text format)")
  .option("--stats", "print the number of requests and the time spent reading and checking to standard error")
  .option("--color", "force colours")
  .option("--no-color", "never use colours")
  .action(async (options) => {
    // Loaded only here: the Kubernetes client is not part of lint's start-up.
    const { scanCommand } = await import("./scan.js");
    process.exitCode = await scanCommand(options);
  });

program
  .command("rules")
  .description("list every rule with its practice and default severity")
  .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
  .action((options: { format: "text" | "json" }) => {
    process.exitCode = rulesCommand(options);
  });

program
  .command("explain")
  .description("print the documentation of a rule")
  .argument("<rule>", "rule id, as `shipshape rules` lists them")
  .action((rule: string) => {
    process.exitCode = explainCommand(rule);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are successes; every other parsing problem is a usage error.
    process.exitCode = error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : EXIT_USAGE;
  } else {
    process.stderr.write(`shipshape: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  }
}
