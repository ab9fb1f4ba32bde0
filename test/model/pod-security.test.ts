import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../src/model/json.js";
import {
  NEWEST_POLICY_MINOR,
  POD_SECURITY_CHECKS,
  POD_SECURITY_CHECK_DEFINITIONS,
  evaluatePodSecurity,
  formatPodSecurityMessage,
  parsePodSecurityLevel,
  parsePodSecurityVersion,
} from "../../src/model/pod-security/index.js";
import type { PodSecurityViolation } from "../../src/model/pod-security/index.js";

/** A container that satisfies every restricted check. */
function goodContainer(name: string, extra: JsonObject = {}): JsonObject {
  return {
    name,
    image: "registry.k8s.io/pause",
    ...extra,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      ...(extra["securityContext"] as JsonObject | undefined),
    },
  };
}

/** A pod that passes restricted at every version. */
function restrictedPod(spec: JsonObject = {}, metadata: JsonObject = {}): JsonObject {
  return {
    metadata: { name: "p", ...metadata },
    spec: {
      containers: [goodContainer("app")],
      ...spec,
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
        ...(spec["securityContext"] as JsonObject | undefined),
      },
    },
  };
}

const latest = "latest" as const;
const at = (minor: number) => ({ minor });
const byCheck = (violations: PodSecurityViolation[], check: string) => violations.find((v) => v.check === check);

describe("pod-security: versions and levels", () => {
  it("parses version labels like upstream", () => {
    expect(parsePodSecurityVersion("latest")).toBe("latest");
    expect(parsePodSecurityVersion("v1.0")).toEqual({ minor: 0 });
    expect(parsePodSecurityVersion("v1.29")).toEqual({ minor: 29 });
    for (const bad of ["v1.01", "1.29", "v2.1", "v1.", "Latest", "v1.29.0", " v1.29", ""]) {
      expect(parsePodSecurityVersion(bad)).toBeUndefined();
    }
  });

  it("parses level labels", () => {
    expect(parsePodSecurityLevel("baseline")).toBe("baseline");
    expect(parsePodSecurityLevel("Restricted")).toBeUndefined();
  });

  it("knows v1.37 as its newest policy, the highest first version of any revision", () => {
    const newest = Math.max(...POD_SECURITY_CHECK_DEFINITIONS.flatMap((d) => d.revisions.map((r) => r.since)));
    expect(NEWEST_POLICY_MINOR).toBe(37);
    expect(NEWEST_POLICY_MINOR).toBe(newest);
  });

  it("lists the 19 upstream checks with their first versions", () => {
    expect(POD_SECURITY_CHECKS).toHaveLength(19);
    const since = Object.fromEntries(POD_SECURITY_CHECKS.map((c) => [c.id, c.since]));
    expect(since).toMatchObject({
      allowPrivilegeEscalation: 8,
      capabilities_restricted: 22,
      runAsUser: 23,
      seccompProfile_restricted: 19,
      hostProbesAndHostLifecycle: 34,
      procMount_restricted: 35,
      restrictedVolumes: 0,
    });
    for (const check of POD_SECURITY_CHECKS) expect(check.description.length).toBeGreaterThan(10);
  });

  it("allows everything at privileged", () => {
    const pod = { spec: { hostNetwork: true, containers: [{ name: "x", securityContext: { privileged: true } }] } };
    expect(evaluatePodSecurity(pod, "privileged", latest)).toEqual([]);
  });
});

