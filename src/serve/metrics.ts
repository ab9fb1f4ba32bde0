// Prometheus metrics of the webhook, served on their own port.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class ServeMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: "shipshape_admission_requests_total", help: "Admission reviews answered, by operation and result (allowed, denied, skipped, invalid).", labelNames: ["operation", "result"] as const, registers: [this.registry] });
  readonly denials = new Counter({ name: "shipshape_admission_denials_total", help: "Findings that denied a request, by rule.", labelNames: ["rule"] as const, registers: [this.registry] });
  readonly warnings = new Counter({ name: "shipshape_admission_warnings_total", help: "Findings returned as admission warnings, by rule.", labelNames: ["rule"] as const, registers: [this.registry] });
  readonly ruleErrors = new Counter({ name: "shipshape_rule_errors_total", help: "Rules that failed while reviewing a request.", registers: [this.registry] });
  readonly latency = new Histogram({
    name: "shipshape_admission_duration_seconds",
    help: "Time from the request's last byte to the response, in seconds.",
    labelNames: ["operation"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  /** Objects the watch-fed cache holds, read at each scrape; none without a cluster. */
  readonly cachedObjects: Gauge | undefined;

  constructor(cachedObjects?: () => number) {
    collectDefaultMetrics({ register: this.registry });
    this.cachedObjects =
      cachedObjects === undefined
        ? undefined
        : new Gauge({
            name: "shipshape_cache_objects",
            help: "Objects of the cluster kept by the watch-fed cache for the cross-resource rules.",
            registers: [this.registry],
            collect() {
              this.set(cachedObjects());
            },
          });
  }
}
