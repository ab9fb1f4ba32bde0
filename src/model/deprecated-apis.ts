// The deprecated-API table of the `upgrade` practice: every apiVersion/kind that Kubernetes
// deprecated or stopped serving between 1.16 and the newest minor shipshape knows, with the
// version that replaces it. One source of truth: the rules, their docs and the tests read it.
//
// Where the facts come from (each entry names its own in `source`):
// - GUIDE: the Deprecated API Migration Guide on kubernetes.io
//   (kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md), removals by
//   release and the notable field changes.
// - LIFECYCLE: the `zz_generated.prerelease-lifecycle.go` files of k8s.io/api v0.37.2 (and
//   k8s.io/apiextensions-apiserver, k8s.io/kube-aggregator v0.37.2; k8s.io/api v0.32.3 for types
//   dropped since). They are what the API server itself uses: from `deprecated` on it answers
//   with a deprecation warning, from `removed` on it does not serve the version.
// - OPENAPI: the api/openapi-spec/v3 documents of k8s.io/kubernetes v1.32.13 … v1.37.2, which
//   list every version a release can serve (alpha and beta included): a version missing from a
//   release's documents was removed in that release.
// - CHANGELOG-1.x: kubernetes/kubernetes CHANGELOG/CHANGELOG-1.x.md of that release.
// - BLOG: kubernetes.io blog posts named in the entry.
//
// "Served" here means the release has the API version. Alpha versions, and beta versions
// introduced since 1.24, are also off by default and must be enabled on the API server; that
// is the cluster operator's business, not the manifest's.
import { compareKubeVersions, formatKubeVersion, type KubeVersion } from "./kube-version.js";

/** An API version that takes over from a deprecated one. */
export interface ApiReplacement {
  readonly apiVersion: string;
  /** Only when the kind changes too. */
  readonly kind?: string;
  /** The first minor that serves it. */
  readonly since: KubeVersion;
  /** What a manifest must change besides `apiVersion` when moving to this version. */
  readonly fieldChanges?: readonly string[];
}

export interface DeprecatedApi {
  /** group/version, e.g. "extensions/v1beta1". */
  readonly apiVersion: string;
  readonly kind: string;
  /** The first minor that served it, when known: older targets do not serve it yet. */
  readonly introducedIn?: KubeVersion;
  /**
   * From this minor on the API server warns that the version is deprecated. Undefined for alpha
   * versions that were removed without a deprecation period.
   */
  readonly deprecatedIn?: KubeVersion;
  /**
   * The first minor that no longer serves it. Undefined: no removal is scheduled. Later than
   * TABLE_COMPILED_FOR: the removal the API's lifecycle schedules, not yet a release.
   */
  readonly removedIn?: KubeVersion;
  /** Successors, preferred first; a rule recommends the first one the target serves. */
  readonly replacements: readonly ApiReplacement[];
  /** What to use when no replacement is served at the target (or none exists at all). */
  readonly instead?: string;
  /** Anything else worth saying in a finding. */
  readonly note?: string;
  readonly source: string;
}

/** The newest minor whose facts this table was compiled against. */
export const TABLE_COMPILED_FOR: KubeVersion = { major: 1, minor: 37 };

const v = (minor: number): KubeVersion => ({ major: 1, minor });

const GUIDE = "kubernetes.io Deprecated API Migration Guide";
const LIFECYCLE = "k8s.io/api v0.37.2 prerelease-lifecycle tags";
const LIFECYCLE_132 = "k8s.io/api v0.32.3 prerelease-lifecycle tags";
const OPENAPI = "k8s.io/kubernetes v1.32–v1.37 api/openapi-spec/v3";

const POD_SECURITY_ADMISSION =
  "there is no API replacement: enforce the Pod Security Standards with Pod Security Admission (the pod-security.kubernetes.io/enforce, audit and warn labels on each namespace) or a third-party admission webhook";

const SELECTOR_REQUIRED = "spec.selector is required and immutable: use the pod template's labels";

const WORKLOAD_V1 = { apiVersion: "apps/v1", since: v(9) } as const;

function workload(apiVersion: string, kind: string, introduced: number, deprecated: number, fieldChanges: readonly string[]): DeprecatedApi {
  return {
    apiVersion,
    kind,
    introducedIn: v(introduced),
    deprecatedIn: v(deprecated),
    removedIn: v(16),
    replacements: [{ ...WORKLOAD_V1, fieldChanges }],
    source: `${GUIDE} (v1.16); ${LIFECYCLE_132}`,
  };
}

