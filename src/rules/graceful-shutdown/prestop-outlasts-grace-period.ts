import { runningContainersOf } from "../../model/containers.js";
import { gracePeriodOf, preStopDelayOf } from "../../model/lifecycle.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "prestop-outlasts-grace-period",
  practice: "graceful-shutdown",
  severity: "error",
  summary: "A preStop hook must end well before the grace period does",
  docs: {
    seed: "1.1 12-factor",
    why: [
      "When a pod stops, the kubelet first runs each container's preStop hook and sends SIGTERM only when the hook returns. Both share one budget, `terminationGracePeriodSeconds` (30 seconds when unset), counted from the moment the pod is asked to stop.",
      "A hook that sleeps as long as the grace period, or longer, spends the whole budget: the kubelet abandons the hook when the time is up (anything the hook meant to do after its sleep, such as `nginx -s quit`, never runs), sends SIGTERM, and kills the container 2 seconds later. The application that was supposed to shut down gracefully gets no time to do it, which defeats the purpose of both the hook and the grace period.",
    ].join("\n\n"),
    fix: "Make the grace period longer than the preStop delay plus the time the application needs after SIGTERM (for example a 5-second sleep with the default 30 seconds), or shorten the sleep. A few seconds of sleep are enough for endpoint removal to reach load balancers and kube-proxy in most clusters.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.8.0
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 30 && nginx -s quit"]
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 45
      containers:
        - name: web
          image: registry.example.com/web:1.8.0
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 10 && nginx -s quit"]
`,
    notes: [
      "The delay is read from the native `sleep` action (`lifecycle.preStop.sleep.seconds`) and from exec hooks that run `sleep` directly (`[\"sleep\", \"30\"]`, `/bin/sleep 1m`, `busybox sleep 5`) or through a shell (`sh -c \"sleep 5 && nginx -s quit\"`; consecutive sleeps are added up). shipshape counts only what is certain: sleeps at the start of the script, before any other command, since a command such as `nginx -s quit` may stop the container and end the hook early. Variables, quoting, redirections and control flow make the rest of a script unknown, and an unknown delay is never reported.",
      "Every workload class is checked, Jobs included, and sidecars (init containers with `restartPolicy: Always`) as well as app containers. A grace period of 0 is reported by `grace-period-zero` instead. No peer tool (kube-score, Polaris, kube-linter) checks this.",
    ].join("\n\n"),
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    const grace = gracePeriodOf(podTemplate.spec);
    if (grace === undefined || grace.seconds <= 0) return;
    for (const ref of runningContainersOf(podTemplate.spec)) {
      const delay = preStopDelayOf(ref.container);
      if (delay === undefined || delay.seconds < grace.seconds) continue;
      const graceText = grace.path === undefined ? `the default grace period of ${grace.seconds}s` : `terminationGracePeriodSeconds (${grace.seconds}s)`;
      const length = delay.seconds === Infinity ? "never ends" : `lasts ${delay.seconds}s`;
      report({
        path: podSpecPath(podTemplate, ...ref.path, ...delay.path),
        message: `Container "${ref.name}" has a preStop hook that ${length} and uses up ${graceText}: its process gets SIGTERM only 2 seconds before it is killed; shorten the delay or raise terminationGracePeriodSeconds`,
        container: ref.name,
      });
    }
  },
});
