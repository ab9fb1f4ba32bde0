// `shipshape rbac who-can` and `shipshape rbac can`: RBAC questions answered by the evaluator
// (src/model/rbac/) from the roles and bindings of manifests or of a live cluster.
import { Command, Option } from "commander";
import { describeFsError, discoverInputs, displayPath } from "../input/discover.js";
import { decodeText } from "../input/decode.js";
import { isBlankDocument, splitDocuments } from "../input/documents.js";
import { readBytes } from "../input/read.js";
import { parseYamlDocument } from "../input/yaml.js";
import { asObject, asString, isObject } from "../model/json.js";
import { isKubeObject, type KubeObject } from "../model/object.js";
import {
  builtInGroupsOf,
  describeRequest,
  describeResource,
  describeRule,
  describeSubject,
  isRbacObject,
  parseSubject,
  RbacPolicy,
  type AccessRequest,
  type BindingRecord,
  type EffectiveRule,
  type Grant,
  type Holder,
  type Identity,
  type RoleRecord,
  type Subject,
} from "../model/rbac/index.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

/** Where an object of the input was read: a file and line, or a cluster. */
interface Origin {
  readonly file?: string;
  readonly line?: number;
}

interface InputFlags {
  readonly format: "text" | "json";
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: boolean;
  readonly requestTimeout?: number;
}

interface WhoCanFlags extends InputFlags {
  readonly namespace?: string;
  readonly subresource?: string;
  readonly name?: string;
}

interface CanFlags extends InputFlags {
  readonly namespace?: string;
  readonly group?: string[];
}

/** A failure that ends the command with exit 2 and this message. */
class UsageError extends Error {}

/** What the input gives: its RBAC objects, the resources it knows of, and words for where it came from. */
interface Loaded {
  readonly policy: RbacPolicy<Origin>;
  /** plural → groups serving it (discovery, CRDs of the input, then the built-in resources). */
  readonly groupsOf: (resource: string) => string[];
  readonly source: { readonly kind: "files"; readonly files: number; readonly objects: number } | { readonly kind: "cluster"; readonly context: string; readonly server: string; readonly objects: number };
}

export function addRbacCommand(program: Command): void {
  const rbac = program.command("rbac").description("answer RBAC questions (who can do what) from manifests or a live cluster");
  const inputOptions = (command: Command) =>
    command
      .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--cluster", "read the roles and bindings of the cluster of the current kubeconfig context instead of files")
      .option("--kubeconfig <file>", "read a cluster through this kubeconfig (implies --cluster)")
      .option("--context <name>", "kubeconfig context (implies --cluster)")
      .addOption(new Option("--request-timeout <seconds>", "give up on one API request after this long").argParser((v) => Number.parseInt(v, 10)).default(30));
  inputOptions(
    rbac
      .command("who-can")
      .description("list the subjects that may make a request, and through which binding")
      .argument("<verb>", "get, list, create, delete, impersonate, … (or * )")
      .argument("<resource>", "secrets, deployments.apps, pods/exec, or a non-resource URL such as /metrics")
      .argument("[paths...]", "manifest files and folders (default: the working directory), - for standard input")
      .option("-n, --namespace <name>", "a request in this namespace (default: cluster-wide, and each namespace's own RoleBindings)")
      .option("--subresource <name>", "a subresource (exec, log, scale, status, …)")
      .option("--name <name>", "a request on the object of this name"),
  ).action(async (verb: string, resource: string, paths: string[], flags: WhoCanFlags) => {
    process.exitCode = await run(() => whoCan(verb, resource, paths, flags));
  });
  inputOptions(
    rbac
      .command("can")
      .description("list what a subject may do, and through which binding (groups included)")
      .argument("<subject>", "user:NAME, group:NAME, serviceaccount:NAMESPACE:NAME or system:serviceaccount:NAMESPACE:NAME")
      .argument("[paths...]", "manifest files and folders (default: the working directory), - for standard input")
      .option("-n, --namespace <name>", "what it may do in this namespace (default: cluster-wide, and in each namespace)")
      .option("--group <name...>", "groups the user is in besides those every identity of its kind has (RBAC objects cannot tell)"),
  ).action(async (subject: string, paths: string[], flags: CanFlags) => {
    process.exitCode = await run(() => can(subject, paths, flags));
  });
}

