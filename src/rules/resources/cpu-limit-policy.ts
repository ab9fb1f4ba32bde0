import { closestResourcesPath, containerHolder, podHolder, resourceContainersOf, resourceEntry } from "../../model/resources.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { holderName, SEED_SECTION, written } from "./shared.js";

export interface CpuLimitPolicyOptions {
  readonly policy: "ignore" | "require" | "forbid";
}

export default defineObjectRule<CpuLimitPolicyOptions>({
  id: "cpu-limit-policy",
  practice: "resources",
  severity: "warning",
  summary: "CPU limits follow your team's policy: ignored (default), required or forbidden",
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        policy: {
          enum: ["ignore", "require", "forbid"],
          description: "`ignore`: report nothing. `require`: every container needs resources.limits.cpu. `forbid`: no container may set one.",
        },
      },
    },
    defaults: { policy: "ignore" },
  },
  docs: {
    example: { options: { policy: "require" } },
    seed: SEED_SECTION,
    why: [
      "CPU limits are the one resource setting experienced teams disagree on, so shipshape enforces whichever choice you make and none by default.",
      "Against limits: CPU, unlike memory, can be shared safely. A container above its request only uses cycles that nobody else asked for, and the kernel gives each container its requested share when the node is busy. A limit is enforced by the CFS quota in slices of 100 ms: a multi-threaded process can spend its quota early in a period and sit throttled for the rest of it, adding latency spikes even on an idle node. Many teams therefore set requests carefully and no CPU limit.",
      "For limits: they make performance predictable (a service tested with a limit behaves the same in production whatever its neighbours do), stop one noisy tenant from taking all idle CPU in a shared cluster, are needed for the Guaranteed QoS class and exclusive cores with the static CPU manager, and some runtimes size their thread pools from them.",
    ].join("\n\n"),
    fix: "With `require`: add `resources.limits.cpu`, equal to the request for predictable latency. With `forbid`: remove `resources.limits.cpu` and make sure the request reflects real use.",
    before: `# With options: {policy: require}
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
      resources:
        requests:
          cpu: 250m
          memory: 256Mi
        limits:
          memory: 256Mi
`,
    after: `# With options: {policy: require}
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.4.2
      resources:
        requests:
          cpu: 250m
          memory: 256Mi
        limits:
          cpu: 250m
          memory: 256Mi
`,
    notes: [
      "With the default `ignore` the rule reports nothing; set `policy` to make it do something. The example above assumes `require`.",
      "kube-score requires a CPU limit unless run with `--ignore-container-cpu-limit` (a flag many CI setups pass), Trivy's KSV011 asks for one, and kubesec scores it; shipshape leaves the decision to you. Pod-level CPU limits (`spec.resources.limits.cpu`) count as a limit for every container under `require` and are reported under `forbid`. With `forbid`, pods that need the Guaranteed QoS class (exclusive CPUs with the static CPU manager) must be exempted.",
    ].join("\n\n"),
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined || options.policy === "ignore") return;
    const pod = podHolder(podTemplate.spec);
    const podLimit = pod === undefined ? undefined : resourceEntry(pod, "limits", "cpu");
    if (options.policy === "forbid" && pod !== undefined && podLimit !== undefined) {
      report({ path: podSpecPath(podTemplate, ...podLimit.path), message: `${holderName(pod)} sets a CPU limit of ${written(podLimit.value)}, which the CPU limit policy forbids: remove it and rely on requests` });
    }
    for (const ref of resourceContainersOf(podTemplate.spec)) {
      const holder = containerHolder(ref);
      const limit = resourceEntry(holder, "limits", "cpu");
      if (options.policy === "require" && limit === undefined && podLimit === undefined) {
        report({
          path: podSpecPath(podTemplate, ...closestResourcesPath(holder, "limits")),
          message: `Container "${ref.name}" has no CPU limit, which the CPU limit policy requires: set resources.limits.cpu`,
          container: ref.name,
        });
      } else if (options.policy === "forbid" && limit !== undefined) {
        report({
          path: podSpecPath(podTemplate, ...limit.path),
          message: `Container "${ref.name}" sets a CPU limit of ${written(limit.value)}, which the CPU limit policy forbids: remove it and rely on the CPU request`,
          container: ref.name,
        });
      }
    }
  },
});