describe("pod-security: inheritance and paths", () => {
  it("lets a container inherit runAsNonRoot=true from the pod", () => {
    const violations = evaluatePodSecurity(restrictedPod(), "restricted", latest);
    expect(violations).toEqual([]);
  });

  it("points at the container field when it overrides the pod's runAsNonRoot=true with false", () => {
    const pod = restrictedPod({
      containers: [goodContainer("app", { securityContext: { runAsNonRoot: false } })],
    });
    const violations = evaluatePodSecurity(pod, "restricted", latest);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toEqual({
      check: "runAsNonRoot",
      level: "restricted",
      reason: "runAsNonRoot != true",
      detail: 'container "app" must not set securityContext.runAsNonRoot=false',
      paths: [["spec", "containers", 0, "securityContext", "runAsNonRoot"]],
    });
  });

  it("points at each container missing runAsNonRoot when the pod does not set it", () => {
    const pod: JsonObject = {
      spec: {
        initContainers: [{ name: "init" }],
        containers: [{ name: "app", securityContext: { runAsUser: 1000 } }],
      },
    };
    const violation = byCheck(evaluatePodSecurity(pod, "restricted", at(0)), "runAsNonRoot");
    expect(violation?.detail).toBe('pod or containers "init", "app" must set securityContext.runAsNonRoot=true');
    expect(violation?.paths).toEqual([
      ["spec", "initContainers", 0],
      ["spec", "containers", 0, "securityContext"],
    ]);
  });

  it("inherits the pod seccompProfile, and reports a container that sets a bad one", () => {
    expect(byCheck(evaluatePodSecurity(restrictedPod(), "restricted", latest), "seccompProfile_restricted")).toBeUndefined();
    const pod = restrictedPod({
      ephemeralContainers: [goodContainer("debug", { securityContext: { seccompProfile: { type: "Unconfined" } } })],
    });
    const violation = byCheck(evaluatePodSecurity(pod, "restricted", latest), "seccompProfile_restricted");
    expect(violation?.detail).toBe('container "debug" must not set securityContext.seccompProfile.type to "Unconfined"');
    expect(violation?.paths).toEqual([["spec", "ephemeralContainers", 0, "securityContext", "seccompProfile", "type"]]);
  });

  it("does not let runAsUser be inherited away: a pod-level 0 is reported even if containers override it", () => {
    const pod = restrictedPod({
      securityContext: { runAsUser: 0 },
      containers: [goodContainer("app", { securityContext: { runAsUser: 1000 } })],
    });
    const violation = byCheck(evaluatePodSecurity(pod, "restricted", latest), "runAsUser");
    expect(violation?.detail).toBe("pod must not set runAsUser=0");
    expect(violation?.paths).toEqual([["spec", "securityContext", "runAsUser"]]);
  });

  it("gives precise paths for pod-level, volume, port, sysctl, probe and annotation findings", () => {
    const pod: JsonObject = {
      metadata: { annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" } },
      spec: {
        hostPID: true,
        securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "1" }, { name: "vm.swappiness", value: "1" }] },
        volumes: [{ name: "cfg", configMap: { name: "c" } }, { name: "host", hostPath: { path: "/" } }],
        containers: [
          {
            name: "app",
            ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }],
            readinessProbe: { httpGet: { host: "example.com", port: 80 } },
          },
        ],
      },
    };
    const violations = evaluatePodSecurity(pod, "baseline", latest);
    const paths = Object.fromEntries(violations.map((v) => [v.check, v.paths]));
    expect(paths).toEqual({
      appArmorProfile: [["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]],
      hostNamespaces: [["spec", "hostPID"]],
      hostPathVolumes: [["spec", "volumes", 1, "hostPath"]],
      hostPorts: [["spec", "containers", 0, "ports", 1, "hostPort"]],
      hostProbesAndHostLifecycle: [["spec", "containers", 0, "readinessProbe", "httpGet", "host"]],
      sysctls: [["spec", "securityContext", "sysctls", 1, "name"]],
    });
  });
});