async function run(work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`shipshape: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

// ---- input ---------------------------------------------------------------------------------

async function load(paths: readonly string[], flags: InputFlags): Promise<Loaded> {
  const live = flags.cluster === true || flags.kubeconfig !== undefined || flags.context !== undefined;
  if (live && paths.length > 0) throw new UsageError("give either manifest paths or a cluster (--cluster, --kubeconfig, --context), not both");
  return live ? loadCluster(flags) : loadFiles(paths.length > 0 ? paths : ["."]);
}

async function loadFiles(paths: readonly string[]): Promise<Loaded> {
  const cwd = process.cwd();
  const discovered = await discoverInputs(paths, cwd, []);
  const problems = discovered.problems.map((p) => `cannot read ${p.path}: ${p.message}`);
  const objects: Array<{ object: KubeObject; source: Origin }> = [];
  const crdGroups = new Map<string, string[]>();
  for (const absolute of discovered.files) {
    const file = displayPath(absolute, cwd);
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(absolute);
    } catch (error) {
      problems.push(`cannot read ${file}: ${describeFsError(error)}`);
      continue;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      problems.push(`cannot read ${file}: ${decoded.reason}`);
      continue;
    }
    for (const chunk of splitDocuments(decoded.text)) {
      if (isBlankDocument(chunk.text)) continue;
      const parsed = parseYamlDocument(chunk.text);
      if (!parsed.ok) {
        const at = parsed.map.positionOf(parsed.problem.offset);
        problems.push(`${file}:${chunk.line + at.line}:${at.column}: YAML syntax error: ${parsed.problem.message}`);
        continue;
      }
      if (!isObject(parsed.value)) continue;
      const value = parsed.value;
      const items = typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items) ? value.items.map((item, i) => ({ item, base: ["items", i] })) : [{ item: value as unknown, base: [] as Array<string | number> }];
      for (const { item, base } of items) {
        if (!isKubeObject(item)) continue;
        if (item.kind === "CustomResourceDefinition") addCrd(crdGroups, item);
        if (!isRbacObject(item)) continue;
        objects.push({ object: item, source: { file, line: chunk.line + parsed.map.locate(base).line } });
      }
    }
  }
  if (problems.length > 0) throw new UsageError(`${problems.join("\nshipshape: ")}\nshipshape: the RBAC objects of the input could not all be read; no answer is given, since it could be incomplete`);
  if (objects.length === 0) process.stderr.write("shipshape: note: the input holds no Role, ClusterRole or binding; the answer comes from the API server's default roles and bindings alone\n");
  return {
    policy: RbacPolicy.fromObjects(objects),
    groupsOf: (resource) => [...(crdGroups.get(resource) ?? []), ...builtInGroupsOf(resource)],
    source: { kind: "files", files: discovered.files.length, objects: objects.length },
  };
}

function addCrd(groups: Map<string, string[]>, crd: KubeObject): void {
  const spec = asObject(crd.spec);
  const group = asString(spec?.group);
  const plural = asString(asObject(spec?.names)?.plural);
  if (group === undefined || plural === undefined) return;
  groups.set(plural, [...(groups.get(plural) ?? []), group]);
}

async function loadCluster(flags: InputFlags): Promise<Loaded> {
  // Loaded only here: the Kubernetes client is not part of start-up for files.
  const { ClusterConnection, ClusterUnavailable, ApiError } = await import("../cluster/connection.js");
  const { discover } = await import("../cluster/discovery.js");
  const { ClusterReader } = await import("../cluster/read.js");
  try {
    const connection = ClusterConnection.open({
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(flags.requestTimeout !== undefined ? { timeoutSeconds: flags.requestTimeout } : {}),
    });
    const discovery = await discover(connection);
    const rbacResources = discovery.resources.filter((r) => r.group === "rbac.authorization.k8s.io" && ["roles", "clusterroles", "rolebindings", "clusterrolebindings"].includes(r.resource));
    if (rbacResources.length < 4) throw new UsageError(`the API server of ${connection.describe()} does not serve the RBAC API (rbac.authorization.k8s.io/v1)`);
    const read = await new ClusterReader(connection).read(rbacResources, {});
    if (read.warnings.length > 0) {
      throw new UsageError(`${read.warnings.join("\nshipshape: ")}\nshipshape: the RBAC objects of ${connection.describe()} could not all be read; no answer is given, since it could be incomplete`);
    }
    const groups = new Map<string, string[]>();
    for (const r of discovery.resources) groups.set(r.resource, [...(groups.get(r.resource) ?? []), r.group]);
    return {
      // The cluster holds the API server's defaults itself (it writes them at start-up).
      policy: RbacPolicy.fromObjects(
        read.objects.map((object) => ({ object, source: {} })),
        { builtIns: false },
      ),
      groupsOf: (resource) => {
        const served = groups.get(resource) ?? [];
        // The core group first, as kubectl resolves a bare name; then what RBAC alone knows (users, groups).
        return [...served.filter((g) => g === ""), ...served.filter((g) => g !== ""), ...builtInGroupsOf(resource)];
      },
      source: { kind: "cluster", context: connection.context, server: connection.server, objects: read.objects.length },
    };
  } catch (error) {
    if (error instanceof ClusterUnavailable) throw new UsageError(error.message);
    if (error instanceof ApiError) throw new UsageError(`the API server refused ${error.path}: ${error.message}`);
    throw error;
  }
}

// ---- who-can -------------------------------------------------------------------------------

/** `secrets`, `deployments.apps`, `pods/exec`, `deployments.apps/scale`, `/metrics` → a request (without namespace). */
export function parseResource(text: string, groupsOf: (resource: string) => string[], flags: { subresource?: string; name?: string }): { request: AccessRequest } | { problem: string } {
  if (text.startsWith("/")) return { request: { type: "non-resource", verb: "", path: text } };
  const slash = text.indexOf("/");
  const resourcePart = slash === -1 ? text : text.slice(0, slash);
  const subresource = slash === -1 ? flags.subresource : text.slice(slash + 1);
  if (slash !== -1 && flags.subresource !== undefined && flags.subresource !== subresource) return { problem: `"${text}" names the subresource "${subresource}" and --subresource says "${flags.subresource}"` };
  const dot = resourcePart.indexOf(".");
  let resource = resourcePart;
  let group: string | undefined;
  if (dot !== -1) {
    resource = resourcePart.slice(0, dot);
    group = resourcePart.slice(dot + 1);
  } else if (resource === "*") group = "*";
  else {
    group = groupsOf(resource)[0];
    if (group === undefined) return { problem: `unknown resource "${resource}": name its API group too (e.g. ${resource}.example.com), or give the plural name the API serves (pods, deployments, …)` };
  }
  if (resource === "") return { problem: `"${text}" names no resource` };
  return {
    request: {
      type: "resource",
      verb: "",
      group,
      resource,
      ...(subresource !== undefined && subresource !== "" ? { subresource } : {}),
      ...(flags.name !== undefined ? { name: flags.name } : {}),
    },
  };
}

interface HolderRow {
  readonly subject: Subject;
  /** undefined: cluster-wide (a ClusterRoleBinding); otherwise the RoleBinding's namespace. */
  readonly namespace: string | undefined;
  readonly holder: Holder<Origin>;
}

async function whoCan(verb: string, resourceText: string, paths: readonly string[], flags: WhoCanFlags): Promise<void> {
  const loaded = await load(paths, flags);
  const parsed = parseResource(resourceText, loaded.groupsOf, flags);
  if ("problem" in parsed) throw new UsageError(parsed.problem);
  const base = parsed.request;
  if (base.type === "non-resource" && (flags.namespace !== undefined || flags.name !== undefined || flags.subresource !== undefined)) {
    throw new UsageError("a non-resource URL has no namespace, name or subresource");
  }
  const request: AccessRequest = base.type === "resource" ? { ...base, verb, ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}) } : { ...base, verb };

  const rows: HolderRow[] = [];
  if (request.type === "resource" && flags.namespace === undefined) {
    // Cluster-wide holders, then those who hold it in some namespaces only.
    for (const holder of loaded.policy.whoCan(request)) rows.push({ subject: holder.subject, namespace: undefined, holder });
    for (const namespace of loaded.policy.bindingNamespaces()) {
      for (const holder of loaded.policy.whoCan({ ...request, namespace })) {
        if (holder.binding.kind === "RoleBinding") rows.push({ subject: holder.subject, namespace, holder });
      }
    }
  } else {
    for (const holder of loaded.policy.whoCan(request)) rows.push({ subject: holder.subject, namespace: holder.binding.kind === "RoleBinding" ? holder.binding.namespace : undefined, holder });
  }

  if (flags.format === "json") {
    const question =
      request.type === "resource"
        ? { verb, group: request.group, resource: request.resource, ...(request.subresource !== undefined ? { subresource: request.subresource } : {}), ...(request.name !== undefined ? { name: request.name } : {}), ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}) }
        : { verb, nonResourceURL: request.path };
    process.stdout.write(
      `${JSON.stringify(
        {
          question,
          source: loaded.source,
          holders: rows.map((row) => ({
            subject: subjectJson(row.subject),
            scope: row.namespace === undefined ? "cluster" : "namespace",
            ...(row.namespace !== undefined ? { namespace: row.namespace } : {}),
            binding: objectJson(row.holder.binding),
            role: objectJson(row.holder.role),
            rule: ruleJson(row.holder.rule),
          })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const out: string[] = [];
  const what =
    request.type === "resource" && flags.namespace === undefined
      ? `${verb} ${describeResource(request.group, request.resource, request.subresource)}${request.name !== undefined ? ` named "${request.name}"` : ""} (cluster-wide, or in a namespace)`
      : describeRequest(request);
  out.push(`Who can ${what}, according to ${describeSource(loaded)}:`);
  const cluster = rows.filter((r) => r.namespace === undefined);
  const namespaced = rows.filter((r) => r.namespace !== undefined);
  if (rows.length === 0) out.push("  nobody");
  const table = (list: readonly HolderRow[]) => {
    const width = Math.min(48, Math.max(...list.map((r) => describeSubject(r.subject).length)));
    for (const row of list) out.push(`  ${describeSubject(row.subject).padEnd(width)}  ${describeThrough(row.holder.binding, row.holder.role, row.holder.rule)}`);
  };
  if (cluster.length > 0) {
    if (namespaced.length > 0 && request.type === "resource" && flags.namespace === undefined) out.push(" in every namespace:");
    table(cluster);
  }
  if (namespaced.length > 0) {
    for (const namespace of [...new Set(namespaced.map((r) => r.namespace))]) {
      if (flags.namespace === undefined) out.push(` only in namespace "${namespace ?? ""}":`);
      table(namespaced.filter((r) => r.namespace === namespace));
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

// ---- can -----------------------------------------------------------------------------------

async function can(subjectText: string, paths: readonly string[], flags: CanFlags): Promise<void> {
  const parsed = parseSubject(subjectText, flags.group ?? []);
  if (typeof parsed === "string") throw new UsageError(parsed);
  const loaded = await load(paths, flags);
  const grants = loaded.policy.grantsIn(parsed.identity, flags.namespace ?? "*");
  if (flags.format === "json") {
    process.stdout.write(
      `${JSON.stringify(
        {
          subject: subjectJson(parsed.subject),
          identity: identityJson(parsed.identity),
          ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
          source: loaded.source,
          grants: grants.map((grant) => ({
            scope: grant.binding.kind === "ClusterRoleBinding" ? "cluster" : "namespace",
            ...(grant.binding.kind === "RoleBinding" ? { namespace: grant.binding.namespace } : {}),
            through: subjectJson(grant.subject),
            binding: objectJson(grant.binding),
            role: grant.role !== undefined ? objectJson(grant.role) : { kind: grant.binding.roleRef.kind, name: grant.binding.roleRef.name, missing: true },
            rules: grant.rules.map(ruleJson),
          })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const out: string[] = [];
  const groups = parsed.identity.groups.length > 0 ? ` (groups: ${parsed.identity.groups.join(", ")})` : "";
  const where = flags.namespace !== undefined ? ` in namespace "${flags.namespace}"` : "";
  out.push(`What ${describeSubject(parsed.subject)}${groups} may do${where}, according to ${describeSource(loaded)}:`);
  if (grants.length === 0) out.push("  nothing");
  for (const grant of grants) out.push(...describeGrant(grant, parsed.identity));
  process.stdout.write(`${out.join("\n")}\n`);
}

function describeGrant(grant: Grant<Origin>, identity: Identity): string[] {
  const scope = grant.binding.kind === "ClusterRoleBinding" ? "everywhere" : `in namespace "${grant.binding.namespace ?? ""}"`;
  const through = grant.subject.kind === "Group" && !(identity.user === undefined && identity.groups[0] === grant.subject.name) ? ` as a member of ${describeSubject(grant.subject)}` : "";
  const role = grant.role !== undefined ? describeObject(grant.role) : `${grant.binding.roleRef.kind} "${grant.binding.roleRef.name}" (missing: grants nothing)`;
  const lines = [`  ${scope}${through}, by ${describeObject(grant.binding)} → ${role}:`];
  for (const rule of grant.rules) lines.push(`    ${describeRule(rule.rule)}${grant.role !== undefined && rule.author !== grant.role ? `  [from ${rule.author.kind} "${rule.author.name}"]` : ""}`);
  if (grant.role !== undefined && grant.rules.length === 0) lines.push("    (no rules)");
  return lines;
}

// ---- words and JSON ------------------------------------------------------------------------

function describeSource(loaded: Loaded): string {
  const source = loaded.source;
  if (source.kind === "cluster") return `the ${source.objects} RBAC objects of context "${source.context}" (${source.server})`;
  return `${source.objects} RBAC object${source.objects === 1 ? "" : "s"} in ${source.files} file${source.files === 1 ? "" : "s"} and the API server's default roles and bindings`;
}

function describeObject(object: RoleRecord<Origin> | BindingRecord<Origin>): string {
  const name = object.namespace !== undefined ? `${object.namespace}/${object.name}` : object.name;
  const where = object.provenance === "built-in" ? " (built-in)" : object.source?.file !== undefined ? ` (${object.source.file}:${object.source.line ?? 1})` : "";
  return `${object.kind} ${name}${where}`;
}

function describeThrough(binding: BindingRecord<Origin>, role: RoleRecord<Origin>, rule: EffectiveRule<Origin>): string {
  const from = rule.author !== role ? `, a rule of ${rule.author.kind} ${rule.author.name}` : "";
  return `${describeObject(binding)} → ${describeObject(role)}, rules[${rule.index}]${from}`;
}

function subjectJson(subject: Subject): Record<string, string> {
  return { kind: subject.kind, name: subject.name, ...(subject.namespace !== undefined ? { namespace: subject.namespace } : {}) };
}

function identityJson(identity: Identity): Record<string, unknown> {
  return { ...(identity.user !== undefined ? { user: identity.user } : {}), groups: identity.groups };
}

function objectJson(object: RoleRecord<Origin> | BindingRecord<Origin>): Record<string, unknown> {
  return {
    kind: object.kind,
    name: object.name,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    builtIn: object.provenance === "built-in",
    ...(object.source?.file !== undefined ? { file: object.source.file, line: object.source.line } : {}),
  };
}

function ruleJson(rule: EffectiveRule<Origin>): Record<string, unknown> {
  const r = rule.rule;
  return {
    verbs: r.verbs,
    ...(r.apiGroups.length > 0 ? { apiGroups: r.apiGroups } : {}),
    ...(r.resources.length > 0 ? { resources: r.resources } : {}),
    ...(r.resourceNames.length > 0 ? { resourceNames: r.resourceNames } : {}),
    ...(r.nonResourceURLs.length > 0 ? { nonResourceURLs: r.nonResourceURLs } : {}),
    from: { kind: rule.author.kind, name: rule.author.name, ...(rule.author.namespace !== undefined ? { namespace: rule.author.namespace } : {}), index: rule.index },
  };
}
