import { describe, expect, it } from "vitest";
import { deprecatedApiRequests } from "../../src/cluster/checks.js";

describe("apiserver_requested_deprecated_apis", () => {
  it("reads the requested deprecated APIs from the metrics text, ignoring zero samples and other metrics", () => {
    const metrics = [
      "# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested, broken out by API group, version, resource, subresource, and removed_release.",
      "# TYPE apiserver_requested_deprecated_apis gauge",
      'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1',
      'apiserver_requested_deprecated_apis{group="",removed_release="",resource="componentstatuses",subresource="",version="v1"} 1',
      'apiserver_requested_deprecated_apis{group="policy",removed_release="1.25",resource="podsecuritypolicies",subresource="",version="v1beta1"} 0',
      'apiserver_request_total{code="200",resource="pods",verb="LIST"} 12',
    ].join("\n");
    expect(deprecatedApiRequests(metrics)).toEqual([
      { group: "flowcontrol.apiserver.k8s.io", version: "v1beta3", resource: "flowschemas", removedRelease: "1.32" },
      { group: "", version: "v1", resource: "componentstatuses", removedRelease: "" },
    ]);
  });
});