describe("pod-security: messages", () => {
  it("formats the README example exactly", () => {
    const pod = { spec: { hostNetwork: true, containers: [{ name: "container1", securityContext: { privileged: true } }] } };
    const violations = evaluatePodSecurity(pod, "baseline", at(37));
    expect(formatPodSecurityMessage("baseline", at(37), violations)).toBe(
      'violates PodSecurity "baseline:v1.37": host namespaces (hostNetwork=true), privileged (container "container1" must not set securityContext.privileged=true)',
    );
    expect(formatPodSecurityMessage("baseline", latest, violations)).toMatch(/^violates PodSecurity "baseline:latest": /);
  });

  it("orders baseline checks before restricted ones, each by id", () => {
    const pod: JsonObject = {
      spec: {
        hostIPC: true,
        securityContext: { seLinuxOptions: { type: "spc_t" } },
        containers: [{ name: "c", securityContext: { runAsUser: 0, privileged: true } }],
      },
    };
    const ids = evaluatePodSecurity(pod, "restricted", latest).map((v) => v.check);
    expect(ids).toEqual([
      "hostNamespaces",
      "privileged",
      "seLinuxOptions",
      "allowPrivilegeEscalation",
      "capabilities_restricted",
      "runAsNonRoot",
      "runAsUser",
      "seccompProfile_restricted",
    ]);
    const shuffled = [...evaluatePodSecurity(pod, "restricted", latest)].reverse();
    expect(formatPodSecurityMessage("restricted", latest, shuffled)).toBe(
      formatPodSecurityMessage("restricted", latest, evaluatePodSecurity(pod, "restricted", latest)),
    );
  });

  it("matches upstream's detail texts for AppArmor annotations (sorted, %q-quoted) and fields", () => {
    const prefix = "container.apparmor.security.beta.kubernetes.io/";
    const pod: JsonObject = {
      metadata: {
        annotations: {
          [prefix]: "bogus",
          [`${prefix}a`]: "",
          [`${prefix}b`]: "runtime/default",
          [`${prefix}c`]: "localhost/",
          [`${prefix}e`]: "unconfined",
          [`${prefix}f`]: "unknown",
        },
      },
      spec: { containers: [{ name: "foo", securityContext: { appArmorProfile: { type: "Unconfined" } } }] },
    };
    const violation = byCheck(evaluatePodSecurity(pod, "baseline", latest), "appArmorProfile");
    expect(violation?.reason).toBe("forbidden AppArmor profiles");
    expect(violation?.detail).toBe(
      `container "foo" and annotations must not set AppArmor profile type to "Unconfined", ` +
        `"${prefix}="bogus"", "${prefix}e="unconfined"", "${prefix}f="unknown""`,
    );
  });

  it("reports SELinux type, user and role together", () => {
    const pod = { spec: { securityContext: { seLinuxOptions: { type: "spc_t", user: "u", role: "r" } }, containers: [] } };
    const violation = byCheck(evaluatePodSecurity(pod, "baseline", latest), "seLinuxOptions");
    expect(violation?.detail).toBe(
      'pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set',
    );
    expect(violation?.paths).toHaveLength(3);
  });

  it("sorts host ports as strings and de-duplicates them", () => {
    const pod = {
      spec: {
        containers: [
          { name: "a", ports: [{ hostPort: 9090 }, { hostPort: 10000 }] },
          { name: "b", ports: [{ hostPort: 9090 }] },
        ],
      },
    };
    expect(byCheck(evaluatePodSecurity(pod, "baseline", latest), "hostPorts")?.detail).toBe(
      'containers "a", "b" use hostPorts 10000, 9090',
    );
  });
});

describe("pod-security: version-dependent behaviour", () => {
  it("exempts Windows pods from the Linux-only restricted checks from v1.25", () => {
    const pod: JsonObject = { spec: { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "w" }] } };
    expect(evaluatePodSecurity(pod, "restricted", at(25))).toEqual([]);
    expect(evaluatePodSecurity(pod, "restricted", at(24)).map((v) => v.check)).toEqual([
      "allowPrivilegeEscalation",
      "capabilities_restricted",
      "seccompProfile_restricted",
    ]);
  });

  it("relaxes procMount (baseline), runAsNonRoot and runAsUser for hostUsers: false from v1.35", () => {
    const pod: JsonObject = {
      spec: {
        hostUsers: false,
        securityContext: { runAsUser: 0, seccompProfile: { type: "RuntimeDefault" } },
        containers: [goodContainer("c", { securityContext: { procMount: "Unmasked" } })],
      },
    };
    expect(evaluatePodSecurity(pod, "baseline", at(35))).toEqual([]);
    expect(evaluatePodSecurity(pod, "baseline", at(34)).map((v) => v.check)).toEqual(["procMount"]);
    expect(evaluatePodSecurity(pod, "restricted", at(35)).map((v) => v.check)).toEqual(["procMount_restricted"]);
    expect(evaluatePodSecurity(pod, "restricted", at(34)).map((v) => v.check)).toEqual([
      "procMount",
      "runAsNonRoot",
      "runAsUser",
    ]);
  });

  it("grows the safe sysctl list with the policy version", () => {
    const pod = (name: string) => ({ spec: { securityContext: { sysctls: [{ name, value: "1" }] }, containers: [] } });
    expect(evaluatePodSecurity(pod("net.ipv4.ip_local_reserved_ports"), "baseline", at(26))).toHaveLength(1);
    expect(evaluatePodSecurity(pod("net.ipv4.ip_local_reserved_ports"), "baseline", at(27))).toEqual([]);
    expect(evaluatePodSecurity(pod("net.ipv4.tcp_notsent_lowat"), "baseline", at(36))).toHaveLength(1);
    expect(evaluatePodSecurity(pod("net.ipv4.tcp_notsent_lowat"), "baseline", latest)).toEqual([]);
    expect(evaluatePodSecurity(pod("net.ipv4.tcp_notsent_lowat"), "baseline", at(120))).toEqual([]);
  });

  it("checks the alpha seccomp annotations before v1.19 and the fields from v1.19", () => {
    const pod = {
      metadata: { annotations: { "container.seccomp.security.alpha.kubernetes.io/c": "unconfined" } },
      spec: { containers: [{ name: "c", securityContext: { seccompProfile: { type: "Unconfined" } } }] },
    };
    expect(byCheck(evaluatePodSecurity(pod, "baseline", at(18)), "seccompProfile_baseline")?.detail).toBe(
      'forbidden annotation container.seccomp.security.alpha.kubernetes.io/c="unconfined"',
    );
    expect(byCheck(evaluatePodSecurity(pod, "baseline", at(19)), "seccompProfile_baseline")?.paths).toEqual([
      ["spec", "containers", 0, "securityContext", "seccompProfile", "type"],
    ]);
  });

  it("allows the SELinux type container_engine_t from v1.31 (no upstream fixture covers it)", () => {
    const pod = { spec: { containers: [{ name: "c", securityContext: { seLinuxOptions: { type: "container_engine_t" } } }] } };
    expect(byCheck(evaluatePodSecurity(pod, "baseline", at(30)), "seLinuxOptions")?.detail).toBe(
      'container "c" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    );
    expect(evaluatePodSecurity(pod, "baseline", at(31))).toEqual([]);
  });

  it("allows image volumes at restricted at every version (upstream changed v1.0 in place)", () => {
    const pod = restrictedPod({ volumes: [{ name: "i", image: { reference: "registry.k8s.io/pause" } }] });
    expect(evaluatePodSecurity(pod, "restricted", at(0))).toEqual([]);
    expect(evaluatePodSecurity(pod, "restricted", latest)).toEqual([]);
  });

  it("replaces overridden baseline checks at restricted", () => {
    const pod = restrictedPod({ volumes: [{ name: "h", hostPath: { path: "/" } }] });
    const ids = evaluatePodSecurity(pod, "restricted", latest).map((v) => v.check);
    expect(ids).toEqual(["restrictedVolumes"]);
  });
});

