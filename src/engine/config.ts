// The configuration a run uses: the file's settings checked against the schema, merged with
// the rules' defaults. A configuration that is wrong in any way is refused, never half-applied:
// a gate must fail closed.
import type { ErrorObject } from "ajv";
import { ajvClass } from "../schemas/ajv-class.js";
import { asObject, type JsonObject, type ObjectPath } from "../model/json.js";
import { isPracticeId, type PracticeId } from "../model/practices.js";
import { DEFAULT_CUSTOM_WORKLOAD_KINDS, parseFieldPath, type WorkloadKind } from "../model/workloads.js";
import type { AnyRule, Severity } from "../rules/rule.js";
import { ALL_RULES } from "../rules/index.js";
import { buildConfigSchema } from "./config-schema.js";
import { closestId } from "../model/spelling.js";

export { closestId };
import precompiled from "./config-validator.generated.js";
import type { FailThreshold } from "./findings.js";
import { readExemptionEntry, type Exemption } from "./exemptions.js";
import { NEWEST_KUBE_VERSION, parseKubeVersion, targetVersionProblem, type KubeVersion } from "../model/kube-version.js";

export interface EnabledRule {
  readonly rule: AnyRule;
  readonly severity: Severity;
  readonly options: unknown;
}

export interface ResolvedConfig {
  /** The configuration file, when one was used. */
  readonly file: string | undefined;
  readonly failOn: FailThreshold;
  readonly rules: readonly EnabledRule[];
  readonly exclude: readonly string[];
  readonly workloadKinds: readonly WorkloadKind[];
  readonly exemptions: readonly Exemption[];
  /** Scanner reports, as written (relative to the configuration file). */
  readonly imageScans: readonly string[];
  /** Extra CRDs and schema files, as written (relative to the configuration file). */
  readonly crds: readonly string[];
  /** The Kubernetes version the run judges against. */
  readonly kubeVersion: KubeVersion;
  /** What the admission webhook does with findings. */
  readonly serve: ServeSettings;
}

export type ServeMode = "enforce" | "warn" | "audit" | "off";

export interface ServeSettings {
  readonly mode: ServeMode;
  readonly namespaces: Readonly<Record<string, ServeMode>>;
  readonly crossResource: "warn" | "enforce";
  readonly onRuleError: "allow" | "deny";
}

export interface ConfigProblem {
  readonly path: ObjectPath;
  readonly message: string;
  /** Point at the key of the path (an unknown key) rather than at its value. */
  readonly atKey?: boolean;
}

export type ConfigResult = { readonly ok: true; readonly config: ResolvedConfig } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

type RuleSwitch = Severity | "off" | "on";

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let cachedValidator: { rules: readonly AnyRule[]; validate: Validator } | undefined;

/** The product's rules use the validator compiled ahead of time; any other set is compiled here. */
function validatorFor(rules: readonly AnyRule[]): Validator {
  if (rules === ALL_RULES) return precompiled as Validator;
  if (cachedValidator?.rules !== rules) {
    const Ajv = ajvClass();
    const ajv = new Ajv({ allErrors: true, strict: false, inlineRefs: false });
    cachedValidator = { rules, validate: ajv.compile(buildConfigSchema(rules, true)) };
  }
  return cachedValidator.validate;
}

