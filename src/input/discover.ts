// Command-line paths → the files to lint. Folders are searched recursively for manifests;
// a file named explicitly is read whatever its extension.
import { stat } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";

export const MANIFEST_EXTENSIONS = ["yaml", "yml", "json"];

/** Never worth descending into. */
const ALWAYS_SKIPPED = ["**/node_modules/**", "**/.git/**"];

export interface ExcludeRules {
  /** Patterns are matched against paths relative to this folder. */
  readonly base: string;
  readonly patterns: readonly string[];
}

export interface DiscoveredInputs {
  /** Absolute paths of files, in a stable order; "-" for standard input. */
  readonly files: string[];
  /** Paths that could not be used: they do not exist or cannot be read. */
  readonly problems: Array<{ path: string; message: string }>;
  /** Files named on the command line but excluded by the configuration. */
  readonly excluded: string[];
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export function makeExcludeMatcher(rules: readonly ExcludeRules[]): (absolute: string) => boolean {
  const matchers = rules
    .filter((r) => r.patterns.length > 0)
    .map((r) => ({ base: r.base, match: picomatch([...r.patterns], { dot: true }) }));
  return (absolute) =>
    matchers.some(({ base, match }) => {
      const relative = toPosix(path.relative(base, absolute));
      if (relative.startsWith("../")) return false;
      // A pattern naming a folder excludes what is inside it too.
      return match(relative) || relative.split("/").some((_, i, parts) => match(parts.slice(0, i + 1).join("/")));
    });
}

export async function discoverInputs(paths: readonly string[], cwd: string, excludes: readonly ExcludeRules[]): Promise<DiscoveredInputs> {
  const isExcluded = makeExcludeMatcher(excludes);
  const files: string[] = [];
  const problems: Array<{ path: string; message: string }> = [];
  const excluded: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const given of paths) {
    if (given === "-") {
      add("-");
      continue;
    }
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      problems.push({ path: given, message: describeFsError(error) });
      continue;
    }
    if (info.isDirectory()) {
      let found: string[];
      try {
        // Loaded only when a folder is walked: it loads picomatch from disk, a cost a lint of single files need not pay.
        const { glob } = await import("tinyglobby");
        found = await glob(`**/*.{${MANIFEST_EXTENSIONS.join(",")}}`, {
          cwd: absolute,
          absolute: true,
          dot: false,
          ignore: ALWAYS_SKIPPED,
          followSymbolicLinks: false,
        });
      } catch (error) {
        problems.push({ path: given, message: describeFsError(error) });
        continue;
      }
      for (const file of found.map((f) => path.resolve(f)).sort()) if (!isExcluded(file)) add(file);
    } else if (isExcluded(absolute)) {
      excluded.push(given);
    } else {
      add(absolute);
    }
  }
  return { files, problems, excluded };
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** How a file is named in reports: relative to the working directory when inside it. */
export function displayPath(absolute: string, cwd: string): string {
  if (absolute === "-") return "<stdin>";
  const relative = path.relative(cwd, absolute);
  return toPosix(relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative);
}
