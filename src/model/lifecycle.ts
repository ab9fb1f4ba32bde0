// How a pod stops: its grace period, and how long a container's preStop hook is sure to take.
import { asArray, asNumber, asObject, asString, type JsonObject, type ObjectPath } from "./json.js";
import { handlerOf } from "./containers.js";
import { ScopedMemo } from "./scoped-memo.js";

/** What the API server sets when `terminationGracePeriodSeconds` is left out. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** The pod's grace period, and whether it was written (path relative to the pod spec). */
export interface GracePeriod {
  readonly seconds: number;
  /** Undefined when the default applies. */
  readonly path: ObjectPath | undefined;
}

/**
 * The grace period a pod gets: the written value, or the API default when the field is absent.
 * Undefined when the field holds something that is not a number (schema validation reports it).
 */
export function gracePeriodOf(podSpec: JsonObject): GracePeriod | undefined {
  const raw = podSpec.terminationGracePeriodSeconds;
  if (raw === undefined || raw === null) return { seconds: DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, path: undefined };
  const seconds = asNumber(raw);
  return seconds === undefined ? undefined : { seconds, path: ["terminationGracePeriodSeconds"] };
}

/** The container's preStop handler when it has one (any kind, even one shipshape cannot read). */
export function preStopOf(container: JsonObject): JsonObject | undefined {
  return asObject(asObject(container.lifecycle)?.preStop);
}

/** A lower bound of how long a preStop hook runs, and the field that says so. */
export interface PreStopDelay {
  /** Seconds the hook is certain to last; Infinity for `sleep infinity`. */
  readonly seconds: number;
  /** Relative to the container: the `sleep.seconds` field, the exec command or its script. */
  readonly path: ObjectPath;
}

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"]);
/** Shell commands that return at once and cannot stop the container's main process. */
const HARMLESS = new Set(["echo", "printf", "true", "set"]);

/**
 * How long a container's preStop hook is certain to run, when that can be read from the manifest:
 * the native sleep action, or an exec hook whose leading commands are `sleep`. Undefined when the
 * hook does something else first, or when shipshape cannot tell (variables, redirections, control flow):
 * a rule built on this never guesses.
 */
export function preStopDelayOf(container: JsonObject): PreStopDelay | undefined {
  // Several rules ask about the same container; the shell reading is done once per check.
  return delayCache.get(container, readPreStopDelay);
}

const delayCache = new ScopedMemo<JsonObject, PreStopDelay | undefined>();

function readPreStopDelay(container: JsonObject): PreStopDelay | undefined {
  const preStop = preStopOf(container);
  if (preStop === undefined) return undefined;
  const handler = handlerOf(preStop);
  if (handler === undefined) return undefined;
  if (handler.type === "sleep") {
    const seconds = asNumber(handler.spec.seconds);
    if (seconds === undefined || seconds < 0) return undefined;
    return { seconds, path: ["lifecycle", "preStop", "sleep", "seconds"] };
  }
  if (handler.type !== "exec") return undefined;
  const raw = asArray(handler.spec.command);
  const argv = raw.map((a) => asString(a));
  if (argv.length === 0 || argv.some((a) => a === undefined)) return undefined;
  const words = argv as string[];
  const commandPath: ObjectPath = ["lifecycle", "preStop", "exec", "command"];

  const direct = sleepSeconds(words);
  if (direct !== undefined) return { seconds: direct, path: commandPath };

  const shell = shellScriptOf(words);
  if (shell === undefined) return undefined;
  const seconds = leadingSleepSeconds(shell.script);
  if (seconds === 0) return undefined;
  return { seconds, path: [...commandPath, shell.index] };
}

function basename(program: string): string {
  return program.slice(program.lastIndexOf("/") + 1);
}

/** Seconds of a `sleep` command line (`sleep 30`, `/bin/sleep 1m 30s`, `busybox sleep 5`). */
export function sleepSeconds(argv: readonly string[]): number | undefined {
  let rest = argv;
  if (rest.length > 0 && basename(rest[0] as string) === "busybox") rest = rest.slice(1);
  if (rest.length < 2 || basename(rest[0] as string) !== "sleep") return undefined;
  let total = 0;
  for (const arg of rest.slice(1)) {
    const seconds = durationSeconds(arg);
    if (seconds === undefined) return undefined;
    total += seconds;
  }
  return total;
}

