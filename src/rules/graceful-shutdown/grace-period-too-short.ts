import { runningContainersOf } from "../../model/containers.js";
import { gracePeriodOf, preStopDelayOf } from "../../model/lifecycle.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export interface GracePeriodTooShortOptions {
  readonly minSeconds: number;
}

export default defineObjectRule<GracePeriodTooShortOptions>({
  id: "grace-period-too-short",
  practice: "graceful-shutdown",
  severity: "warning",
  summary: "Long-running pods should give their containers a few seconds to stop after SIGTERM",
  docs: {
    seed: "1.1 12-factor",
    why: [
      "Disposability, in twelve-factor terms, means a process can be stopped at any moment without losing work: on SIGTERM it stops taking new work, finishes or returns what it holds (answers the requests in flight, NACKs the queue message it was processing) and exits. That takes time, and `terminationGracePeriodSeconds` is all the time Kubernetes gives before SIGKILL.",
      "A grace period of one or two seconds is shorter than an ordinary request, a database transaction or a message acknowledgement, so every rolling update, scale-down and node drain turns into a small crash. The time that counts is what is left *after* the preStop hook: the kubelet runs the hook first, and the application only receives SIGTERM once the hook returns, so a 10-second grace period with an 8-second preStop sleep leaves the application 2 seconds.",
    ].join("\n\n"),
    fix: "Raise `terminationGracePeriodSeconds` to the preStop delay plus the longest piece of work the container must be able to finish (the default, 30 seconds, suits most web services). Leaving the field out gives that default.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
        - name: api
          image: registry.example.com/api:4.1.0
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 1
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: api
          image: registry.example.com/api:4.1.0
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
    notes: [
      "Only long-running workloads (Deployments, StatefulSets, DaemonSets, restarted Pods and the like) are checked: a Job whose work is idempotent may reasonably accept being cut short. A grace period of exactly 0 is reported by `grace-period-zero`, and a preStop hook that uses up the whole grace period by `prestop-outlasts-grace-period`.",
      "The preStop delay is counted only when it is certain: the native `sleep` action, or an exec hook that starts with `sleep` (`[\"sleep\", \"5\"]`, `sh -c \"sleep 5 && nginx -s quit\"`). Whatever else a hook does is not timed. The kubelet never gives less than 2 seconds after SIGTERM, whatever the settings say. A probe's own `terminationGracePeriodSeconds` (used when a liveness or startup probe fails) is not checked.",
    ].join("\n\n"),
  },
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        minSeconds: {
          type: "integer",
          minimum: 1,
          description: "Fewest seconds a container of a long-running pod must have between SIGTERM and SIGKILL (after its preStop hook).",
        },
      },
    },
    defaults: { minSeconds: 5 },
  },
  check({ podTemplate, options, report }) {
    if (podTemplate === undefined || podTemplate.workloadClass !== "long-running") return;
    const grace = gracePeriodOf(podTemplate.spec);
    if (grace === undefined || grace.seconds === 0) return;
    const min = options.minSeconds;
    if (grace.seconds < min) {
      const message =
        grace.path === undefined
          ? `The pod uses the default grace period of ${grace.seconds}s, less than the ${min}s minimum: set terminationGracePeriodSeconds to the time its containers need to stop`
          : grace.seconds < 0
            ? `terminationGracePeriodSeconds is negative (${grace.seconds}), which Kubernetes treats as 1 second: set at least ${min} seconds so containers can finish their work`
            : `terminationGracePeriodSeconds is ${grace.seconds}: containers get ${grace.seconds}s between SIGTERM and SIGKILL, less than the ${min}s minimum; give them time to finish their work`;
      report({ path: podSpecPath(podTemplate, ...(grace.path ?? [])), message });
      return;
    }
    for (const ref of runningContainersOf(podTemplate.spec)) {
      const delay = preStopDelayOf(ref.container);
      if (delay === undefined || delay.seconds >= grace.seconds) continue;
      const left = grace.seconds - delay.seconds;
      if (left >= min) continue;
      const graceText = grace.path === undefined ? `the default grace period of ${grace.seconds}s` : `terminationGracePeriodSeconds: ${grace.seconds}`;
      report({
        path: podSpecPath(podTemplate, ...ref.path, ...delay.path),
        message: `Container "${ref.name}" has only ${formatSeconds(left)}s to stop after its ${formatSeconds(delay.seconds)}s preStop delay (${graceText}): raise the grace period to at least ${formatSeconds(delay.seconds + min)}s`,
        container: ref.name,
      });
    }
  },
});

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}
