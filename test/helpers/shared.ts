// Where the shared test corpora are: `../shared` beside the project, as the project is laid
// out. SHIPSHAPE_SHARED names another place; a clone of a local checkout (CI's clean clone in a
// scratch folder) finds them beside the checkout it was cloned from.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

function originCheckout(): string | undefined {
  try {
    const url = execFileSync("git", ["config", "--get", "remote.origin.url"], { cwd: ROOT, encoding: "utf8" }).trim();
    return path.isAbsolute(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

function findShared(): string {
  const candidates = [process.env.SHIPSHAPE_SHARED, path.resolve(ROOT, "../shared")];
  const origin = originCheckout();
  if (origin !== undefined) candidates.push(path.resolve(origin, "../shared"));
  const found = candidates.find((candidate) => candidate !== undefined && existsSync(path.join(candidate, "corpus")));
  if (found === undefined) throw new Error(`the shared corpora are not at ${candidates.filter(Boolean).join(" or ")}; set SHIPSHAPE_SHARED`);
  return found;
}

export const SHARED = findShared();

export function corpusPath(...parts: string[]): string {
  return path.join(SHARED, "corpus", ...parts);
}
