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
  .option("--show-suppressed", "also list findings silenced by exemptions (text format)")
  .option("--stats", "print timing and peak memory to standard error")
  .option("--color", "force colours")
  .option("--no-color", "never use colours")
  .addOption(new Option("--threads <n>", "worker threads (default: automatic)").argParser((v) => Number.parseInt(v, 10)).hideHelp())
  .action(async (paths: string[], options) => {
    process.exitCode = await lintCommand(paths, options);
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