const INGRESS_V1_CHANGES = [
  "spec.backend → spec.defaultBackend",
  "backend serviceName → service.name",
  "numeric backend servicePort → service.port.number, named servicePort → service.port.name",
  "pathType is required on every path (ImplementationSpecific keeps the v1beta1 behaviour)",
];

const WEBHOOK_V1_CHANGES = [
  "webhooks[*].sideEffects is required (None or NoneOnDryRun)",
  "webhooks[*].admissionReviewVersions is required",
  "failurePolicy defaults to Fail (was Ignore), matchPolicy to Equivalent (was Exact), timeoutSeconds to 10 (was 30)",
  "webhook names must be unique within the object",
];

const CRD_V1_CHANGES = [
  "spec.scope is required",
  "spec.version → spec.versions",
  "spec.validation → spec.versions[*].schema (a structural openAPIV3Schema is required)",
  "spec.subresources and spec.additionalPrinterColumns → the same fields under spec.versions[*] (JSONPath → jsonPath)",
  "spec.conversion.webhookClientConfig → spec.conversion.webhook.clientConfig, conversionReviewVersions → spec.conversion.webhook.conversionReviewVersions",
  "spec.preserveUnknownFields: true → x-kubernetes-preserve-unknown-fields: true inside the schema",
];

const PRIORITY_LEVEL_SHARES = ["spec.limited.assuredConcurrencyShares → spec.limited.nominalConcurrencyShares"];
const PRIORITY_LEVEL_SHARES_V1 = ["spec.limited.assuredConcurrencyShares → spec.limited.nominalConcurrencyShares (in v1 an explicit 0 stays 0; only an unset value defaults to 30)"];

