import { gracePeriodOf } from "../../model/lifecycle.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";

export default defineObjectRule({
  id: "grace-period-zero",
  practice: "graceful-shutdown",
  severity: "error",
  summary: "Pods must not set terminationGracePeriodSeconds to 0",
  docs: {
    seed: "1.1 12-factor",
    why: [
      "A twelve-factor process is disposable: when it is told to stop it finishes or hands back its current work (the seed's example: a queue worker that NACKs its message on SIGTERM) and then exits. Kubernetes tells a container to stop with SIGTERM and waits `terminationGracePeriodSeconds` before it sends SIGKILL.",
      "With `terminationGracePeriodSeconds: 0` there is no waiting: preStop hooks are skipped and the kubelet allows only its hard floor of about 2 seconds between SIGTERM and SIGKILL, so requests in flight are cut, messages being processed are lost or redelivered late, and files are left half written. The pod object is also removed from the API at once, before its containers have stopped, so a StatefulSet may start the replacement (same name, same volume) while the old process is still running: the StatefulSet documentation calls this unsafe.",
    ].join("\n\n"),
    fix: "Remove the field (the default is 30 seconds) or set the time your process needs to finish its current work, and make the process exit on SIGTERM once it is done. To stop a pod at once in an emergency, use `kubectl delete --grace-period=0 --force` for that one deletion instead of baking it into the manifest.",
    before: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: worker
          image: registry.example.com/worker:2.3.0
`,
    after: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: worker
          image: registry.example.com/worker:2.3.0
`,
    notes: "Checked on every pod template, batch ones included: a Job's pod is stopped the same way when it is deleted, preempted or evicted by a node drain, and a worker that is killed mid-task loses that task. Grace periods that are positive but very short are reported by `grace-period-too-short`. Peers: none of kube-score, Polaris or kube-linter checks the grace period.",
  },
  check({ podTemplate, object, report }) {
    if (podTemplate === undefined) return;
    const grace = gracePeriodOf(podTemplate.spec);
    if (grace?.path === undefined || grace.seconds !== 0) return;
    const statefulSet = object.kind === "StatefulSet" ? " and a StatefulSet may start the replacement pod while this one still runs" : "";
    report({
      path: podSpecPath(podTemplate, ...grace.path),
      message: `terminationGracePeriodSeconds is 0: containers are killed without a chance to finish their work${statefulSet}; remove it or set the seconds they need to stop`,
    });
  },
});