describe("pod-security: API-server defaulting that admission sees", () => {
  it("treats a volume with no source as emptyDir", () => {
    expect(evaluatePodSecurity(restrictedPod({ volumes: [{ name: "scratch" }] }), "restricted", latest)).toEqual([]);
  });

  it("treats container ports of a hostNetwork pod as host ports", () => {
    const pod = { spec: { hostNetwork: true, containers: [{ name: "c", ports: [{ containerPort: 53 }] }] } };
    const violation = byCheck(evaluatePodSecurity(pod, "baseline", latest), "hostPorts");
    expect(violation?.detail).toBe('container "c" uses hostPort 53');
    expect(violation?.paths).toEqual([["spec", "containers", 0, "ports", 0, "containerPort"]]);
  });
});

describe("pod-security: odd input", () => {
  const odd: JsonValue[] = [null, true, 0, "x", [], {}, [null], ["x"], { a: 1 }];
  const slots = (value: JsonValue): JsonObject[] => [
    { metadata: value, spec: value },
    { metadata: { annotations: value }, spec: { containers: value, initContainers: value, volumes: value } },
    { spec: { securityContext: value, os: value, hostUsers: value, containers: [value] } },
    { spec: { securityContext: { sysctls: value, seLinuxOptions: value, seccompProfile: value, appArmorProfile: value } } },
    {
      spec: {
        containers: [
          {
            name: value,
            ports: value,
            lifecycle: value,
            livenessProbe: value,
            securityContext: { capabilities: value, procMount: value, runAsNonRoot: value, windowsOptions: value },
          },
        ],
        volumes: [value, { name: value, hostPath: value }],
      },
    },
  ];

  it("never throws and always returns paths", () => {
    for (const value of odd) {
      for (const pod of slots(value)) {
        for (const level of ["baseline", "restricted"] as const) {
          for (const version of [at(0), at(19), at(25), latest, at(-3), at(Number.NaN)]) {
            const violations = evaluatePodSecurity(pod, level, version);
            for (const violation of violations) expect(violation.paths.length).toBeGreaterThan(0);
            expect(typeof formatPodSecurityMessage(level, version, violations)).toBe("string");
          }
        }
      }
    }
  });

  it("evaluates an empty object as an allowed pod", () => {
    expect(evaluatePodSecurity({}, "restricted", latest)).toEqual([]);
  });
});
