// A webhook review lays its object over the kept index of its namespace (LayeredIndex) and reuses
// values derived from that index across reviews. It must say exactly what a run over an index
// built from scratch says: checked here for every cross-resource rule, on each object of its
// fixtures, as an update (the index holds the object's older version) and as a create.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { ALL_RULES } from "../../src/rules/index.js";
import { isKubeObject, type KubeObject } from "../../src/model/object.js";
import { buildLinter, linterSpecOf } from "../../src/input/linter.js";
import { emptyResult, indexRecordOf, type IndexRecord } from "../../src/input/process.js";
import { finishUnplaced } from "../../src/input/run-lint.js";
import { indexOfRecords, keptObject } from "../../src/engine/outcome.js";
import { LayeredIndex } from "../../src/model/layered-index.js";
import { derivedKey, namespaceKeyOf, ResourceIndex, type IndexedResource } from "../../src/model/resource-index.js";
import { parseSelectorMap } from "../../src/model/selectors.js";
import { onlyRules } from "../helpers/lint.js";

const fixtures = path.resolve(import.meta.dirname, "../rules/fixtures");
const readYaml = (file: string): unknown => (existsSync(file) ? yaml.load(readFileSync(file, "utf8")) : undefined);
const objectsOf = (casePath: string): KubeObject[] => {
  const files = statSync(casePath).isDirectory() ? readdirSync(casePath).filter((f) => f.endsWith(".yaml")).map((f) => path.join(casePath, f)) : [casePath];
  return files.flatMap((file) => yaml.loadAll(readFileSync(file, "utf8")).filter(isKubeObject));
};
const sameObject = (a: IndexRecord, b: IndexRecord): boolean => a.kind === b.kind && a.name === b.name && namespaceKeyOf(a) === namespaceKeyOf(b);

