// Every rule's fixtures: pass/*.yaml must not trigger the rule; fail/<case>.yaml must produce
// exactly the findings listed in fail/<case>.expected.yaml (line, column, path, message text).
// A rule folder may hold options.yaml (the rule's options for every case) and scans.yaml (the
// scanner reports of fixtures-scans/ to load); a case may have its own <case>.options.yaml.
// A case can also be a folder of several files linted together (objects spread over files);
// its expected findings then name their `file`.
// The target Kubernetes version (what `--kube-version` sets) is the newest known unless a rule
// folder holds a `kube-version` file or a case a `<case>.kube-version` file: one line, "1.21".
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseKubeVersion } from "../../src/model/kube-version.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { lintFiles, onlyRules } from "../helpers/lint.js";
import { fixtureScans } from "../helpers/scans.js";

const ROOT = path.join(import.meta.dirname, "fixtures");

interface Expected {
  file?: string;
  line: number;
  column?: number;
  path?: string;
  message?: string;
  container?: string;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || (e.name.endsWith(".yaml") && !e.name.endsWith(".expected.yaml") && !e.name.endsWith(".options.yaml")))
    .map((e) => e.name)
    .sort();
}

/** The inputs of a case: one file, or every file of a case folder (named relative to it). */
function caseInputs(casePath: string): Array<{ file: string; text: string }> {
  if (!statSync(casePath).isDirectory()) return [{ file: path.basename(casePath), text: readFileSync(casePath, "utf8") }];
  return readdirSync(casePath)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(path.join(casePath, f), "utf8") }));
}

const caseName = (file: string) => file.replace(/\.yaml$/, "");

const ruleDirs = existsSync(ROOT) ? readdirSync(ROOT).sort() : [];

describe("rule fixtures", () => {
  it("every rule has a fixture folder with passing and failing cases", () => {
    const missing = ALL_RULES.filter((r) => r.scope !== "input").filter((r) => yamlFiles(path.join(ROOT, r.id, "pass")).length === 0 || yamlFiles(path.join(ROOT, r.id, "fail")).length === 0);
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  it("every fixture folder names a rule", () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect(ruleDirs.filter((d) => !ids.has(d))).toEqual([]);
  });

  for (const ruleId of ruleDirs) {
    describe(ruleId, () => {
      const dir = path.join(ROOT, ruleId);
      const readYaml = (file: string): unknown => (existsSync(file) ? yaml.load(readFileSync(file, "utf8")) : undefined);
      const folderOptions = readYaml(path.join(dir, "options.yaml"));
      const scanNames = readYaml(path.join(dir, "scans.yaml")) as string[] | undefined;
      const imageScans = scanNames === undefined ? [] : fixtureScans(scanNames);
      const readKubeVersion = (file: string) => {
        if (!existsSync(file)) return undefined;
        const version = parseKubeVersion(readFileSync(file, "utf8"));
        if (version === undefined) throw new Error(`${file}: not a Kubernetes version such as 1.21`);
        return version;
      };
      const folderKubeVersion = readKubeVersion(path.join(dir, "kube-version"));
      const configFor = (casePath: string) => {
        const options = readYaml(`${casePath.replace(/\.yaml$/, "")}.options.yaml`) ?? folderOptions;
        const config = onlyRules({ [ruleId]: options === undefined ? "on" : { severity: "on", options } });
        const kubeVersion = readKubeVersion(`${casePath.replace(/\.yaml$/, "")}.kube-version`) ?? folderKubeVersion;
        return kubeVersion === undefined ? config : { ...config, kubeVersion };
      };

      for (const file of yamlFiles(path.join(dir, "pass"))) {
        it(`passes ${file}`, () => {
          const outcome = lintFiles(caseInputs(path.join(dir, "pass", file)), configFor(path.join(dir, "pass", file)), { today: "2026-06-01", imageScans });
          expect(outcome.findings.filter((f) => f.rule === ruleId).map((f) => `${f.location?.line}: ${f.message}`)).toEqual([]);
          expect(outcome.incomplete).toBe(false);
        });
      }
      for (const file of yamlFiles(path.join(dir, "fail"))) {
        it(`fails ${file}`, () => {
          const expectedFile = path.join(dir, "fail", `${caseName(file)}.expected.yaml`);
          expect(existsSync(expectedFile), `${expectedFile} is missing`).toBe(true);
          const expected = yaml.load(readFileSync(expectedFile, "utf8")) as Expected[];
          const outcome = lintFiles(caseInputs(path.join(dir, "fail", file)), configFor(path.join(dir, "fail", file)), { today: "2026-06-01", imageScans });
          const actual = outcome.findings.filter((f) => f.rule === ruleId);
          expect(outcome.incomplete).toBe(false);
          const where = (f: (typeof actual)[number]) => `${f.location?.file}:${f.location?.line}:${f.location?.column} ${f.path} ${f.message}`;
          expect(actual.map((f) => f.location?.line), actual.map(where).join("\n")).toEqual(expected.map((e) => e.line));
          expected.forEach((e, i) => {
            const f = actual[i];
            if (e.file !== undefined) expect(f?.location?.file, `file of finding ${i}`).toBe(e.file);
            if (e.column !== undefined) expect(f?.location?.column, `column of finding ${i}`).toBe(e.column);
            if (e.path !== undefined) expect(f?.path, `path of finding ${i}`).toBe(e.path);
            if (e.message !== undefined) expect(f?.message, `message of finding ${i}`).toContain(e.message);
            if (e.container !== undefined) expect(f?.container, `container of finding ${i}`).toBe(e.container);
          });
        });
      }
    });
  }
});
