// EncryptionConfiguration (apiserver.config.k8s.io/v1): which provider kube-apiserver uses to
// store each resource in etcd. Read as the API server's loader reads it: for a resource, the
// entry that names it exactly wins, then `*.<group>` (`*.` for the core group), then `*.*`;
// within an entry the first provider encrypts every new write and the others only decrypt
// what they wrote before. A resource no entry covers is stored as it is (identity).
import { asArray, asObject, asString, type JsonObject, type ObjectPath } from "./json.js";

export type ProviderType = "identity" | "aescbc" | "aesgcm" | "secretbox" | "kms";
const PROVIDER_TYPES: readonly ProviderType[] = ["identity", "aescbc", "aesgcm", "secretbox", "kms"];

export interface EncryptionKey {
  readonly name: string | undefined;
  /** The key as written (base64). Never print it. */
  readonly secret: string | undefined;
  readonly path: ObjectPath;
}

export interface EncryptionProvider {
  readonly type: ProviderType;
  /** `kms` only: v1 (the default when unset) or v2. */
  readonly kmsApiVersion?: string;
  /** `kms` only: the plugin's name. */
  readonly kmsName?: string;
  /** aescbc, aesgcm, secretbox: their keys; the first one encrypts. */
  readonly keys: readonly EncryptionKey[];
  readonly path: ObjectPath;
}

export interface EncryptionEntry {
  /** Resource names as written: `secrets`, `deployments.apps`, `*.`, `*.apps`, `*.*`. */
  readonly resources: readonly string[];
  readonly providers: readonly EncryptionProvider[];
  readonly path: ObjectPath;
}

export function encryptionEntries(config: JsonObject): EncryptionEntry[] {
  return asArray(config.resources).flatMap((item, index) => {
    const entry = asObject(item);
    if (entry === undefined) return [];
    const path: ObjectPath = ["resources", index];
    const resources = asArray(entry.resources).filter((r): r is string => typeof r === "string");
    const providers: EncryptionProvider[] = [];
    asArray(entry.providers).forEach((p, providerIndex) => {
      const provider = asObject(p);
      if (provider === undefined) return;
      const type = PROVIDER_TYPES.find((t) => provider[t] !== undefined);
      if (type === undefined) return;
      const spec = asObject(provider[type]) ?? {};
      const providerPath: ObjectPath = [...path, "providers", providerIndex, type];
      const keys = asArray(spec.keys).flatMap((k, keyIndex): EncryptionKey[] => {
        const key = asObject(k);
        if (key === undefined) return [];
        return [{ name: asString(key.name), secret: asString(key.secret), path: [...providerPath, "keys", keyIndex] }];
      });
      providers.push({
        type,
        ...(type === "kms" ? { kmsApiVersion: asString(spec.apiVersion) ?? "v1", ...(asString(spec.name) !== undefined ? { kmsName: asString(spec.name) as string } : {}) } : {}),
        keys,
        path: providerPath,
      });
    });
    return [{ resources, providers, path }];
  });
}

/** `secrets` → core group; `deployments.apps` → apps; `*.` → every core resource; `*.*` → everything. */
export function parseGroupResource(text: string): { group: string; resource: string } {
  const dot = text.indexOf(".");
  return dot === -1 ? { group: "", resource: text } : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

export interface ResourceCoverage {
  readonly entry: EncryptionEntry;
  /** The resource name as written in the entry (`secrets`, `*.`, `*.*`). */
  readonly as: string;
  readonly path: ObjectPath;
}

/** The entry that decides how a resource is stored, as the loader picks it; undefined: stored as is. */
export function coverageOf(entries: readonly EncryptionEntry[], group: string, resource: string): ResourceCoverage | undefined {
  const lookups: Array<(r: { group: string; resource: string }) => boolean> = [
    (r) => r.group === group && r.resource === resource,
    (r) => r.group === group && r.resource === "*",
    (r) => r.group === "*" && r.resource === "*",
  ];
  for (const matches of lookups) {
    for (const entry of entries) {
      const index = entry.resources.findIndex((text) => matches(parseGroupResource(text)));
      if (index !== -1) return { entry, as: entry.resources[index] as string, path: [...entry.path, "resources", index] };
    }
  }
  return undefined;
}

/** Key sizes the API server accepts, in bytes after base64 decoding. */
export const KEY_SIZES: Readonly<Partial<Record<ProviderType, readonly number[]>>> = {
  aescbc: [16, 24, 32],
  aesgcm: [16, 24, 32],
  secretbox: [32],
};

/**
 * What is wrong with a key, as the API server's validation says it (strict standard base64,
 * then the length), or undefined when it loads. The message never contains the key.
 */
export function keyProblem(type: ProviderType, key: EncryptionKey): string | undefined {
  const sizes = KEY_SIZES[type];
  if (sizes === undefined) return undefined;
  if (key.secret === undefined || key.secret === "") return "has no secret";
  const text = key.secret;
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return "is not base64-encoded (standard alphabet, with padding)";
  const bytes = Buffer.from(text, "base64").length;
  if (!sizes.includes(bytes)) return `is ${bytes} bytes long once decoded; ${type} needs ${sizes.length === 1 ? `${sizes[0]} bytes` : `${sizes.slice(0, -1).join(", ")} or ${sizes[sizes.length - 1]} bytes`}`;
  return undefined;
}

/** How a provider is named in messages: `aescbc`, `kms v2 "vault"`. */
export function describeProvider(provider: EncryptionProvider): string {
  if (provider.type !== "kms") return provider.type;
  return `kms ${provider.kmsApiVersion ?? "v1"}${provider.kmsName !== undefined ? ` "${provider.kmsName}"` : ""}`;
}
