// The command line: parse, dispatch, set the exit code. Each command lives in its own module.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { lintCommand } from "./lint.js";
import { explainCommand, rulesCommand } from "./rules.js";
import { addRbacCommand } from "./rbac.js";
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

const positiveInt = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number");
  return n;
};

program
  .command("serve")
  .description("run the validating admission webhook (or print its ValidatingWebhookConfiguration with --print-config)")
  .addOption(new Option("--tls-cert <file>", "serving certificate (PEM); re-read when it changes").env("SHIPSHAPE_TLS_CERT"))
  .addOption(new Option("--tls-key <file>", "its private key (PEM)").env("SHIPSHAPE_TLS_KEY"))
  .addOption(new Option("--host <address>", "address to listen on").env("SHIPSHAPE_HOST").default("0.0.0.0"))
  .addOption(new Option("--port <port>", "HTTPS port for admission reviews (/validate) and health (/_/healthz, /_/ready)").env("SHIPSHAPE_PORT").argParser(positiveInt).default(8443))
  .addOption(new Option("--metrics-port <port>", "plain-HTTP port of /metrics (Prometheus)").env("SHIPSHAPE_METRICS_PORT").argParser(positiveInt).default(9090))
  .addOption(new Option("-c, --config <file>", "configuration file (default: the nearest .shipshape.yaml upward)").env("SHIPSHAPE_CONFIG"))
  .option("--no-config", "ignore configuration files")
  .addOption(new Option("--kubeconfig <file>", "kubeconfig for the cross-resource cache (default: in-cluster, $KUBECONFIG or ~/.kube/config)").env("SHIPSHAPE_KUBECONFIG"))
  .addOption(new Option("--context <name>", "kubeconfig context").env("SHIPSHAPE_CONTEXT"))
  .option("--no-cluster", "do not read the cluster: cross-resource rules are left out")
  .addOption(new Option("--discovery-interval <seconds>", "how often to ask the API server what it serves, to follow kinds installed later (KEDA's ScaledObject)").env("SHIPSHAPE_DISCOVERY_INTERVAL").argParser(positiveInt).default(60))
  .addOption(new Option("--shutdown-timeout <seconds>", "on SIGTERM, how long to finish reviews in flight").env("SHIPSHAPE_SHUTDOWN_TIMEOUT").argParser(positiveInt).default(25))
  .addOption(new Option("--max-body-bytes <bytes>", "largest admission review accepted").env("SHIPSHAPE_MAX_BODY_BYTES").argParser(positiveInt).default(4 * 1024 * 1024))
  .addOption(new Option("--request-timeout <seconds>", "how long a client may take to send its request").env("SHIPSHAPE_REQUEST_TIMEOUT").argParser(positiveInt).default(10))
  .option("--print-config", "print the ValidatingWebhookConfiguration for this webhook and exit")
  .addOption(new Option("--webhook-name <name>", "with --print-config: the configuration's name").default("shipshape"))
  .addOption(new Option("--service-name <name>", "with --print-config: the Service in front of the webhook").default("shipshape"))
  .addOption(new Option("--service-namespace <name>", "with --print-config: its namespace (also excluded from review)").default("shipshape"))
  .addOption(new Option("--service-port <port>", "with --print-config: its port").argParser(positiveInt).default(443))
  .option("--url <url>", "with --print-config: call this URL instead of a Service (a webhook outside the cluster)")
  .option("--ca-bundle <file>", "with --print-config: PEM of the CA that signed the serving certificate")
  .addOption(new Option("--failure-policy <policy>", "with --print-config: what the API server does when the webhook cannot answer").choices(["Fail", "Ignore"]).default("Fail"))
  .addOption(new Option("--timeout-seconds <seconds>", "with --print-config: how long the API server waits for an answer").argParser(positiveInt).default(5))
  .action(async (options) => {
    const { serveCommand } = await import("./serve.js");
    process.exitCode = await serveCommand(options);
  });

addRbacCommand(program);

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

async function run(): Promise<void> {
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
}

void run();