describe("a review laid over a kept index", () => {
  it("says what a run over a fresh index says, for every cross-resource rule's fixtures, updates and creates", () => {
    const rulesWithFindings = new Set<string>();
    let comparisons = 0;
    for (const rule of ALL_RULES.filter((r) => r.scope === "index")) {
      const folderOptions = readYaml(path.join(fixtures, rule.id, "options.yaml"));
      for (const outcome of ["fail", "pass"]) {
        const dir = path.join(fixtures, rule.id, outcome);
        if (!existsSync(dir)) continue;
        for (const entry of readdirSync(dir).filter((f) => !f.endsWith(".expected.yaml") && !f.endsWith(".options.yaml") && !f.endsWith(".kube-version"))) {
          const casePath = path.join(dir, entry);
          const options = readYaml(`${casePath.replace(/\.yaml$/, "")}.options.yaml`) ?? folderOptions;
          const config = onlyRules({ [rule.id]: options === undefined ? "on" : { severity: "on", options } });
          const linter = buildLinter(linterSpecOf(config, []));
          const recordOf = (object: KubeObject, key: string): IndexRecord => indexRecordOf(object, { key, file: "", locate: () => undefined, source: undefined }, linter.ruleSet, linter.input);
          const objects = objectsOf(casePath).filter((object) => linter.ruleSet.needsIndex(object));
          // Keys as the webhook's cache makes them (resource/uid), not numbered like documents of a file.
          const records = objects.map((object, i) => recordOf(object, `cache#${object.kind}/${i}`));
          // One kept index for the whole case, as the webhook keeps one per namespace between reviews.
          const kept = indexOfRecords(records, keptObject);
          objects.forEach((object, i) => {
            const reviewed = recordOf(object, "review");
            const others = records.filter((r) => !sameObject(r, reviewed));
            const label = `${rule.id} ${outcome}/${entry}: ${reviewed.kind} ${reviewed.name ?? ""}`;
            const fresh = finishUnplaced([{ ...emptyResult(""), records: [...others, reviewed] }], linter, config, { focus: "review" });
            const updated = finishUnplaced([{ ...emptyResult(""), records: [reviewed] }], linter, config, { focus: "review", over: kept });
            expect(updated.findings, `${label} (update)`).toEqual(fresh.findings);
            expect(updated.notes, `${label} (update)`).toEqual(fresh.notes);
            // A create: the kept index does not hold the object (built for this review alone).
            const without = indexOfRecords(records.filter((_, j) => j !== i && !sameObject(records[j] as IndexRecord, reviewed)), keptObject);
            const created = finishUnplaced([{ ...emptyResult(""), records: [reviewed] }], linter, config, { focus: "review", over: without });
            expect(created.findings, `${label} (create)`).toEqual(fresh.findings);
            comparisons += 2;
            if (fresh.findings.length > 0) rulesWithFindings.add(rule.id);
          });
        }
      }
    }
    expect(comparisons).toBeGreaterThan(500);
    // Findings were compared for every rule, not only silence.
    expect(ALL_RULES.filter((r) => r.scope === "index" && !rulesWithFindings.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe("LayeredIndex", () => {
  const resource = (kind: string, name: string, namespace: string | undefined, podLabels?: Record<string, string>): IndexedResource => ({
    key: `${kind}/${namespace ?? ""}/${name}`,
    apiVersion: kind === "Namespace" || kind === "Service" ? "v1" : "apps/v1",
    kind,
    name,
    namespace,
    labels: {},
    workload: podLabels !== undefined ? ({ podLabels } as unknown as IndexedResource["workload"]) : undefined,
    file: undefined,
    object: { apiVersion: "v1", kind, metadata: { name } },
  });
  const ns = resource("Namespace", "shop", undefined);
  const web = resource("Deployment", "web", "shop", { app: "web" });
  const cart = resource("Deployment", "cart", "shop", { app: "cart" });
  const svc = resource("Service", "web", "shop");
  const build = (resources: IndexedResource[]): ResourceIndex => {
    const index = new ResourceIndex();
    for (const r of resources) index.add(r);
    return index;
  };
  const answers = (index: ResourceIndex) => ({
    all: [...index.all()].map((r) => r.key),
    kinds: [...index.kinds()],
    size: index.size,
    deployments: index.ofKind("Deployment").map((r) => r.key),
    inShop: index.inNamespace("Deployment", "shop").map((r) => r.key),
    workloads: index.workloadsIn("shop").map((r) => r.key),
    selected: index.workloadsSelectedBy("shop", parseSelectorMap({ app: "web" })).map((r) => r.key),
    namespaces: index.namespacesInUse(),
    namespace: index.namespace("shop")?.key,
    counted: index.countIn("shop"),
  });

  it("answers every lookup as an index built with the added objects last", () => {
    const base = build([ns, svc, web, cart]);
    const web2 = { ...resource("Deployment", "web", "shop", { app: "web", v: "2" }), key: "review" };
    expect(answers(new LayeredIndex(base, [web2], [web]))).toEqual(answers(build([ns, svc, cart, web2])));
    const api = resource("Deployment", "api", "other", { app: "web" });
    expect(answers(new LayeredIndex(base, [api], []))).toEqual(answers(build([ns, svc, web, cart, api])));
    const ns2 = { ...resource("Namespace", "shop", undefined), key: "review" };
    expect(answers(new LayeredIndex(base, [ns2], [ns]))).toEqual(answers(build([svc, web, cart, ns2])));
    const lonely = build([resource("Service", "x", "gone"), ns]);
    const x2 = { ...resource("Service", "x", "gone"), key: "review" };
    expect(new LayeredIndex(lonely, [], lonely.ofKind("Service")).namespacesInUse()).toEqual([]);
    expect(new LayeredIndex(lonely, [x2], lonely.ofKind("Service")).namespacesInUse()).toEqual(["gone"]);
  });

  it("reuses its base's derived values that read none of the changed objects, and computes the others itself", () => {
    const base = build([ns, svc, web, cart]);
    const services = derivedKey<number>("services", { kinds: ["Service"] });
    const workloads = derivedKey<number>("workloads", { workloads: true });
    const anything = derivedKey<number>("anything");
    let computed = 0;
    const count = (index: ResourceIndex, key: typeof services, read: (i: ResourceIndex) => number) => index.derive(key, (i) => (computed++, read(i)));
    const layered = () => new LayeredIndex(base, [{ ...web, key: "review" }], [web]);
    count(layered(), services, (i) => i.ofKind("Service").length);
    count(layered(), services, (i) => i.ofKind("Service").length);
    expect(computed).toBe(1);
    count(layered(), workloads, (i) => i.workloadsIn("shop").length);
    count(layered(), workloads, (i) => i.workloadsIn("shop").length);
    expect(computed).toBe(3);
    count(layered(), anything, (i) => i.size);
    count(layered(), anything, (i) => i.size);
    expect(computed).toBe(5);
  });

  it("fails a derived value that reads what it does not declare, and one that uses a wider one", () => {
    const index = build([ns, svc, web]);
    expect(() => index.derive(derivedKey<number>("narrow", { kinds: ["Service"] }), (i) => i.ofKind("Deployment").length)).toThrow(/reads Deployment objects, which it does not declare/);
    expect(() => index.derive(derivedKey<number>("no workloads", { kinds: ["Service"] }), (i) => i.workloadsIn("shop").length)).toThrow(/reads workloads/);
    expect(() => index.derive(derivedKey<number>("not all", { kinds: ["Service"] }), (i) => [...i.all()].length)).toThrow(/reads every object/);
    const wide = derivedKey<number>("wide");
    expect(() => index.derive(derivedKey<number>("outer", { kinds: ["Service"] }), (i) => i.derive(wide, () => 1))).toThrow(/uses "wide", which reads more/);
    // The failures leave nothing half-set: the index answers as before.
    expect(index.ofKind("Deployment")).toHaveLength(1);
    expect(() => index.add(cart)).not.toThrow();
    index.derive(derivedKey<number>("fine", { kinds: ["Service"] }), (i) => i.ofKind("Service").length);
    expect(() => index.add(cart)).toThrow(/after values were derived/);
  });
});
