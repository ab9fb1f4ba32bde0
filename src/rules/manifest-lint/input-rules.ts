// Findings about the input itself. The input layer and the engine emit them; they are rules so
// that users can read about them, list them and change their severity.
import { defineInputRule } from "../rule.js";

const SEED = "1.2 Lint your manifests";

export const yamlSyntax = defineInputRule({
  id: "yaml-syntax",
  practice: "manifest-lint",
  severity: "error",
  summary: "Manifests must be valid YAML",
  docs: {
    seed: SEED,
    why: "A manifest that does not parse cannot be applied, and every tool in the pipeline reads it differently or not at all. shipshape reports the first error of each document at its exact line and column, and still checks every other document and file.",
    fix: "Correct the YAML at the reported position: indentation, a missing `:` or quote, a tab used for indentation. Other documents in the same file are checked on their own.",
    before: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: \"fast\n",
    after: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: \"fast\"\n",
    notes: "Documents are split at `---` lines and parsed one by one, so one broken document never hides the findings of the others. Nesting deeper than 1,000 levels and aliases that expand a document more than tenfold (beyond 100,000 nodes) are refused as malicious input.",
  },
});

export const yamlDuplicateKey = defineInputRule({
  id: "yaml-duplicate-key",
  practice: "manifest-lint",
  severity: "error",
  summary: "A mapping must not repeat a key",
  docs: {
    seed: SEED,
    why: "When a key appears twice, most YAML readers keep the last value without a word, so the first one is silently ignored: a second `env:` or `resources:` block quietly replaces the first. Recent kubectl versions refuse such files outright.",
    fix: "Merge the two entries into one, or delete the one you did not mean.",
    before: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\n  labels:\n    tier: frontend\n",
    after: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\n    tier: frontend\n",
  },
});

export const objectTypeMissing = defineInputRule({
  id: "object-type-missing",
  practice: "manifest-lint",
  severity: "error",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        otherDocuments: {
          enum: ["note", "report"],
          description: "A document with neither apiVersion nor kind (Helm values, app settings): skip it with a note (default), or report it as this rule's finding, as kubeconform does.",
        },
      },
    },
    defaults: { otherDocuments: "note" },
  },
  summary: "Every object names its apiVersion and kind",
  docs: {
    seed: SEED,
    why: "The API server needs both `apiVersion` and `kind` to know what an object is. A document with one but not the other is a manifest with a mistake, not some other kind of file. (A document with neither, such as a Helm values file, is skipped with a note.)",
    fix: "Add the missing field.",
    before: "kind: ConfigMap\nmetadata:\n  name: settings\n",
    after: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
    notes: "A document with neither field is skipped with a note, because a folder of manifests often holds other YAML (Helm values, application settings). Set the option `otherDocuments: report` to report such documents too, as kubeconform does.",
  },
});

export const objectDuplicate = defineInputRule({
  id: "object-duplicate",
  practice: "manifest-lint",
  severity: "warning",
  summary: "An object is defined once",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        scope: {
          enum: ["file", "folder", "run"],
          description: "Where two copies count as duplicates: the same file, the same folder (default: what `kubectl apply -f DIR` applies together), or anywhere in the run.",
        },
      },
    },
    defaults: { scope: "folder" },
  },
  docs: {
    seed: "1.2 Lint your manifests",
    why: "Two definitions of the same object (same API group, kind, namespace and name) applied together do not add up: the later one silently replaces the earlier, so half of what you reviewed never reaches the cluster. It usually comes from a copy-paste or a file duplicated for a variant and never renamed.",
    fix: "Keep one definition: merge the two, rename one of them, or move a variant into its own folder (or overlay).",
    before: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: debug\n",
    after: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n  level: debug\n",
    notes: "Two versions of one group (apps/v1 and apps/v1beta1) name the same object, as the API server sees it; objects of different groups do not collide (a custom `Deployment` kind of another group is another object). An object that names no namespace and one that names a namespace are different here, since the first lands wherever it is applied. By default only copies in the same folder count, so that a Kustomize base and its overlays, or variants kept in separate folders, are not reported; set `scope` to `file` or `run` to narrow or widen this.",
  },
});

export const serverDryRunRejected = defineInputRule({
  id: "server-dry-run-rejected",
  practice: "manifest-lint",
  severity: "error",
  summary: "With --server-dry-run: the API server accepts every object",
  docs: {
    seed: "1.2 Lint your manifests",
    why: "A schema says what an object may look like; only the API server knows everything it will refuse: its own validation (a Service's port range, immutable fields), the admission plugins of that cluster, a namespace's enforced Pod Security level, webhooks. `shipshape lint --server-dry-run` asks it, with nothing changed (server-side apply with `dryRun=All`), and reports each refusal at the object.",
    fix: "Read the server's message at the reported field and correct the manifest; for a Pod Security refusal, make the pod meet the namespace's level (see the `pod-security` rules).",
    before: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: shop # enforces the restricted Pod Security level\nspec:\n  containers:\n    - name: debug\n      image: registry.example.com/debug:1.0.0\n      securityContext:\n        privileged: true\n",
    after: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: shop # enforces the restricted Pod Security level\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: debug\n      image: registry.example.com/debug:1.0.0\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop: [ALL]\n",
    notes: "Off unless `--server-dry-run` is given, with `--kubeconfig`/`--context` choosing the cluster. Each object is sent as a server-side apply (`PATCH … ?dryRun=All&fieldValidation=Strict`), so it works whether the object exists or not; the identity needs `patch` on the objects' resources. Objects without a namespace go to the context's namespace (or `default`). A namespace that does not exist yet is reported as such: a dry run of a Namespace in the same input does not create it. Not available with standard input.",
  },
});

