// The scanner reports tests use: small Trivy and Grype documents in test/rules/fixtures-scans/.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseImageScanReport, type ImageScan } from "../../src/model/image-scans.js";
import type { JsonValue } from "../../src/model/json.js";

export const SCANS_DIR = path.resolve(import.meta.dirname, "../rules/fixtures-scans");

/** Reports by file name (all of them when no names are given). */
export function fixtureScans(names?: readonly string[]): ImageScan[] {
  const files = names ?? readdirSync(SCANS_DIR).filter((f) => f.endsWith(".json")).sort();
  return files.map((f) => {
    const scan = parseImageScanReport(JSON.parse(readFileSync(path.join(SCANS_DIR, f), "utf8")) as JsonValue, f);
    if (scan === undefined) throw new Error(`${f} is not a Trivy or Grype report`);
    return scan;
  });
}
