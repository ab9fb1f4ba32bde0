// Secret values written into manifests: a Secret's data, and environment variables whose name
// says they hold a credential. Nothing here ever returns or formats a value: callers get key
// names and paths only.
import { asObject, type JsonObject, type ObjectPath } from "./json.js";

/** Words of an environment variable's name: `DB_PASSWORD` → db, password; `apiKey` → api, key. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

const SECRET_WORDS = new Set(["password", "passwd", "pass", "pwd", "secret", "secrets", "token", "credential", "credentials", "creds", "apikey", "passphrase"]);
const KEY_QUALIFIERS = new Set(["api", "access", "private", "secret", "auth", "encryption", "signing", "master", "client", "license", "webhook", "hmac"]);
/** A last word that makes the variable about a secret rather than the secret itself. */
const NOT_THE_VALUE = new Set([
  "file", "path", "dir", "directory", "name", "names", "id", "ref", "url", "uri", "endpoint", "host", "port", "user", "username", "ttl", "timeout", "expiry",
  "expiration", "expires", "lifetime", "duration", "seconds", "secs", "days", "hours", "length", "len", "size", "min", "max", "count", "header", "enabled",
  "enable", "disabled", "disable", "required", "type", "mode", "policy", "location", "audience", "issuer", "algorithm", "alg", "version", "field", "param",
  "prefix", "format", "strategy", "provider", "store", "backend", "kind", "namespace", "arn", "region", "key_id", "mount", "volume", "source",
]);

/** Whether an environment variable's name says it holds a credential (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`). */
export function isSecretLikeName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (words.length === 1 && words[0] === "pwd") return false; // the shell's working directory
  const last = words[words.length - 1] as string;
  if (NOT_THE_VALUE.has(last)) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  // `*_KEY` alone is too broad (CACHE_KEY, SORT_KEY): only qualified keys.
  for (let i = 1; i < words.length; i++) if (words[i] === "key" && KEY_QUALIFIERS.has(words[i - 1] as string)) return true;
  return false;
}

/**
 * Whether a literal is evidently not a credential: empty, a reference (`$(VAR)` expanded by the
 * kubelet, `${VAR}` or `{{ }}` filled by a templating step), a placeholder (`<password>`,
 * `REPLACE_ME`, `xxx`, or a stand-in named like a credential: `HF_TOKEN`, `your-password`), a
 * boolean, a number or a duration, or a file path.
 */
export function isHarmlessLiteral(value: string): boolean {
  const text = value.trim();
  if (text === "") return true;
  if (/\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(text)) return true;
  if (/\$\{[^}]*\}|\{\{[\s\S]*\}\}/.test(text)) return true;
  if (/^<[^<>]*>$/.test(text)) return true;
  // A stand-in named like what it stands for (`HF_TOKEN`, `SECRET`, `YOUR_API_KEY`, `your-password`).
  if (/^[A-Z][A-Z0-9_]*$/.test(text) && isSecretLikeName(text)) return true;
  if (/^your[-_ ]/i.test(text)) return true;
  if (/^(replace[-_ ]?me|to[-_ ]?be[-_ ]?replaced|placeholder|redacted|x{3,}|\*{3,}|\.{3,}|-+|null|none|nil|~)$/i.test(text)) return true;
  if (/^(true|false|yes|no|on|off|enabled|disabled)$/i.test(text)) return true;
  if (/^-?\d+(\.\d+)?([smhd]|ms|[KMGT]i?)?$/.test(text)) return true;
  if (/^(\/|\.\/|~\/|file:)/.test(text)) return true;
  return false;
}

/** Whether a value is a URL with a password in it (`postgres://app:…@db:5432/app`). */
export function hasPasswordInUrl(value: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/i.exec(value.trim());
  return match !== null && !isHarmlessLiteral(match[1] as string);
}

/** Values that are encrypted for the repository and safe to commit (SOPS writes `ENC[AES256_GCM,…]`). */
function isEncryptedForRepository(value: string): boolean {
  return /^ENC\[[A-Z0-9_]+,data:/.test(value.trim());
}

/** Public certificates (not keys) are not secret: a CA bundle in a Secret is no leak. */
function isPublicCertificate(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("-----BEGIN CERTIFICATE-----")) return false;
  return !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed);
}

/** Decoded `data` value, or undefined when it is not valid base64 (still a value to the API server's eyes). */
function decodeData(value: string): string | undefined {
  const compact = value.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, "base64").toString("utf8");
}

export interface CommittedValue {
  readonly field: "data" | "stringData";
  readonly key: string;
  readonly path: ObjectPath;
}

/**
 * The keys of a Secret whose values are real secrets written into the manifest. Left out: empty
 * values and placeholders (filled in at deploy time), values encrypted for the repository (SOPS),
 * public certificates. A Secret with a top-level `sops:` block is encrypted as a whole.
 */
export function committedSecretValues(secret: JsonObject): CommittedValue[] {
  if (asObject(secret.sops) !== undefined) return [];
  const out: CommittedValue[] = [];
  for (const field of ["data", "stringData"] as const) {
    const values = asObject(secret[field]);
    if (values === undefined) continue;
    for (const [key, raw] of Object.entries(values)) {
      if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") continue;
      const written = String(raw);
      if (isEncryptedForRepository(written)) continue;
      const plain = field === "data" ? (decodeData(written) ?? written) : written;
      if (isEncryptedForRepository(plain) || isPublicCertificate(plain)) continue;
      if (plain.trim() === "" || isPlaceholder(plain)) continue;
      out.push({ field, key, path: [field, key] });
    }
  }
  return out;
}

/** Placeholders in a Secret: only references and obvious stand-ins (a Secret's numbers and words are secrets). */
function isPlaceholder(value: string): boolean {
  const text = value.trim();
  if (/^\$\{[^}]*\}$|^\$\([A-Za-z_][A-Za-z0-9_]*\)$|^\{\{[\s\S]*\}\}$|^<[^<>]*>$/.test(text)) return true;
  return /^(replace[-_ ]?me|to[-_ ]?be[-_ ]?replaced|placeholder|redacted|x{3,}|\*{3,}|\.{3,})$/i.test(text);
}