export const serverDryRunWarning = defineInputRule({
  id: "server-dry-run-warning",
  practice: "manifest-lint",
  severity: "warning",
  summary: "With --server-dry-run: the API server has no warning about an object",
  docs: {
    seed: "1.2 Lint your manifests",
    why: "The API server attaches warnings to requests it accepts but that will cause trouble: a deprecated API version, a pod template that the namespace's Pod Security level would refuse for its pods (a Deployment is admitted, its pods are not), fields it dropped. kubectl prints them and they scroll away in a CI log; here they are findings.",
    fix: "Act on the warning: it names the problem (a deprecated version and its replacement, the Pod Security controls a pod template breaks).",
    before: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\n  namespace: shop # enforces the baseline Pod Security level\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      hostNetwork: true\n      containers:\n        - name: agent\n          image: registry.example.com/agent:1.0.0\n",
    after: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\n  namespace: shop # enforces the baseline Pod Security level\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n        - name: agent\n          image: registry.example.com/agent:1.0.0\n",
    notes: "Off unless `--server-dry-run` is given. Every `Warning` header of the dry-run response becomes one finding at the object.",
  },
});

export const objectNameMissing = defineInputRule({
  id: "object-name-missing",
  practice: "manifest-lint",
  severity: "error",
  summary: "Every object has a metadata.name (or generateName)",
  docs: {
    seed: SEED,
    why: "The API server refuses an object without a name (`kubectl create` accepts `generateName` instead). Without one, the manifest cannot be applied and cannot be referred to.",
    fix: "Set `metadata.name`.",
    before: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    app: web\n",
    after: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-settings\n  labels:\n    app: web\n",
  },
});

const EXEMPTIONS_NOTE = "Exemptions are written in the `shipshape.dev/exemptions` annotation of an object (or its pod template), or in the `exemptions` list of `.shipshape.yaml` for objects you cannot annotate. Each names rule ids, a required reason, optionally one container and an `until` date (YYYY-MM-DD, inclusive, UTC).";

export const exemptionInvalid = defineInputRule({
  id: "exemption-invalid",
  practice: "manifest-lint",
  severity: "error",
  summary: "Exemption annotations must be well formed and name existing rules",
  docs: {
    seed: SEED,
    why: "An exemption that cannot be read, names a rule that does not exist or gives no reason exempts nothing, and a silent mistake there would look like a passing check. It is reported so that it gets fixed.",
    fix: `Give the annotation a YAML mapping (or list of mappings) with \`rules\`, \`reason\` and optionally \`container\` and \`until\`. ${EXEMPTIONS_NOTE}`,
    before: "metadata:\n  annotations:\n    shipshape.dev/exemptions: |\n      rules: [run-as-non-root]\n",
    after: "metadata:\n  annotations:\n    shipshape.dev/exemptions: |\n      rules: [run-as-non-root]\n      reason: vendor image needs root to bind port 80; tracked in OPS-142\n      until: 2027-06-30\n",
  },
});

export const exemptionExpired = defineInputRule({
  id: "exemption-expired",
  practice: "manifest-lint",
  severity: "warning",
  summary: "Expired exemptions no longer apply",
  docs: {
    seed: SEED,
    why: "An exemption with an `until` date is a promise to fix something by then. After that day the exemption stops applying, the findings it silenced come back, and this finding says why they did.",
    fix: `Fix what the exemption excused, or renew it with a new date and an updated reason. ${EXEMPTIONS_NOTE}`,
    before: "    shipshape.dev/exemptions: |\n      rules: [image-tag-mutable]\n      reason: waiting for the vendor's first tagged release\n      until: 2025-01-31\n",
    after: "    # exemption removed: the image is now pinned\n",
  },
});

export const exemptionUnused = defineInputRule({
  id: "exemption-unused",
  practice: "manifest-lint",
  severity: "info",
  summary: "Exemptions that silence nothing should be removed",
  docs: {
    seed: SEED,
    why: "An exemption that matches no finding is dead weight at best; at worst it will silently hide a real problem the day someone reintroduces it. Reporting them keeps the list of exceptions honest.",
    fix: `Delete the exemption, or correct its rule ids, container or match. ${EXEMPTIONS_NOTE}`,
    before: "    shipshape.dev/exemptions: |\n      rules: [privileged-container]\n      reason: legacy\n",
    after: "    # no exemption needed: the container is not privileged\n",
  },
});

export const INPUT_RULES = [yamlSyntax, yamlDuplicateKey, objectTypeMissing, objectNameMissing, objectDuplicate, serverDryRunRejected, serverDryRunWarning, exemptionInvalid, exemptionExpired, exemptionUnused];
