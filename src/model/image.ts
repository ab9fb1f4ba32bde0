// Container image references: registry, repository, tag and digest, as the container runtime reads
// them (the grammar of distribution/reference, with Docker's normalisation of short names).
import { memoizeText } from "./memo.js";

export interface ImageReference {
  /** The registry host (lower case), or "docker.io" when none is written or an alias of Docker Hub is. */
  readonly registry: string;
  /** True when the reference names no registry and so resolves to Docker Hub. */
  readonly implicitRegistry: boolean;
  /** The repository path without registry: "library/nginx", "bitnami/redis". */
  readonly repository: string;
  readonly tag: string | undefined;
  /** "sha256:<hex>", as written. */
  readonly digest: string | undefined;
  /** The reference as written. */
  readonly text: string;
}

/** Why a reference cannot be pulled. */
export type ImageReferenceProblem =
  | "empty"
  | "whitespace"
  | "template"
  | "uppercase-repository"
  | "invalid-registry"
  | "invalid-repository"
  | "invalid-tag"
  | "invalid-digest"
  | "too-long";

export type ImageReferenceResult = { readonly ok: true; readonly reference: ImageReference } | { readonly ok: false; readonly problem: ImageReferenceProblem };

export const DOCKER_HUB = "docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Digests of the algorithms runtimes verify, with their exact lengths (go-digest). */
const KNOWN_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const MAX_NAME_LENGTH = 255;

/** Parses an image reference, saying why when it cannot be pulled (results are shared: do not mutate). */
export const checkImageReference: (text: string) => ImageReferenceResult = memoizeText(readImageReference);

function readImageReference(text: string): ImageReferenceResult {
  if (text.trim() === "") return { ok: false, problem: "empty" };
  if (/\{\{|\$\{|\}\}/.test(text)) return { ok: false, problem: "template" };
  if (/\s/.test(text)) return { ok: false, problem: "whitespace" };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest) || (/^sha(256|512):/i.test(digest) && !KNOWN_DIGEST.test(digest))) return { ok: false, problem: "invalid-digest" };
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, problem: "invalid-tag" };
  }
  if (rest.length > MAX_NAME_LENGTH) return { ok: false, problem: "too-long" };
  // Docker's rule: the first component is a registry when it has a dot or a port, is
  // "localhost", or has an upper-case letter (a repository never can).
  const firstSlash = rest.indexOf("/");
  const firstPart = firstSlash === -1 ? "" : rest.slice(0, firstSlash);
  const hasRegistry = firstSlash !== -1 && (/[.:]/.test(firstPart) || firstPart === "localhost" || firstPart !== firstPart.toLowerCase());
  if (hasRegistry && !HOST.test(firstPart)) return { ok: false, problem: "invalid-registry" };
  let registry = hasRegistry ? firstPart.toLowerCase() : DOCKER_HUB;
  let repository = hasRegistry ? rest.slice(firstSlash + 1) : rest;
  const components = repository.split("/");
  for (const component of components) {
    if (PATH_COMPONENT.test(component)) continue;
    return { ok: false, problem: PATH_COMPONENT.test(component.toLowerCase()) ? "uppercase-repository" : "invalid-repository" };
  }
  if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && components.length === 1) repository = `library/${repository}`;
  return {
    ok: true,
    reference: { registry, implicitRegistry: !hasRegistry, repository, tag, digest, text },
  };
}

/** Parses an image reference; undefined when the runtime could not pull it. */
export function parseImageReference(text: string): ImageReference | undefined {
  const result = checkImageReference(text);
  return result.ok ? result.reference : undefined;
}

/** Why a reference is rejected, in words, for messages. */
export function describeImageProblem(problem: ImageReferenceProblem): string {
  switch (problem) {
    case "empty":
      return "it is empty";
    case "whitespace":
      return "it contains whitespace";
    case "template":
      return "it looks like an unrendered template variable";
    case "uppercase-repository":
      return "repository names must be lower case";
    case "invalid-registry":
      return "the registry is not a valid host[:port]";
    case "invalid-repository":
      return "the repository name has a character or separator references cannot have";
    case "invalid-tag":
      return "the tag must be 1-128 letters, digits, '_', '.' or '-' and cannot start with '.' or '-'";
    case "invalid-digest":
      return "the digest is not algorithm:hex (sha256 needs 64 lower-case hex digits)";
    case "too-long":
      return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  }
}

/** Docker Hub's official images live in the `library` namespace. */
export function isDockerHubOfficial(image: ImageReference): boolean {
  return image.registry === DOCKER_HUB && image.repository.startsWith("library/") && image.repository.split("/").length === 2;
}

/** The tag a runtime pulls: the written one, or "latest" when there is neither tag nor digest. */
export function effectiveTag(image: ImageReference): string | undefined {
  if (image.tag !== undefined) return image.tag;
  return image.digest === undefined ? "latest" : undefined;
}

/**
 * The pull policy the API server gives a container that sets none: Always when the tag is
 * `latest` or absent (and no digest is given), IfNotPresent otherwise.
 */
export function defaultPullPolicy(image: ImageReference): "Always" | "IfNotPresent" {
  return effectiveTag(image) === "latest" ? "Always" : "IfNotPresent";
}

/** "docker.io/library/nginx": where the image lives, without tag or digest. */
export function imageLocation(image: ImageReference): string {
  return `${image.registry}/${image.repository}`;
}

/**
 * Reads an allow-list entry as a location prefix: a registry host ("ghcr.io", "localhost:5000"),
 * a host with a path ("ghcr.io/acme"), or, when the first segment is no host, a Docker Hub path
 * ("bitnami" is "docker.io/bitnami", "library" the official images). Docker Hub aliases are folded.
 */
export function normalizeRegistryEntry(entry: string): string {
  const trimmed = entry.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/\/+$/, "");
  if (trimmed === "") return "";
  const slash = trimmed.indexOf("/");
  const first = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const rest = slash === -1 ? "" : trimmed.slice(slash);
  const isHost = /[.:]/.test(first) || first === "localhost" || /^\*+$/.test(first);
  if (!isHost) return `${DOCKER_HUB}/${trimmed}`;
  return `${DOCKER_HUB_ALIASES.has(first) ? DOCKER_HUB : first}${rest}`;
}

/**
 * True when `image` is covered by an allow-list entry (see normalizeRegistryEntry). A prefix
 * matches whole path segments; `*` matches any characters within one segment, `**` across them.
 */
export function matchesRegistryEntry(image: ImageReference, entry: string): boolean {
  const normalized = normalizeRegistryEntry(entry);
  if (normalized === "") return false;
  const location = imageLocation(image);
  if (!normalized.includes("*")) return location === normalized || location.startsWith(`${normalized}/`);
  const source = normalized
    .split("**")
    .map((part) => part.split("*").map(escapeRegExp).join("[^/]*"))
    .join(".*");
  return new RegExp(`^${source}(?:/.*)?$`).test(location);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
