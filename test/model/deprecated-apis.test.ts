// The deprecated-API table: internally consistent, inside the versions shipshape knows, and
// answering the questions the upgrade rules ask of it.
import { describe, expect, it } from "vitest";
import {
  apiStatusAt,
  DEPRECATED_APIS,
  deprecatedApiOf,
  firstServedIn,
  isServedAt,
  predecessorAt,
  replacementAdvice,
  replacementAt,
  TABLE_COMPILED_FOR,
} from "../../src/model/deprecated-apis.js";
import { compareKubeVersions, formatKubeVersion, NEWEST_KUBE_VERSION, OLDEST_KNOWN_MINOR, type KubeVersion } from "../../src/model/kube-version.js";

const v = (minor: number): KubeVersion => ({ major: 1, minor });
const name = (e: { apiVersion: string; kind: string }) => `${e.apiVersion} ${e.kind}`;
const le = (a: KubeVersion, b: KubeVersion) => compareKubeVersions(a, b) <= 0;

function everyTarget(): KubeVersion[] {
  const out: KubeVersion[] = [];
  for (let minor = OLDEST_KNOWN_MINOR.minor; minor <= NEWEST_KUBE_VERSION.minor; minor++) out.push(v(minor));
  return out;
}

describe("the deprecated-API table", () => {
  it("was compiled for the newest version shipshape bundles (refresh it when a newer one is added)", () => {
    expect(formatKubeVersion(TABLE_COMPILED_FOR)).toBe(formatKubeVersion(NEWEST_KUBE_VERSION));
  });

  it("has one entry per apiVersion and kind", () => {
    const names = DEPRECATED_APIS.map(name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("orders each entry's versions: introduced ≤ deprecated ≤ removed, all Kubernetes 1.x", () => {
    const wrong = DEPRECATED_APIS.filter((e) => {
      const versions = [e.introducedIn, e.deprecatedIn, e.removedIn].filter((x): x is KubeVersion => x !== undefined);
      if (versions.some((x) => x.major !== 1)) return true;
      for (let i = 1; i < versions.length; i++) if (!le(versions[i - 1] as KubeVersion, versions[i] as KubeVersion)) return true;
      return false;
    });
    expect(wrong.map(name)).toEqual([]);
  });

  it("holds only versions that matter between 1.16 and the newest: deprecated by then, removed from 1.16 on", () => {
    const outside = DEPRECATED_APIS.filter((e) => {
      if (e.deprecatedIn === undefined && e.removedIn === undefined) return true;
      if (e.deprecatedIn !== undefined && !le(e.deprecatedIn, TABLE_COMPILED_FOR)) return true;
      if (e.removedIn !== undefined && !le(OLDEST_KNOWN_MINOR, e.removedIn)) return true;
      // A removal after the newest release is the schedule of a version that is deprecated already.
      if (e.removedIn !== undefined && !le(e.removedIn, TABLE_COMPILED_FOR) && e.deprecatedIn === undefined) return true;
      return false;
    });
    expect(outside.map(name)).toEqual([]);
  });

  it("names a replacement for every entry, unless it says explicitly what takes over instead", () => {
    expect(DEPRECATED_APIS.filter((e) => e.replacements.length === 0 && e.instead === undefined).map(name)).toEqual([]);
    expect(DEPRECATED_APIS.filter((e) => e.replacements.some((r) => r.apiVersion === e.apiVersion && (r.kind ?? e.kind) === e.kind)).map(name)).toEqual([]);
  });

  it("has a replacement served by the time the old version goes", () => {
    const late = DEPRECATED_APIS.filter((e) => e.removedIn !== undefined && e.replacements.length > 0 && !e.replacements.some((r) => le(r.since, e.removedIn as KubeVersion)));
    expect(late.map(name)).toEqual([]);
  });

  it("gives each apiVersion/kind one first-served version, whichever entry mentions it", () => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    const note = (type: string, since: KubeVersion) => {
      const known = seen.get(type);
      if (known !== undefined && known !== formatKubeVersion(since)) conflicts.push(`${type}: ${known} vs ${formatKubeVersion(since)}`);
      seen.set(type, formatKubeVersion(since));
    };
    for (const e of DEPRECATED_APIS) {
      if (e.introducedIn !== undefined) note(name(e), e.introducedIn);
      for (const r of e.replacements) note(`${r.apiVersion} ${r.kind ?? e.kind}`, r.since);
    }
    expect(conflicts).toEqual([]);
  });

  it("names a source for every entry", () => {
    expect(DEPRECATED_APIS.filter((e) => e.source.trim() === "").map(name)).toEqual([]);
  });

  it("has advice for every entry at every target it is reported at", () => {
    const silent: string[] = [];
    for (const e of DEPRECATED_APIS) {
      for (const target of everyTarget()) {
        const state = apiStatusAt(e.apiVersion, e.kind, target).state;
        if (state !== "removed" && state !== "deprecated") continue;
        if (replacementAt(e, target) === undefined && e.instead === undefined) silent.push(`${name(e)} at ${formatKubeVersion(target)}`);
      }
    }
    expect(silent).toEqual([]);
  });

  it("covers every removal of the migration guide", () => {
    const guide: Array<[string, string, number]> = [
      ["extensions/v1beta1", "Deployment", 16],
      ["apps/v1beta2", "StatefulSet", 16],
      ["extensions/v1beta1", "NetworkPolicy", 16],
      ["admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", 22],
      ["apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", 22],
      ["apiregistration.k8s.io/v1beta1", "APIService", 22],
      ["authentication.k8s.io/v1beta1", "TokenReview", 22],
      ["authorization.k8s.io/v1beta1", "SubjectAccessReview", 22],
      ["certificates.k8s.io/v1beta1", "CertificateSigningRequest", 22],
      ["coordination.k8s.io/v1beta1", "Lease", 22],
      ["networking.k8s.io/v1beta1", "IngressClass", 22],
      ["rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", 22],
      ["scheduling.k8s.io/v1beta1", "PriorityClass", 22],
      ["storage.k8s.io/v1beta1", "CSIDriver", 22],
      ["storage.k8s.io/v1beta1", "CSINode", 22],
      ["storage.k8s.io/v1beta1", "StorageClass", 22],
      ["storage.k8s.io/v1beta1", "VolumeAttachment", 22],
      ["batch/v1beta1", "CronJob", 25],
      ["discovery.k8s.io/v1beta1", "EndpointSlice", 25],
      ["events.k8s.io/v1beta1", "Event", 25],
      ["autoscaling/v2beta1", "HorizontalPodAutoscaler", 25],
      ["policy/v1beta1", "PodDisruptionBudget", 25],
      ["policy/v1beta1", "PodSecurityPolicy", 25],
      ["node.k8s.io/v1beta1", "RuntimeClass", 25],
      ["flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 26],
      ["autoscaling/v2beta2", "HorizontalPodAutoscaler", 26],
      ["storage.k8s.io/v1beta1", "CSIStorageCapacity", 27],
      ["flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", 29],
      ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 32],
    ];
    const missing = guide.filter(([apiVersion, kind, removed]) => {
      const removedIn = deprecatedApiOf(apiVersion, kind)?.removedIn;
      return removedIn === undefined || formatKubeVersion(removedIn) !== `1.${removed}`;
    });
    expect(missing).toEqual([]);
  });
});

describe("where an apiVersion stands at a target", () => {
  it("PodSecurityPolicy is deprecated at 1.21 and gone at 1.25, with no API to replace it", () => {
    expect(apiStatusAt("policy/v1beta1", "PodSecurityPolicy", v(20)).state).toBe("served");
    expect(apiStatusAt("policy/v1beta1", "PodSecurityPolicy", v(21)).state).toBe("deprecated");
    expect(apiStatusAt("policy/v1beta1", "PodSecurityPolicy", v(25)).state).toBe("removed");
    const entry = deprecatedApiOf("policy/v1beta1", "PodSecurityPolicy");
    expect(entry && replacementAdvice(entry, v(25))).toContain("Pod Security Admission");
  });

  it("recommends what the target serves: networking.k8s.io/v1beta1 before 1.19, v1 from then on", () => {
    const entry = deprecatedApiOf("extensions/v1beta1", "Ingress");
    expect(entry && replacementAt(entry, v(18))?.apiVersion).toBe("networking.k8s.io/v1beta1");
    expect(entry && replacementAt(entry, v(19))?.apiVersion).toBe("networking.k8s.io/v1");
    expect(entry && replacementAdvice(entry, v(22))).toContain("spec.backend → spec.defaultBackend");
  });

  it("knows versions that arrive later than the target", () => {
    expect(apiStatusAt("networking.k8s.io/v1", "Ingress", v(18))).toEqual({ state: "not-yet-served", since: v(19) });
    expect(predecessorAt("networking.k8s.io/v1", "Ingress", v(18))).toEqual({ apiVersion: "networking.k8s.io/v1beta1", kind: "Ingress" });
    expect(apiStatusAt("networking.k8s.io/v1", "Ingress", v(19)).state).toBe("served");
    expect(predecessorAt("resource.k8s.io/v1beta2", "ResourceClaim", v(32))).toEqual({ apiVersion: "resource.k8s.io/v1beta1", kind: "ResourceClaim" });
  });

  it("leaves current and unknown versions alone", () => {
    for (const target of everyTarget()) {
      expect(apiStatusAt("apps/v1", "Deployment", target).state).toBe("served");
      expect(apiStatusAt("v1", "Pod", target).state).toBe("served");
      expect(apiStatusAt("example.com/v1alpha1", "Widget", target).state).toBe("served");
    }
    expect(firstServedIn("example.com/v1alpha1", "Widget")).toBeUndefined();
    expect(isServedAt("example.com/v1alpha1", "Widget", v(16))).toBe(true);
  });

  it("keeps the earlier date where sources disagree (storage.k8s.io/v1 CSIDriver: 1.18, not the guide's 1.19)", () => {
    expect(isServedAt("storage.k8s.io/v1", "CSIDriver", v(18))).toBe(true);
  });
});
