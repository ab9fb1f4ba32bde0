// The kube-apiserver as a static pod (kubeadm, RKE2, minikube, kind…): how to recognise it,
// read its command-line flags, and find the configuration files its flags name among the
// files of a run.
import { asArray, asObject, asString, type JsonObject, type ObjectPath } from "./json.js";
import { labelsOf, metadataOf, type KubeObject } from "./object.js";

/** One flag as written: its value ("" for a bare boolean flag) and where it is. */
export interface ApiServerFlag {
  readonly name: string;
  readonly value: string;
  /** Path of the list item that holds the flag, relative to the object. */
  readonly path: ObjectPath;
}

export interface ApiServerCommand {
  /** The container that runs kube-apiserver. */
  readonly container: string;
  /** Path of the container, relative to the object: ["spec", "containers", 0]. */
  readonly containerPath: ObjectPath;
  /** Flags in command-line order (a repeated flag appears twice; the last one wins). */
  readonly flags: readonly ApiServerFlag[];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Whether a container runs the kube-apiserver binary (directly or through `sh -c`). */
function runsApiServer(container: JsonObject): boolean {
  const words = [...asArray(container.command), ...asArray(container.args)].filter((w): w is string => typeof w === "string");
  if (words.some((w) => basename(w) === "kube-apiserver")) return true;
  return words.some((w) => /(^|[\s/])kube-apiserver(\s|$)/.test(w));
}

/**
 * The kube-apiserver container of a Pod, when the Pod is the API server's static pod: label
 * `component: kube-apiserver` (kubeadm, minikube, RKE2) or a container whose command runs the
 * `kube-apiserver` binary. Only Pods in kube-system, or that name no namespace (a manifest in
 * /etc/kubernetes/manifests), count: an application's pod that happens to run the binary
 * elsewhere is not the cluster's API server.
 */
export function apiServerContainer(pod: KubeObject): { container: JsonObject; path: ObjectPath } | undefined {
  if (pod.kind !== "Pod" || pod.apiVersion !== "v1") return undefined;
  const metadata = metadataOf(pod);
  const namespace = asString(metadata.namespace);
  if (namespace !== undefined && namespace !== "kube-system") return undefined;
  const labelled = labelsOf(metadata).component === "kube-apiserver";
  const containers = asArray(asObject(pod.spec)?.containers);
  for (let index = 0; index < containers.length; index++) {
    const container = asObject(containers[index]);
    if (container === undefined) continue;
    if (runsApiServer(container) || (labelled && (asString(container.name) === "kube-apiserver" || containers.length === 1))) {
      return { container, path: ["spec", "containers", index] };
    }
  }
  return undefined;
}

/** Words of a shell command line (`sh -c "kube-apiserver --a='b c' ..."`), quotes removed, no expansion. */
function shellWords(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word = (word ?? "") + (line[++i] as string);
      else word = (word ?? "") + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === "\\" && i + 1 < line.length) word = (word ?? "") + (line[++i] as string);
    else word = (word ?? "") + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

/**
 * The flags of the API server's container, from `command` then `args` (Kubernetes appends args
 * to the command). Both `--flag=value` and `--flag value` forms are read; a flag followed by
 * another flag, or by nothing, is a bare boolean (`--profiling`). kube-apiserver takes no
 * positional arguments, so a word after a flag is always its value. A `sh -c` script is split
 * into words (quotes honoured, no variable expansion).
 */
export function apiServerCommand(pod: KubeObject): ApiServerCommand | undefined {
  const found = apiServerContainer(pod);
  if (found === undefined) return undefined;
  const { container, path } = found;
  const words: Array<{ word: string; path: ObjectPath }> = [];
  for (const field of ["command", "args"] as const) {
    asArray(container[field]).forEach((item, index) => {
      if (typeof item !== "string") return;
      const itemPath = [...path, field, index];
      // A script: only the part from the kube-apiserver word on is the API server's command line.
      if (/\s/.test(item.trim()) && /kube-apiserver/.test(item)) {
        const split = shellWords(item);
        const start = split.findIndex((w) => basename(w) === "kube-apiserver");
        for (const word of split.slice(start + 1)) words.push({ word, path: itemPath });
      } else words.push({ word: item, path: itemPath });
    });
  }
  const flags: ApiServerFlag[] = [];
  for (let i = 0; i < words.length; i++) {
    const { word, path: wordPath } = words[i] as { word: string; path: ObjectPath };
    if (!word.startsWith("-")) continue;
    const bare = word.replace(/^--?/, "");
    const equals = bare.indexOf("=");
    if (equals !== -1) {
      flags.push({ name: bare.slice(0, equals), value: bare.slice(equals + 1), path: wordPath });
      continue;
    }
    const next = words[i + 1];
    if (next !== undefined && !next.word.startsWith("-")) {
      flags.push({ name: bare, value: next.word, path: wordPath });
      i += 1;
    } else flags.push({ name: bare, value: "", path: wordPath });
  }
  return { container: asString(container.name) ?? "kube-apiserver", containerPath: path, flags };
}

/** The effective value of a flag: its last occurrence, as the flag parser keeps. */
export function flagOf(command: ApiServerCommand, name: string): ApiServerFlag | undefined {
  let found: ApiServerFlag | undefined;
  for (const flag of command.flags) if (flag.name === name) found = flag;
  return found;
}

/** A flag's integer value, or undefined when it is absent or not a whole number. */
export function intFlag(command: ApiServerCommand, name: string): { flag: ApiServerFlag; value: number } | undefined {
  const flag = flagOf(command, name);
  if (flag === undefined || !/^-?\d+$/.test(flag.value.trim())) return undefined;
  return { flag, value: Number(flag.value.trim()) };
}

/** Path segments of a file name, `/` or `\` separated, without empty and `.` segments. */
function segments(file: string): string[] {
  return file.split(/[\\/]+/).filter((s) => s !== "" && s !== ".");
}

/**
 * Among the files of a run, the one a path on the control-plane host names. A run's files are
 * relative to where shipshape runs, the flag's path is absolute on the node, so they are matched
 * by their common ending: the file names must be equal, and the file whose path shares the most
 * trailing folders with the flag's wins (`/etc/kubernetes/enc/config.yaml` prefers
 * `cluster/enc/config.yaml` over `other/config.yaml`). Ties keep the first in input order.
 */
export function matchConfigFile<T extends { readonly file: string | undefined }>(flagPath: string, candidates: readonly T[]): T | undefined {
  const wanted = segments(flagPath);
  if (wanted.length === 0) return undefined;
  let best: T | undefined;
  let bestShared = 0;
  for (const candidate of candidates) {
    if (candidate.file === undefined || candidate.file === "") continue;
    const have = segments(candidate.file);
    let shared = 0;
    while (shared < Math.min(have.length, wanted.length) && have[have.length - 1 - shared] === wanted[wanted.length - 1 - shared]) shared += 1;
    if (shared > bestShared) {
      best = candidate;
      bestShared = shared;
    }
  }
  return best;
}

/** The kube-apiserver static Pods among a run's indexed objects, with their flags. */
export function apiServerPodsOf<R extends { readonly apiVersion: string; readonly namespace: string | undefined; readonly object: KubeObject }>(pods: readonly R[]): Array<{ pod: R; command: ApiServerCommand }> {
  const out: Array<{ pod: R; command: ApiServerCommand }> = [];
  for (const pod of pods) {
    // Cheap filters first: only kube-system or unnamespaced Pods are parsed again.
    if (pod.apiVersion !== "v1" || (pod.namespace !== undefined && pod.namespace !== "kube-system")) continue;
    const command = apiServerCommand(pod.object);
    if (command !== undefined) out.push({ pod, command });
  }
  return out;
}