function pointerToPath(pointer: string): ObjectPath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describeSchemaError(error: ErrorObject, ruleIds: ReadonlySet<string>): string {
  const where = error.instancePath === "" ? "the configuration" : error.instancePath.slice(1).replaceAll("/", ".");
  switch (error.keyword) {
    case "propertyNames": {
      const name = String((error.params as { propertyName?: string }).propertyName);
      const hint = closestId(name, ruleIds);
      return `unknown rule "${name}"${hint !== undefined ? ` (did you mean "${hint}"?)` : ""}; \`shipshape rules\` lists them`;
    }
    case "additionalProperties": {
      const extra = String((error.params as { additionalProperty?: string }).additionalProperty);
      if (error.instancePath === "/rules") {
        const hint = closestId(extra, ruleIds);
        return `unknown rule "${extra}"${hint !== undefined ? ` (did you mean "${hint}"?)` : ""}; \`shipshape rules\` lists them`;
      }
      return `${where}: unknown key "${extra}"`;
    }
    case "enum":
      return `${where}: must be one of ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "required":
      return `${where}: missing "${String((error.params as { missingProperty?: string }).missingProperty)}"`;
    default:
      return `${where}: ${error.message ?? "is invalid"}`;
  }
}

/** Checks and resolves a parsed configuration (undefined: no configuration file). */
/** YAML 1.1 (which Kubernetes uses, and so do we) reads `off` and `on` as booleans: take them back. */
function switchesAsWords(value: unknown): unknown {
  const config = asObject(value);
  if (config === undefined) return value;
  const words = (section: unknown) => {
    const entries = asObject(section);
    if (entries === undefined) return section;
    return Object.fromEntries(Object.entries(entries).map(([k, v]) => {
      if (typeof v === "boolean") return [k, v ? "on" : "off"];
      const setting = asObject(v);
      if (setting !== undefined && typeof setting.severity === "boolean") return [k, { ...setting, severity: setting.severity ? "on" : "off" }];
      return [k, v];
    }));
  };
  return { ...config, ...(config.rules !== undefined ? { rules: words(config.rules) } : {}), ...(config.practices !== undefined ? { practices: words(config.practices) } : {}) };
}

export function resolveConfig(value: unknown, rules: readonly AnyRule[], file: string | undefined): ConfigResult {
  const raw = value === undefined || value === null ? {} : switchesAsWords(value);
  const ruleIds = new Set(rules.map((r) => r.id));
  const validate = validatorFor(rules);
  if (!validate(raw)) {
    const seen = new Set<string>();
    const problems: ConfigProblem[] = [];
    // propertyNames reports the name's own enum error too, at a path that does not exist.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== "anyOf" && !(e.keyword === "enum" && (e as ErrorObject & { propertyName?: string }).propertyName !== undefined));
    // A failed anyOf reports every branch; the deepest errors say what is really wrong, and a
    // type mismatch beside a more specific error at the same place is noise.
    const relevant = errors.filter(
      (e) =>
        !errors.some((other) => other.instancePath.startsWith(`${e.instancePath}/`)) &&
        !(e.keyword === "type" && errors.some((other) => other !== e && other.instancePath === e.instancePath && other.keyword !== "type")),
    );
    for (const error of relevant) {
      const message = describeSchemaError(error, ruleIds);
      const key = `${error.instancePath}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const extra =
        error.keyword === "additionalProperties"
          ? (error.params as { additionalProperty?: string }).additionalProperty
          : error.keyword === "propertyNames"
            ? (error.params as { propertyName?: string }).propertyName
            : undefined;
      const path = pointerToPath(error.instancePath);
      problems.push(extra !== undefined ? { path: [...path, extra], message, atKey: true } : { path, message });
    }
    return { ok: false, problems: problems.length > 0 ? problems : [{ path: [], message: "the configuration does not match its schema" }] };
  }
  const config = raw as JsonObject;
  const problems: ConfigProblem[] = [];

  const practiceSwitches = new Map<PracticeId, "off" | "on">();
  for (const [id, setting] of Object.entries(asObject(config.practices) ?? {})) {
    if (isPracticeId(id) && (setting === "off" || setting === "on")) practiceSwitches.set(id, setting);
  }
  const ruleSettings = asObject(config.rules) ?? {};
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = ruleSettings[rule.id];
    const settingObject = asObject(setting);
    const choice = (typeof setting === "string" ? setting : settingObject?.severity) as RuleSwitch | undefined;
    const practiceOff = practiceSwitches.get(rule.practice) === "off";
    let on = rule.disabledByDefault !== true && !practiceOff;
    if (choice === "off") on = false;
    else if (choice !== undefined) on = true;
    if (!on) continue;
    const severity: Severity = choice === undefined || choice === "on" || choice === "off" ? rule.severity : choice;
    const userOptions = asObject(settingObject?.options) ?? {};
    const options = rule.options === undefined ? {} : { ...(rule.options.defaults as object), ...userOptions };
    enabled.push({ rule, severity, options });
  }

  const workloadKinds: WorkloadKind[] = [...DEFAULT_CUSTOM_WORKLOAD_KINDS];
  for (const item of Array.isArray(config.workloadKinds) ? config.workloadKinds : []) {
    const entry = asObject(item);
    if (entry === undefined) continue;
    const apiVersion = String(entry.apiVersion);
    const group = apiVersion === "*" ? "*" : apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : apiVersion.includes(".") ? apiVersion : "";
    workloadKinds.push({
      group,
      kind: String(entry.kind),
      podTemplatePath: parseFieldPath(String(entry.podTemplatePath)),
      ...(typeof entry.replicasPath === "string" ? { replicasPath: parseFieldPath(entry.replicasPath) } : {}),
      workloadClass: entry.workloadClass === "batch" ? "batch" : "long-running",
    });
  }

  const exemptions: Exemption[] = [];
  const configName = file ?? "configuration";
  (Array.isArray(config.exemptions) ? config.exemptions : []).forEach((item, index) => {
    const read = readExemptionEntry(item, (id) => ruleIds.has(id));
    for (const message of read.problems) problems.push({ path: ["exemptions", index], message: `exemptions[${index}]: ${message}` });
    const match = asObject(asObject(item)?.match);
    if (read.entry !== undefined && match !== undefined) {
      exemptions.push({
        ...read.entry,
        match: {
          ...(typeof match.kind === "string" ? { kind: match.kind } : {}),
          ...(typeof match.namespace === "string" ? { namespace: match.namespace } : {}),
          ...(typeof match.name === "string" ? { name: match.name } : {}),
          ...(typeof match.file === "string" ? { file: match.file } : {}),
        },
        source: `${configName} exemptions[${index}]`,
      });
    }
  });
  let kubeVersion = NEWEST_KUBE_VERSION;
  if (typeof config.kubeVersion === "string") {
    const parsed = parseKubeVersion(config.kubeVersion);
    const problem = parsed === undefined ? `"${config.kubeVersion}" is not a Kubernetes version such as 1.33` : targetVersionProblem(parsed);
    if (problem !== undefined || parsed === undefined) problems.push({ path: ["kubeVersion"], message: `kubeVersion: ${problem ?? "invalid"}` });
    else kubeVersion = parsed;
  }
  if (problems.length > 0) return { ok: false, problems };

  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
  return {
    ok: true,
    config: {
      file,
      failOn: (config.failOn as FailThreshold | undefined) ?? "error",
      rules: enabled,
      exclude: strings(config.exclude),
      workloadKinds,
      exemptions,
      imageScans: strings(config.imageScans),
      kubeVersion,
      crds: strings(config.crds),
      serve: {
        mode: (asObject(config.serve)?.mode as ServeMode | undefined) ?? "enforce",
        namespaces: (asObject(asObject(config.serve)?.namespaces) ?? {}) as Record<string, ServeMode>,
        crossResource: (asObject(config.serve)?.crossResource as "warn" | "enforce" | undefined) ?? "warn",
        onRuleError: (asObject(config.serve)?.onRuleError as "allow" | "deny" | undefined) ?? "allow",
      },
    },
  };
}