function flowControl(version: "v1beta1" | "v1beta2" | "v1beta3", kind: "FlowSchema" | "PriorityLevelConfiguration"): DeprecatedApi {
  const lifecycle = { v1beta1: [20, 23, 26], v1beta2: [23, 26, 29], v1beta3: [26, 29, 32] }[version];
  const plc = kind === "PriorityLevelConfiguration";
  const successors: ApiReplacement[] = [{ apiVersion: "flowcontrol.apiserver.k8s.io/v1", since: v(29), ...(plc && version !== "v1beta3" ? { fieldChanges: PRIORITY_LEVEL_SHARES_V1 } : {}) }];
  if (version !== "v1beta3") successors.push({ apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", since: v(26), ...(plc ? { fieldChanges: PRIORITY_LEVEL_SHARES } : {}) });
  if (version === "v1beta1") successors.push({ apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", since: v(23) });
  const [introduced, deprecated, removed] = lifecycle as [number, number, number];
  return {
    apiVersion: `flowcontrol.apiserver.k8s.io/${version}`,
    kind,
    introducedIn: v(introduced),
    deprecatedIn: v(deprecated),
    removedIn: v(removed),
    replacements: successors,
    source: `${GUIDE} (v1.${removed}); ${LIFECYCLE}`,
  };
}

/** The four kinds of dynamic resource allocation (resource.k8s.io) that every version has. */
const DRA_KINDS = ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"] as const;

function draRequestChanges(kind: string): readonly string[] | undefined {
  if (kind === "ResourceClaim") return ["spec.devices.requests[*]: deviceClassName, selectors, allocationMode, count, adminAccess and tolerations move under spec.devices.requests[*].exactly"];
  if (kind === "ResourceClaimTemplate") return ["spec.spec.devices.requests[*]: deviceClassName, selectors, allocationMode, count, adminAccess and tolerations move under spec.spec.devices.requests[*].exactly"];
  return undefined;
}

function dra(version: "v1alpha3" | "v1beta1" | "v1beta2", kind: (typeof DRA_KINDS)[number]): DeprecatedApi {
  const changes = version === "v1beta2" ? undefined : draRequestChanges(kind);
  const withChanges = (apiVersion: string, since: number): ApiReplacement => ({ apiVersion, since: v(since), ...(changes !== undefined ? { fieldChanges: changes } : {}) });
  if (version === "v1alpha3") {
    return {
      apiVersion: "resource.k8s.io/v1alpha3",
      kind,
      introducedIn: v(31),
      removedIn: v(34),
      replacements: [withChanges("resource.k8s.io/v1", 34), withChanges("resource.k8s.io/v1beta2", 33), { apiVersion: "resource.k8s.io/v1beta1", since: v(32) }],
      note: "an alpha version, removed without a deprecation period",
      source: `CHANGELOG-1.34 (resource.k8s.io/v1alpha3 keeps only DeviceTaintRule); ${OPENAPI}; ${LIFECYCLE_132}`,
    };
  }
  if (version === "v1beta1") {
    return {
      apiVersion: "resource.k8s.io/v1beta1",
      kind,
      introducedIn: v(32),
      deprecatedIn: v(35),
      removedIn: v(38),
      replacements: [withChanges("resource.k8s.io/v1", 34), withChanges("resource.k8s.io/v1beta2", 33)],
      note: "the 1.33 release notes announced the deprecation; the API server warns from 1.35",
      source: `${LIFECYCLE}; CHANGELOG-1.33; ${OPENAPI}`,
    };
  }
  return {
    apiVersion: "resource.k8s.io/v1beta2",
    kind,
    introducedIn: v(33),
    deprecatedIn: v(36),
    removedIn: v(39),
    replacements: [{ apiVersion: "resource.k8s.io/v1", since: v(34) }],
    source: `${LIFECYCLE}; ${OPENAPI}`,
  };
}

function simple(
  apiVersion: string,
  kind: string,
  [introduced, deprecated, removed]: readonly [number | undefined, number | undefined, number | undefined],
  replacements: readonly ApiReplacement[],
  source: string,
  extra: { instead?: string; note?: string } = {},
): DeprecatedApi {
  return {
    apiVersion,
    kind,
    ...(introduced !== undefined ? { introducedIn: v(introduced) } : {}),
    ...(deprecated !== undefined ? { deprecatedIn: v(deprecated) } : {}),
    ...(removed !== undefined ? { removedIn: v(removed) } : {}),
    replacements,
    ...extra,
    source,
  };
}

const to = (apiVersion: string, since: number, fieldChanges?: readonly string[]): ApiReplacement => ({
  apiVersion,
  since: v(since),
  ...(fieldChanges !== undefined ? { fieldChanges } : {}),
});

export const DEPRECATED_APIS: readonly DeprecatedApi[] = [
  // ---- removed in 1.16
  workload("extensions/v1beta1", "DaemonSet", 1, 8, ["spec.templateGeneration is gone", SELECTOR_REQUIRED, "spec.updateStrategy.type defaults to RollingUpdate (extensions/v1beta1 defaulted to OnDelete)"]),
  workload("extensions/v1beta1", "Deployment", 1, 8, [
    "spec.rollbackTo is gone",
    SELECTOR_REQUIRED,
    "defaults change: progressDeadlineSeconds 600 (was none), revisionHistoryLimit 10 (was unlimited), maxSurge and maxUnavailable 25% (were 1)",
  ]),
  workload("extensions/v1beta1", "ReplicaSet", 2, 8, [SELECTOR_REQUIRED]),
  simple("extensions/v1beta1", "NetworkPolicy", [3, 9, 16], [to("networking.k8s.io/v1", 7)], `${GUIDE} (v1.16); ${LIFECYCLE_132}`),
  simple("extensions/v1beta1", "PodSecurityPolicy", [undefined, 10, 16], [to("policy/v1beta1", 10)], "BLOG 2019-07-18 'Deprecated APIs Removed In 1.16'; FairwindsOps/pluto versions.yaml (deprecated in 1.10)", {
    instead: POD_SECURITY_ADMISSION,
    note: "policy/v1beta1 PodSecurityPolicy was itself removed in 1.25",
  }),
  workload("apps/v1beta1", "Deployment", 6, 8, [SELECTOR_REQUIRED, "defaults change: revisionHistoryLimit 10 (apps/v1beta1 defaulted to 2), progressDeadlineSeconds 600"]),
  workload("apps/v1beta1", "StatefulSet", 5, 8, [SELECTOR_REQUIRED, "spec.updateStrategy.type defaults to RollingUpdate (apps/v1beta1 defaulted to OnDelete)"]),
  // The guide lists it; k8s.io/api never had a ReplicaSet in apps/v1beta1, so no lifecycle dates.
  simple("apps/v1beta1", "ReplicaSet", [undefined, undefined, 16], [{ ...WORKLOAD_V1, fieldChanges: [SELECTOR_REQUIRED] }], `${GUIDE} (v1.16)`),
  workload("apps/v1beta1", "ControllerRevision", 7, 8, []),
  workload("apps/v1beta2", "DaemonSet", 8, 9, [SELECTOR_REQUIRED]),
  workload("apps/v1beta2", "Deployment", 8, 9, [SELECTOR_REQUIRED]),
  workload("apps/v1beta2", "ReplicaSet", 8, 9, [SELECTOR_REQUIRED]),
  workload("apps/v1beta2", "StatefulSet", 8, 9, [SELECTOR_REQUIRED]),
  workload("apps/v1beta2", "ControllerRevision", 8, 9, []),

  // ---- removed in 1.22
  simple("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", [9, 16, 22], [to("admissionregistration.k8s.io/v1", 16, WEBHOOK_V1_CHANGES)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", [9, 16, 22], [to("admissionregistration.k8s.io/v1", 16, WEBHOOK_V1_CHANGES)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", [7, 16, 22], [to("apiextensions.k8s.io/v1", 16, CRD_V1_CHANGES)], `${GUIDE} (v1.22); k8s.io/apiextensions-apiserver v0.37.2 prerelease-lifecycle tags`),
  simple("apiregistration.k8s.io/v1beta1", "APIService", [7, 19, 22], [to("apiregistration.k8s.io/v1", 10)], `${GUIDE} (v1.22); k8s.io/kube-aggregator v0.37.2 prerelease-lifecycle tags`),
  simple("authentication.k8s.io/v1beta1", "TokenReview", [4, 19, 22], [to("authentication.k8s.io/v1", 6)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  ...(["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"] as const).map((kind) =>
    simple("authorization.k8s.io/v1beta1", kind, [2, 19, 22], [to("authorization.k8s.io/v1", 6, ["spec.group → spec.groups"])], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  ),
  simple("authorization.k8s.io/v1beta1", "SelfSubjectRulesReview", [8, 19, 22], [to("authorization.k8s.io/v1", 6)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple(
    "certificates.k8s.io/v1beta1",
    "CertificateSigningRequest",
    [12, 19, 22],
    [to("certificates.k8s.io/v1", 19, ["spec.signerName is required (kubernetes.io/legacy-unknown cannot be requested)", "spec.usages is required, without duplicates"])],
    `${GUIDE} (v1.22); ${LIFECYCLE}`,
  ),
  simple("coordination.k8s.io/v1beta1", "Lease", [12, 19, 22], [to("coordination.k8s.io/v1", 14)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("extensions/v1beta1", "Ingress", [1, 14, 22], [to("networking.k8s.io/v1", 19, INGRESS_V1_CHANGES), to("networking.k8s.io/v1beta1", 14)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("networking.k8s.io/v1beta1", "Ingress", [14, 19, 22], [to("networking.k8s.io/v1", 19, INGRESS_V1_CHANGES)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("networking.k8s.io/v1beta1", "IngressClass", [18, 19, 22], [to("networking.k8s.io/v1", 19)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  ...(["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"] as const).map((kind) =>
    simple("rbac.authorization.k8s.io/v1beta1", kind, [6, 17, 22], [to("rbac.authorization.k8s.io/v1", 8)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  ),
  simple("scheduling.k8s.io/v1beta1", "PriorityClass", [11, 14, 22], [to("scheduling.k8s.io/v1", 14)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  // The guide says storage.k8s.io/v1 CSIDriver arrived in 1.19; the lifecycle tag and the CSI
  // documentation say 1.18. The earlier one is kept so that no 1.18 manifest is wrongly refused.
  simple("storage.k8s.io/v1beta1", "CSIDriver", [14, 19, 22], [to("storage.k8s.io/v1", 18)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("storage.k8s.io/v1beta1", "CSINode", [14, 17, 22], [to("storage.k8s.io/v1", 17)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("storage.k8s.io/v1beta1", "StorageClass", [4, 19, 22], [to("storage.k8s.io/v1", 6)], `${GUIDE} (v1.22); ${LIFECYCLE}`),
  simple("storage.k8s.io/v1beta1", "VolumeAttachment", [10, 19, 22], [to("storage.k8s.io/v1", 13)], `${GUIDE} (v1.22); ${LIFECYCLE}`),

  // ---- removed in 1.24 (alpha)
  simple("storage.k8s.io/v1alpha1", "VolumeAttachment", [9, 21, 24], [to("storage.k8s.io/v1", 13)], LIFECYCLE),
  simple("storage.k8s.io/v1alpha1", "CSIStorageCapacity", [19, 21, 24], [to("storage.k8s.io/v1", 24), to("storage.k8s.io/v1beta1", 21)], LIFECYCLE),

  // ---- removed in 1.25
  simple("batch/v1beta1", "CronJob", [8, 21, 25], [to("batch/v1", 21)], `${GUIDE} (v1.25); ${LIFECYCLE}`),
  simple(
    "discovery.k8s.io/v1beta1",
    "EndpointSlice",
    [16, 21, 25],
    [
      to("discovery.k8s.io/v1", 21, [
        'endpoints[*].topology["kubernetes.io/hostname"] → endpoints[*].nodeName',
        'endpoints[*].topology["topology.kubernetes.io/zone"] → endpoints[*].zone',
        "endpoints[*].topology → endpoints[*].deprecatedTopology, which v1 does not let you write",
      ]),
    ],
    `${GUIDE} (v1.25); ${LIFECYCLE}`,
  ),
  simple(
    "events.k8s.io/v1beta1",
    "Event",
    [8, 22, 25],
    [
      to("events.k8s.io/v1", 19, [
        "type is Normal or Warning",
        "involvedObject → regarding",
        "action, reason, reportingController and reportingInstance are required",
        "firstTimestamp → eventTime, lastTimestamp → series.lastObservedTime, count → series.count",
        "source.component → reportingController, source.host → reportingInstance",
      ]),
    ],
    `${GUIDE} (v1.25); ${LIFECYCLE}`,
  ),
  simple(
    "autoscaling/v2beta1",
    "HorizontalPodAutoscaler",
    [8, 22, 25],
    [to("autoscaling/v2", 23, ["metrics[*].<source>.targetAverageUtilization, targetAverageValue and targetValue → metrics[*].<source>.target with type Utilization, AverageValue or Value"]), to("autoscaling/v2beta2", 12)],
    `${GUIDE} (v1.25); ${LIFECYCLE}`,
  ),
  simple("policy/v1beta1", "PodDisruptionBudget", [5, 21, 25], [to("policy/v1", 21, ["an empty spec.selector ({}) selects every pod of the namespace in policy/v1 (none in policy/v1beta1)"])], `${GUIDE} (v1.25); ${LIFECYCLE}`),
  simple("policy/v1beta1", "PodSecurityPolicy", [10, 21, 25], [], `${GUIDE} (v1.25); BLOG 2021-04-06 'PodSecurityPolicy Deprecation: Past, Present, and Future'`, {
    instead: POD_SECURITY_ADMISSION,
    note: "the PodSecurityPolicy admission controller was removed with it",
  }),
  simple("node.k8s.io/v1beta1", "RuntimeClass", [13, 22, 25], [to("node.k8s.io/v1", 20)], `${GUIDE} (v1.25); ${LIFECYCLE}`),

  // ---- removed in 1.26, 1.27, 1.29 and 1.32
  flowControl("v1beta1", "FlowSchema"),
  flowControl("v1beta1", "PriorityLevelConfiguration"),
  simple("autoscaling/v2beta2", "HorizontalPodAutoscaler", [12, 23, 26], [to("autoscaling/v2", 23)], `${GUIDE} (v1.26); ${LIFECYCLE}`),
  simple("storage.k8s.io/v1beta1", "CSIStorageCapacity", [21, 24, 27], [to("storage.k8s.io/v1", 24)], `${GUIDE} (v1.27); ${LIFECYCLE}`),
  flowControl("v1beta2", "FlowSchema"),
  flowControl("v1beta2", "PriorityLevelConfiguration"),
  flowControl("v1beta3", "FlowSchema"),
  flowControl("v1beta3", "PriorityLevelConfiguration"),
  ...(["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"] as const).map((kind) =>
    simple("admissionregistration.k8s.io/v1alpha1", kind, [26, 29, 32], [to("admissionregistration.k8s.io/v1", 30), to("admissionregistration.k8s.io/v1beta1", 28)], `${LIFECYCLE}; ${OPENAPI}; CHANGELOG-1.33`),
  ),
  simple("authentication.k8s.io/v1alpha1", "SelfSubjectReview", [26, 29, 32], [to("authentication.k8s.io/v1", 28), to("authentication.k8s.io/v1beta1", 27)], `${LIFECYCLE}; ${OPENAPI}`),
  simple("coordination.k8s.io/v1alpha1", "LeaseCandidate", [31, undefined, 32], [to("coordination.k8s.io/v1beta1", 33), to("coordination.k8s.io/v1alpha2", 32)], "CHANGELOG-1.32 (coordination.k8s.io/v1alpha1 dropped for v1alpha2)", {
    note: "an alpha version, removed without a deprecation period; delete its objects before upgrading",
  }),

  // ---- removed in 1.33, 1.34, 1.35, 1.36 and 1.37
  simple("authentication.k8s.io/v1beta1", "SelfSubjectReview", [27, 30, 33], [to("authentication.k8s.io/v1", 28)], `${LIFECYCLE}; ${OPENAPI}`),
  ...(["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"] as const).map((kind) =>
    simple("admissionregistration.k8s.io/v1beta1", kind, [28, 31, 34], [to("admissionregistration.k8s.io/v1", 30)], `${LIFECYCLE}; ${OPENAPI}`),
  ),
  ...DRA_KINDS.map((kind) => dra("v1alpha3", kind)),
  simple("storage.k8s.io/v1alpha1", "VolumeAttributesClass", [29, 32, 35], [to("storage.k8s.io/v1", 34), to("storage.k8s.io/v1beta1", 31)], `CHANGELOG-1.35; ${LIFECYCLE}; ${OPENAPI}`),
  simple(
    "storagemigration.k8s.io/v1alpha1",
    "StorageVersionMigration",
    [30, undefined, 35],
    [
      to("storagemigration.k8s.io/v1", 37, ["spec.resource names group and resource only (no version)", "spec.continueToken is gone"]),
      to("storagemigration.k8s.io/v1beta1", 35, ["spec.resource names group and resource only (no version)", "spec.continueToken is gone"]),
    ],
    `CHANGELOG-1.35 (v1beta1 added, v1alpha1 removed); ${LIFECYCLE_132}; ${OPENAPI}`,
    // The 1.32 lifecycle tags had it deprecated from 1.33, with nothing to move to before 1.35.
    { note: "an alpha version, replaced and removed in the same release" },
  ),
  simple("certificates.k8s.io/v1alpha1", "PodCertificateRequest", [34, undefined, 35], [to("certificates.k8s.io/v1", 37, ["spec.pkixPublicKey and spec.proofOfPossession are gone"]), to("certificates.k8s.io/v1beta1", 35)], `${OPENAPI}; CHANGELOG-1.35 (Pod Certificates move to v1beta1)`, {
    note: "an alpha version, removed without a deprecation period",
  }),
  simple("scheduling.k8s.io/v1alpha1", "Workload", [35, undefined, 36], [to("scheduling.k8s.io/v1beta1", 37), to("scheduling.k8s.io/v1alpha2", 36)], `CHANGELOG-1.36 (scheduling.k8s.io/v1alpha1 Workload removed); ${OPENAPI}`, {
    note: "an alpha version, removed without a deprecation period; its fields changed, so rewrite the object rather than only its apiVersion",
  }),
  ...(["Workload", "PodGroup"] as const).map((kind) =>
    simple("scheduling.k8s.io/v1alpha2", kind, [36, undefined, 37], [to("scheduling.k8s.io/v1beta1", 37)], `CHANGELOG-1.37 (scheduling.k8s.io/v1alpha2 dropped entirely); ${OPENAPI}`, {
      note: "an alpha version, removed without a deprecation period; delete its objects before upgrading to 1.37",
    }),
  ),
  ...(["IPAddress", "ServiceCIDR"] as const).map((kind) => simple("networking.k8s.io/v1beta1", kind, [31, 34, 37], [to("networking.k8s.io/v1", 33)], `${LIFECYCLE}; ${OPENAPI}`)),
  simple("storage.k8s.io/v1beta1", "VolumeAttributesClass", [31, 34, 37], [to("storage.k8s.io/v1", 34)], `${LIFECYCLE}; ${OPENAPI}; CHANGELOG-1.34 (promoted to storage.k8s.io/v1)`),
  simple("certificates.k8s.io/v1alpha1", "ClusterTrustBundle", [26, 34, 37], [to("certificates.k8s.io/v1", 37), to("certificates.k8s.io/v1beta1", 33)], `${LIFECYCLE}; ${OPENAPI}`),

  // ---- deprecated, still served by 1.37; the removal is the one the API's lifecycle schedules
  ...(["MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding"] as const).flatMap((kind) => [
    simple("admissionregistration.k8s.io/v1alpha1", kind, [32, 35, 38], [to("admissionregistration.k8s.io/v1", 36), to("admissionregistration.k8s.io/v1beta1", 34)], `${LIFECYCLE}; ${OPENAPI}`),
    simple("admissionregistration.k8s.io/v1beta1", kind, [34, 37, 40], [to("admissionregistration.k8s.io/v1", 36)], `${LIFECYCLE}; ${OPENAPI}`),
  ]),
  simple("coordination.k8s.io/v1alpha2", "LeaseCandidate", [32, 35, 38], [to("coordination.k8s.io/v1beta1", 33)], `${LIFECYCLE}; ${OPENAPI}`),
  ...DRA_KINDS.map((kind) => dra("v1beta1", kind)),
  ...DRA_KINDS.map((kind) => dra("v1beta2", kind)),
  simple("resource.k8s.io/v1alpha3", "DeviceTaintRule", [33, 36, 39], [to("resource.k8s.io/v1", 37), to("resource.k8s.io/v1beta2", 36)], `${LIFECYCLE}; ${OPENAPI}`),
  simple("certificates.k8s.io/v1beta1", "ClusterTrustBundle", [33, 37, 40], [to("certificates.k8s.io/v1", 37)], `${LIFECYCLE}; ${OPENAPI}`),
  simple("certificates.k8s.io/v1beta1", "PodCertificateRequest", [35, 37, 40], [to("certificates.k8s.io/v1", 37, ["spec.pkixPublicKey and spec.proofOfPossession are gone"])], `${LIFECYCLE}; ${OPENAPI}; CHANGELOG-1.37`),
  simple("storagemigration.k8s.io/v1beta1", "StorageVersionMigration", [35, 37, 40], [to("storagemigration.k8s.io/v1", 37)], `${LIFECYCLE}; ${OPENAPI}`),
];

const key = (apiVersion: string, kind: string) => `${apiVersion} ${kind}`;

const BY_TYPE = new Map(DEPRECATED_APIS.map((entry) => [key(entry.apiVersion, entry.kind), entry]));

/**
 * The first minor that serves an apiVersion/kind, for the ones the table knows (its entries and
 * their replacements): the earliest any source gives, so that no manifest is wrongly refused.
 */
const FIRST_SERVED = (() => {
  const first = new Map<string, KubeVersion>();
  const note = (apiVersion: string, kind: string, since: KubeVersion) => {
    const k = key(apiVersion, kind);
    const known = first.get(k);
    if (known === undefined || compareKubeVersions(since, known) < 0) first.set(k, since);
  };
  for (const entry of DEPRECATED_APIS) {
    if (entry.introducedIn !== undefined) note(entry.apiVersion, entry.kind, entry.introducedIn);
    for (const r of entry.replacements) note(r.apiVersion, r.kind ?? entry.kind, r.since);
  }
  return first;
})();

export function deprecatedApiOf(apiVersion: string, kind: string): DeprecatedApi | undefined {
  return BY_TYPE.get(key(apiVersion, kind));
}

/** The first minor that serves this apiVersion/kind, when the table knows it. */
export function firstServedIn(apiVersion: string, kind: string): KubeVersion | undefined {
  return FIRST_SERVED.get(key(apiVersion, kind));
}

const atOrBefore = (version: KubeVersion | undefined, target: KubeVersion) => version !== undefined && compareKubeVersions(version, target) <= 0;

/** Whether a target serves an apiVersion/kind; true for everything the table does not know. */
export function isServedAt(apiVersion: string, kind: string, target: KubeVersion): boolean {
  const first = firstServedIn(apiVersion, kind);
  if (first !== undefined && compareKubeVersions(target, first) < 0) return false;
  return !atOrBefore(deprecatedApiOf(apiVersion, kind)?.removedIn, target);
}

function isDeprecatedAt(apiVersion: string, kind: string, target: KubeVersion): boolean {
  return atOrBefore(deprecatedApiOf(apiVersion, kind)?.deprecatedIn, target);
}

/**
 * The replacement to recommend at a target: the first one (in order of preference) that the
 * target serves, preferring one that is not itself deprecated there. Undefined when the target
 * serves none of them.
 */
export function replacementAt(entry: DeprecatedApi, target: KubeVersion): ApiReplacement | undefined {
  const served = entry.replacements.filter((r) => isServedAt(r.apiVersion, r.kind ?? entry.kind, target));
  return served.find((r) => !isDeprecatedAt(r.apiVersion, r.kind ?? entry.kind, target)) ?? served[0];
}

/** For an apiVersion/kind a target does not serve yet: an older version it does serve, if the table knows one. */
export function predecessorAt(apiVersion: string, kind: string, target: KubeVersion): { apiVersion: string; kind: string } | undefined {
  const candidates = DEPRECATED_APIS.filter((e) => e.replacements.some((r) => r.apiVersion === apiVersion && (r.kind ?? e.kind) === kind) && isServedAt(e.apiVersion, e.kind, target));
  const rank = (e: DeprecatedApi) => (isDeprecatedAt(e.apiVersion, e.kind, target) ? 0 : 10) + stability(e.apiVersion);
  const best = candidates.reduce<DeprecatedApi | undefined>((a, b) => (a === undefined || rank(b) > rank(a) ? b : a), undefined);
  return best === undefined ? undefined : { apiVersion: best.apiVersion, kind: best.kind };
}

/** GA versions before beta before alpha. */
function stability(apiVersion: string): number {
  if (/\/v\d+$/.test(apiVersion)) return 3;
  return apiVersion.includes("beta") ? 2 : 1;
}

/** Where an apiVersion/kind stands at a target version. */
export type ApiStatus =
  | { readonly state: "served" }
  | { readonly state: "not-yet-served"; readonly since: KubeVersion }
  | { readonly state: "removed"; readonly entry: DeprecatedApi }
  | { readonly state: "deprecated"; readonly entry: DeprecatedApi };

export function apiStatusAt(apiVersion: string, kind: string, target: KubeVersion): ApiStatus {
  const first = firstServedIn(apiVersion, kind);
  if (first !== undefined && compareKubeVersions(target, first) < 0) return { state: "not-yet-served", since: first };
  const entry = deprecatedApiOf(apiVersion, kind);
  if (entry === undefined) return { state: "served" };
  if (atOrBefore(entry.removedIn, target)) return { state: "removed", entry };
  if (atOrBefore(entry.deprecatedIn, target)) return { state: "deprecated", entry };
  return { state: "served" };
}

/** A removal the table schedules beyond the newest release it was compiled for. */
export function isScheduledRemoval(entry: DeprecatedApi): boolean {
  return entry.removedIn !== undefined && compareKubeVersions(entry.removedIn, TABLE_COMPILED_FOR) > 0;
}

/** "use networking.k8s.io/v1 (served since 1.19; field changes: …)", or what to do when no API replaces it. */
export function replacementAdvice(entry: DeprecatedApi, target: KubeVersion): string {
  const replacement = replacementAt(entry, target);
  if (replacement === undefined) {
    if (entry.instead !== undefined) return entry.instead;
    const next = entry.replacements[entry.replacements.length - 1];
    return next === undefined ? "no replacement API version exists" : `no replacement is served by Kubernetes ${formatKubeVersion(target)}: ${describe(next, entry.kind)} arrives in ${formatKubeVersion(next.since)}`;
  }
  const changes = replacement.fieldChanges !== undefined && replacement.fieldChanges.length > 0 ? `; field changes: ${replacement.fieldChanges.join("; ")}` : "";
  return `use ${describe(replacement, entry.kind)} (served since ${formatKubeVersion(replacement.since)})${changes}`;
}

function describe(replacement: ApiReplacement, kind: string): string {
  return replacement.kind !== undefined && replacement.kind !== kind ? `${replacement.apiVersion} ${replacement.kind}` : replacement.apiVersion;
}
