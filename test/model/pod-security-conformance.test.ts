import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { getIn, isObject } from "../../src/model/json.js";
import type { JsonObject } from "../../src/model/json.js";
import {
  NEWEST_POLICY_MINOR,
  evaluatePodSecurity,
  formatPodSecurityMessage,
} from "../../src/model/pod-security/index.js";
import type { PodSecurityVersion, PodSecurityViolation } from "../../src/model/pod-security/index.js";
import { corpusPath } from "../helpers/shared.js";

// The upstream fixtures (kubernetes/pod-security-admission test/testdata), read in place.
const CORPUS = corpusPath("pod-security");
const LEVELS = ["baseline", "restricted"] as const;
type Level = (typeof LEVELS)[number];

interface CheckEntry {
  id: string;
  fixturePrefix: string;
  expectErrorSubstring: string;
}

const checks = (JSON.parse(readFileSync(path.join(CORPUS, "checks.json"), "utf8")) as { checks: CheckEntry[] }).checks;
const substringByPrefix = new Map(checks.map((check) => [check.fixturePrefix, check.expectErrorSubstring]));

interface Fixture {
  /** Relative to the corpus, e.g. "restricted/v1.23/fail/runasuser0.yaml". */
  name: string;
  level: Level;
  minor: number;
  outcome: "pass" | "fail";
  pod: JsonObject;
}

function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const level of LEVELS) {
    for (const folder of readdirSync(path.join(CORPUS, level))) {
      const match = /^v1\.(\d+)$/.exec(folder);
      if (match === null) continue;
      const minor = Number(match[1]);
      for (const outcome of ["pass", "fail"] as const) {
        const dir = path.join(CORPUS, level, folder, outcome);
        for (const file of readdirSync(dir).filter((entry) => entry.endsWith(".yaml")).sort()) {
          const parsed = yaml.load(readFileSync(path.join(dir, file), "utf8"));
          if (!isObject(parsed)) throw new Error(`${level}/${folder}/${outcome}/${file}: not a mapping`);
          fixtures.push({ name: `${level}/${folder}/${outcome}/${file}`, level, minor, outcome, pod: parsed });
        }
      }
    }
  }
  return fixtures;
}

/** Why a fixture's evaluation does not match its folder, or undefined when it does. */
function judge(fixture: Fixture, violations: PodSecurityViolation[], version: PodSecurityVersion): string | undefined {
  const message = formatPodSecurityMessage(fixture.level, version, violations);
  for (const violation of violations) {
    if (violation.paths.length === 0) return `${violation.check} reported no path`;
    for (const where of violation.paths) {
      if (getIn(fixture.pod, where) === undefined) return `${violation.check} path ${JSON.stringify(where)} does not exist`;
    }
  }
  if (fixture.outcome === "pass") {
    return violations.length === 0 ? undefined : `expected to be allowed, got: ${message}`;
  }
  const prefix = path.basename(fixture.name, ".yaml").replace(/\d+$/, "");
  const expected = substringByPrefix.get(prefix);
  if (expected === undefined) return `no check in checks.json has fixturePrefix "${prefix}"`;
  if (violations.length === 0) return `expected a denial containing "${expected}", got no violations`;
  return message.includes(expected) ? undefined : `expected "${expected}" in: ${message}`;
}

const fixtures = loadFixtures();
const results = fixtures.map((fixture) => {
  const version: PodSecurityVersion = { minor: fixture.minor };
  const violations = evaluatePodSecurity(fixture.pod, fixture.level, version);
  return { fixture, violations, problem: judge(fixture, violations, version) };
});
const failures = results.filter((result) => result.problem !== undefined);

/** One line per failing fixture; compared with [] so a failure prints every file and why. */
function listFailures(items: typeof failures): string[] {
  return items.map((item) => `${item.fixture.name}: ${item.problem}`);
}

describe("Pod Security Standards conformance with the upstream fixtures", () => {
  it("finds every upstream fixture", () => {
    expect(fixtures.length).toBe(4537);
    expect(fixtures.filter((fixture) => fixture.level === "baseline").length).toBe(1555);
    expect(fixtures.filter((fixture) => fixture.outcome === "pass").length).toBe(1051);
    const minors = new Set(fixtures.map((fixture) => fixture.minor));
    expect(Math.max(...minors)).toBe(NEWEST_POLICY_MINOR);
    expect(minors.size).toBe(NEWEST_POLICY_MINOR + 1);
  });

  it("agrees with every fixture (pass → allowed, fail → denied with the expected reason)", () => {
    const passed = results.length - failures.length;
    const ofLevel = (level: Level) => results.filter((result) => result.fixture.level === level);
    console.log(
      `pod-security conformance: ${passed}/${results.length} fixtures ` +
        `(baseline ${ofLevel("baseline").filter((r) => r.problem === undefined).length}/${ofLevel("baseline").length}, ` +
        `restricted ${ofLevel("restricted").filter((r) => r.problem === undefined).length}/${ofLevel("restricted").length}; ` +
        `${results.filter((r) => r.fixture.outcome === "pass").length} pass, ` +
        `${results.filter((r) => r.fixture.outcome === "fail").length} fail)`,
    );
    if (failures.length > 0) console.error(`failing fixtures:\n${listFailures(failures).join("\n")}`);
    expect(listFailures(failures)).toEqual([]);
    expect(passed).toBe(results.length);
  });

  const folders = [...new Set(fixtures.map((fixture) => `${fixture.level}/v1.${fixture.minor}`))];
  it.each(folders)("%s", (folder) => {
    const inFolder = results.filter((result) => result.fixture.name.startsWith(`${folder}/`));
    expect(inFolder.length).toBeGreaterThan(0);
    expect(listFailures(inFolder.filter((result) => result.problem !== undefined))).toEqual([]);
  });

  it("evaluates the v1.37 folders identically as `latest` and as v1.99", () => {
    const newest = results.filter((result) => result.fixture.minor === NEWEST_POLICY_MINOR);
    expect(newest.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const { fixture, violations } of newest) {
      for (const version of ["latest", { minor: 99 }] as const) {
        const other = evaluatePodSecurity(fixture.pod, fixture.level, version);
        if (JSON.stringify(other) !== JSON.stringify(violations)) {
          mismatches.push(`${fixture.name} at ${JSON.stringify(version)}`);
        }
        const problem = judge(fixture, other, version);
        if (problem !== undefined) mismatches.push(`${fixture.name} at ${JSON.stringify(version)}: ${problem}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("gives the same verdict for every fixture wrapped as a Deployment pod template", () => {
    const mismatches: string[] = [];
    for (const { fixture, violations } of results) {
      const metadata = isObject(fixture.pod["metadata"]) ? fixture.pod["metadata"] : {};
      const labels = isObject(metadata["labels"]) ? metadata["labels"] : {};
      const deployment: JsonObject = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: String(metadata["name"] ?? "fixture") },
        spec: {
          selector: { matchLabels: { test: "true" } },
          template: {
            metadata: { ...metadata, labels: { ...labels, test: "true" } },
            spec: fixture.pod["spec"] ?? {},
          },
        },
      };
      const template = getIn(deployment, ["spec", "template"]);
      if (!isObject(template)) throw new Error("template missing");
      const wrapped = evaluatePodSecurity(template, fixture.level, { minor: fixture.minor });
      if (JSON.stringify(wrapped) !== JSON.stringify(violations)) mismatches.push(fixture.name);
    }
    expect(mismatches).toEqual([]);
  });
});
