// Reading scanner reports (Trivy, Grype JSON) from files and folders.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseImageScanReport, type ImageScan } from "../model/image-scans.js";
import type { JsonValue } from "../model/json.js";
import { describeFsError } from "./discover.js";

export async function loadImageScans(paths: readonly string[], base: string): Promise<{ scans: ImageScan[]; problems: string[] }> {
  const scans: ImageScan[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(base, given);
    let files: string[];
    try {
      const info = await stat(absolute);
      files = info.isDirectory()
        ? (await readdir(absolute)).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(absolute, f))
        : [absolute];
    } catch (error) {
      problems.push(`cannot read image scan report ${given}: ${describeFsError(error)}`);
      continue;
    }
    for (const file of files) {
      const shown = path.relative(process.cwd(), file) || file;
      let value: JsonValue;
      try {
        value = JSON.parse(await readFile(file, "utf8")) as JsonValue;
      } catch (error) {
        problems.push(`cannot read image scan report ${shown}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : describeFsError(error)}`);
        continue;
      }
      const scan = parseImageScanReport(value, shown);
      if (scan === undefined) problems.push(`${shown} is neither a Trivy (--format json) nor a Grype (-o json) report`);
      else scans.push(scan);
    }
  }
  return { scans, problems };
}
