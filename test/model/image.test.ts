import { describe, expect, it } from "vitest";
import {
  checkImageReference,
  defaultPullPolicy,
  effectiveTag,
  isDockerHubOfficial,
  matchesRegistryEntry,
  normalizeRegistryEntry,
  parseImageReference,
  type ImageReference,
} from "../../src/model/image.js";

const SHA = "sha256:" + "a1b2c3d4e5f6".repeat(5) + "a1b2";

function parsed(text: string): ImageReference {
  const ref = parseImageReference(text);
  if (ref === undefined) throw new Error(`${text} did not parse`);
  return ref;
}

function parts(text: string) {
  const { registry, repository, tag, digest, implicitRegistry } = parsed(text);
  return { registry, repository, tag, digest, implicitRegistry };
}

describe("parseImageReference", () => {
  it("reads a short name as an official Docker Hub image without a tag", () => {
    expect(parts("nginx")).toEqual({ registry: "docker.io", repository: "library/nginx", tag: undefined, digest: undefined, implicitRegistry: true });
  });

  it("reads a user namespace on Docker Hub", () => {
    expect(parts("bitnami/redis:7.2")).toMatchObject({ registry: "docker.io", repository: "bitnami/redis", tag: "7.2", implicitRegistry: true });
  });

  it("folds the aliases of Docker Hub into docker.io and adds library/", () => {
    expect(parts("docker.io/nginx:1.27")).toMatchObject({ registry: "docker.io", repository: "library/nginx", implicitRegistry: false });
    expect(parts("index.docker.io/library/nginx")).toMatchObject({ registry: "docker.io", repository: "library/nginx" });
    expect(parts("registry-1.docker.io/bitnami/redis")).toMatchObject({ registry: "docker.io", repository: "bitnami/redis" });
    expect(parts("registry.hub.docker.com/library/ubuntu:22.04")).toMatchObject({ registry: "docker.io", repository: "library/ubuntu", tag: "22.04" });
  });

  it("keeps a registry port apart from the tag", () => {
    expect(parts("registry.example.com:5000/team/app")).toMatchObject({ registry: "registry.example.com:5000", repository: "team/app", tag: undefined });
    expect(parts("registry.example.com:5000/team/app:2.1")).toMatchObject({ registry: "registry.example.com:5000", repository: "team/app", tag: "2.1" });
    expect(parts("myregistry:5000/app:1")).toMatchObject({ registry: "myregistry:5000", repository: "app", tag: "1" });
  });

  it("reads localhost as a registry, with or without a port", () => {
    expect(parts("localhost/app:dev")).toMatchObject({ registry: "localhost", repository: "app", tag: "dev" });
    expect(parts("localhost:5000/app")).toMatchObject({ registry: "localhost:5000", repository: "app" });
    // Without a slash "localhost" is a repository name, as for Docker.
    expect(parts("localhost:5000")).toMatchObject({ registry: "docker.io", repository: "library/localhost", tag: "5000" });
  });

  it("reads an IPv6 registry in brackets", () => {
    expect(parts("[::1]:5000/app:1")).toMatchObject({ registry: "[::1]:5000", repository: "app", tag: "1" });
  });

  it("reads digests, with and without a tag", () => {
    expect(parts(`nginx@${SHA}`)).toMatchObject({ repository: "library/nginx", tag: undefined, digest: SHA });
    expect(parts(`ghcr.io/acme/web:1.4.2@${SHA}`)).toMatchObject({ registry: "ghcr.io", repository: "acme/web", tag: "1.4.2", digest: SHA });
    expect(parts(`localhost:5000/app:latest@${SHA}`)).toMatchObject({ registry: "localhost:5000", tag: "latest", digest: SHA });
  });

  it("lower-cases the registry host but refuses an upper-case repository", () => {
    expect(parts("Registry.Example.COM/team/app:1")).toMatchObject({ registry: "registry.example.com", repository: "team/app" });
    expect(checkImageReference("NGINX")).toEqual({ ok: false, problem: "uppercase-repository" });
    expect(checkImageReference("registry.example.com/Team/app")).toEqual({ ok: false, problem: "uppercase-repository" });
    // Docker reads an upper-case first component as a host name.
    expect(parts("MyRegistry/app")).toMatchObject({ registry: "myregistry", repository: "app" });
  });

  it("accepts the separators of the reference grammar", () => {
    expect(parts("gcr.io/distroless/static-debian12:nonroot")).toMatchObject({ repository: "distroless/static-debian12", tag: "nonroot" });
    expect(parts("example.com/a__b/c.d/e---f:V1_2.3-rc")).toMatchObject({ repository: "a__b/c.d/e---f", tag: "V1_2.3-rc" });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["nginx latest", "whitespace"],
    ["{{ .Values.image }}", "template"],
    ["registry.example.com/app:${TAG}", "template"],
    ["nginx:", "invalid-tag"],
    ["nginx:-rc1", "invalid-tag"],
    ["nginx:" + "a".repeat(129), "invalid-tag"],
    ["nginx@", "invalid-digest"],
    ["nginx@sha256:abc", "invalid-digest"],
    [`nginx@${SHA.toUpperCase().replace("SHA256", "sha256")}`, "invalid-digest"],
    ["nginx@md5", "invalid-digest"],
    ["foo/", "invalid-repository"],
    ["/foo", "invalid-repository"],
    ["my_-app", "invalid-repository"],
    ["-app", "invalid-repository"],
    ["exa_mple.com/app", "invalid-registry"],
    ["example.com:port/app", "invalid-registry"],
    [`example.com/${"a".repeat(260)}`, "too-long"],
  ])("refuses %j (%s)", (text, problem) => {
    expect(checkImageReference(text)).toEqual({ ok: false, problem });
    expect(parseImageReference(text)).toBeUndefined();
  });
});

