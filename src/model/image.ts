// Container image references: registry, repository, tag and digest, as the container runtime reads them.

export interface ImageReference {
  /** The registry host as written, or "docker.io" when none is written. */
  readonly registry: string;
  /** True when the reference names no registry and so resolves to Docker Hub. */
  readonly implicitRegistry: boolean;
  /** The repository path without registry: "library/nginx", "bitnami/redis". */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** The reference as written. */
  readonly text: string;
}

export const DOCKER_HUB = "docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

/** Parses an image reference; undefined when it is empty or has a character no reference can. */
export function parseImageReference(text: string): ImageReference | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || /\s/.test(trimmed)) return undefined;
  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const firstSlash = rest.indexOf("/");
  const firstPart = firstSlash === -1 ? "" : rest.slice(0, firstSlash);
  // The first part is a registry when it looks like a host: a dot, a port, or localhost.
  const hasRegistry = firstSlash !== -1 && (firstPart.includes(".") || firstPart.includes(":") || firstPart === "localhost");
  let registry = hasRegistry ? firstPart.toLowerCase() : DOCKER_HUB;
  let repository = hasRegistry ? rest.slice(firstSlash + 1) : rest;
  if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;
  if (repository === "" || repository.endsWith("/")) return undefined;
  return { registry, implicitRegistry: !hasRegistry, repository, tag: tag === "" ? undefined : tag, digest: digest === "" ? undefined : digest, text: trimmed };
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
 * True when `image` is covered by an allow-list entry: a registry host ("ghcr.io"), a registry
 * with a path prefix ("ghcr.io/acme", matching whole path segments), or a glob with `*`.
 */
export function matchesRegistryEntry(image: ImageReference, entry: string): boolean {
  const normalized = entry.trim().replace(/\/+$/, "").toLowerCase();
  if (normalized === "") return false;
  const location = `${image.registry}/${image.repository}`.toLowerCase();
  if (normalized.includes("*")) {
    const pattern = new RegExp(`^${normalized.split("*").map(escapeRegExp).join("[^/]*")}(?:/.*)?$`);
    return pattern.test(location) || pattern.test(image.registry);
  }
  const canonical = DOCKER_HUB_ALIASES.has(normalized.split("/")[0] ?? "") ? `${DOCKER_HUB}${normalized.slice(normalized.indexOf("/") === -1 ? normalized.length : normalized.indexOf("/"))}` : normalized;
  return location === canonical || location.startsWith(`${canonical}/`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
