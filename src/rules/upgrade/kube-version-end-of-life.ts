// A finding about the run, not an object: the engine (engine/outcome.ts) reports it once when
// the target version is past its end of life (endOfLifeMessage in model/kube-releases.ts).
import { defineInputRule } from "../rule.js";

export default defineInputRule({
  id: "kube-version-end-of-life",
  practice: "upgrade",
  severity: "warning",
  summary: "The target Kubernetes version should still receive patches",
  docs: {
    seed: "2.2 Upgrade to the Latest Version",
    why: [
      "Each Kubernetes minor gets bug and security fixes for about fourteen months; after its end-of-life date, vulnerabilities found in it stay open for good. The seed's warning is blunt: once an exploit for a published CVE is public, anyone can use it against clusters that were not upgraded.",
      "The version you lint for (`--kube-version`, or `kubeVersion:` in `.shipshape.yaml`) is normally the version your clusters run, so a target past its end of life says the clusters are too. shipshape carries a table of release and end-of-life dates with the day it was compiled; dates after that day were plans at the time and say so.",
    ].join("\n\n"),
    fix: "Plan the upgrade to a supported minor (the finding lists them), one minor at a time, fixing what `api-removed` and `api-deprecated` report for each step; then target the new version.",
    before: 'kubeVersion: "1.30"\n',
    after: 'kubeVersion: "1.37"\n',
    notes: "Reported once per run, not per object. The table (`src/model/kube-releases.ts`) has the actual end of patch support where Kubernetes published it, and the announced date otherwise.",
  },
});