const UNIT_SECONDS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** One operand of `sleep`: `30`, `2.5`, `1m`, `infinity` (GNU and busybox syntax). */
function durationSeconds(arg: string): number | undefined {
  if (arg === "infinity" || arg === "inf") return Infinity;
  const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (match === null) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] ?? ""] ?? 1);
}

/** The script of `sh -c '…'` (any common shell, with options such as `-e`, `-x`, `-o pipefail`). */
function shellScriptOf(argv: readonly string[]): { script: string; index: number } | undefined {
  if (!SHELLS.has(basename(argv[0] ?? ""))) return undefined;
  let sawC = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-o" || arg === "+o") {
      i++;
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(arg)) {
      if (arg.startsWith("-") && arg.includes("c")) sawC = true;
      continue;
    }
    if (arg === "--") continue;
    return sawC ? { script: arg, index: i } : undefined;
  }
  return undefined;
}

type ScriptToken = { kind: "word"; text: string } | { kind: "op"; text: string } | { kind: "opaque" };

/**
 * Splits a script into words and list operators until the first character whose meaning needs a
 * real shell (expansions, redirections, grouping, escapes): from there on it is opaque.
 */
function scriptTokens(script: string): ScriptToken[] {
  const tokens: ScriptToken[] = [];
  let word = "";
  const flush = () => {
    if (word !== "") tokens.push({ kind: "word", text: word });
    word = "";
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (ch === " " || ch === "\t") {
      flush();
    } else if (ch === "\n" || ch === ";") {
      flush();
      tokens.push({ kind: "op", text: ";" });
    } else if (ch === "&" || ch === "|") {
      flush();
      const double = script[i + 1] === ch;
      tokens.push({ kind: "op", text: double ? ch + ch : ch });
      if (double) i++;
    } else if (/[A-Za-z0-9_.\/:,+%@=-]/.test(ch)) {
      word += ch;
    } else if (ch === "#" && word === "") {
      // A comment runs to the end of the line.
      const end = script.indexOf("\n", i);
      i = end === -1 ? script.length : end - 1;
    } else if (ch === "'" || ch === '"') {
      // Quoted text is literal, unless double quotes hold an expansion or an escape.
      const end = script.indexOf(ch, i + 1);
      const quoted = end === -1 ? undefined : script.slice(i + 1, end);
      if (quoted === undefined || (ch === '"' && /[$`\\]/.test(quoted))) {
        tokens.push({ kind: "opaque" });
        return tokens;
      }
      word += quoted;
      i = end;
    } else {
      word = "";
      tokens.push({ kind: "opaque" });
      return tokens;
    }
  }
  flush();
  return tokens;
}

/**
 * Seconds a shell script certainly sleeps before doing anything else. Only leading `sleep`
 * commands count, separated by `;`, newlines or `&&`, with harmless builtins (`echo`, `set -e`)
 * allowed between them: any other command may stop the main process (`nginx -s quit`), which
 * ends the container and the hook with it, so what follows is not certain to run.
 */
export function leadingSleepSeconds(script: string): number {
  const tokens = scriptTokens(script);
  let total = 0;
  let command: string[] = [];
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    if (token?.kind === "word") {
      command.push(token.text);
      continue;
    }
    // The end of a command: `token` is the operator after it, an opaque rest, or the end.
    if (token?.kind === "opaque") break;
    // A command sent to the background or piped is not one the hook waits for on its own.
    if (token?.kind === "op" && (token.text === "&" || token.text === "|")) break;
    if (command.length > 0) {
      const name = basename(command[0] as string);
      if (name === "sleep") {
        const seconds = sleepSeconds(command);
        if (seconds === undefined) break;
        total += seconds;
      } else if (!HARMLESS.has(name)) {
        break;
      }
    }
    command = [];
    // After `||` the next command runs only if this one failed: nothing more is certain.
    if (token === undefined || token.text === "||") break;
  }
  return total;
}