describe("image helpers", () => {
  it("knows official Docker Hub images", () => {
    expect(isDockerHubOfficial(parsed("nginx"))).toBe(true);
    expect(isDockerHubOfficial(parsed("docker.io/library/postgres:16"))).toBe(true);
    expect(isDockerHubOfficial(parsed("bitnami/redis"))).toBe(false);
    expect(isDockerHubOfficial(parsed("ghcr.io/library/nginx"))).toBe(false);
  });

  it("gives the tag the runtime pulls and the API's default pull policy", () => {
    expect(effectiveTag(parsed("nginx"))).toBe("latest");
    expect(effectiveTag(parsed(`nginx@${SHA}`))).toBeUndefined();
    expect(defaultPullPolicy(parsed("nginx"))).toBe("Always");
    expect(defaultPullPolicy(parsed("nginx:latest"))).toBe("Always");
    expect(defaultPullPolicy(parsed(`nginx:latest@${SHA}`))).toBe("Always");
    expect(defaultPullPolicy(parsed(`nginx@${SHA}`))).toBe("IfNotPresent");
    expect(defaultPullPolicy(parsed("nginx:1.27"))).toBe("IfNotPresent");
  });
});

describe("registry allow-list entries", () => {
  it("normalises entries like references", () => {
    expect(normalizeRegistryEntry("GHCR.io/acme/")).toBe("ghcr.io/acme");
    expect(normalizeRegistryEntry("https://registry.example.com")).toBe("registry.example.com");
    expect(normalizeRegistryEntry("index.docker.io/library")).toBe("docker.io/library");
    expect(normalizeRegistryEntry("bitnami")).toBe("docker.io/bitnami");
    expect(normalizeRegistryEntry("localhost:5000")).toBe("localhost:5000");
  });

  it.each([
    ["ghcr.io/acme/web:1", "ghcr.io", true],
    ["ghcr.io/acme/web:1", "ghcr.io/acme", true],
    ["ghcr.io/acme-evil/web:1", "ghcr.io/acme", false],
    ["ghcr.io/acme/web:1", "ghcr.io/acme/web", true],
    ["nginx:1.27", "docker.io/library", true],
    ["nginx:1.27", "library", true],
    ["nginx:1.27", "docker.io", true],
    ["bitnami/redis:7", "docker.io/library", false],
    ["bitnami/redis:7", "bitnami", true],
    ["docker.io/bitnami/redis:7", "index.docker.io/bitnami", true],
    ["localhost:5000/app", "localhost", false],
    ["localhost:5000/app", "localhost:5000", true],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1", "*.dkr.ecr.*.amazonaws.com", true],
    ["evil.com/123.dkr.ecr.eu-west-1.amazonaws.com/web:1", "*.dkr.ecr.*.amazonaws.com", false],
    ["registry.example.com/team-a/web:1", "registry.example.com/team-*", true],
    ["registry.example.com/other/web:1", "registry.example.com/team-*", false],
    ["registry.example.com/a/b/c:1", "registry.example.com/**/c", true],
    ["ghcr.io/acme/web:1", "", false],
  ])("%s against %j: %s", (image, entry, expected) => {
    expect(matchesRegistryEntry(parsed(image), entry)).toBe(expected);
  });
});
