// admission.k8s.io/v1 AdmissionReview: what the API server sends, checked before anything reads
// it, and the response it expects back.
import { asObject, isObject, type JsonObject } from "../model/json.js";
import { isKubeObject, type KubeObject } from "../model/object.js";

export interface AdmissionRequest {
  readonly uid: string;
  readonly operation: "CREATE" | "UPDATE" | "DELETE" | "CONNECT";
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subResource: string | undefined;
  readonly dryRun: boolean;
  readonly object: KubeObject | undefined;
  readonly userName: string | undefined;
}

export type ParsedReview = { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly reason: string };

const OPERATIONS = new Set(["CREATE", "UPDATE", "DELETE", "CONNECT"]);

/** Reads a request body; anything that is not a v1 AdmissionReview with a request is refused with the reason. */
export function parseAdmissionReview(body: string): ParsedReview {
  if (body.trim() === "") return { ok: false, reason: "empty body: expected an admission.k8s.io/v1 AdmissionReview" };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const review = asObject(value);
  if (review === undefined) return { ok: false, reason: "expected a JSON object (an AdmissionReview)" };
  if (review.apiVersion !== "admission.k8s.io/v1" || review.kind !== "AdmissionReview") {
    return { ok: false, reason: `expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got ${JSON.stringify(review.apiVersion ?? null)} ${JSON.stringify(review.kind ?? null)}` };
  }
  const request = asObject(review.request);
  if (request === undefined) return { ok: false, reason: "the AdmissionReview has no request" };
  if (typeof request.uid !== "string" || request.uid === "") return { ok: false, reason: "request.uid is missing" };
  if (typeof request.operation !== "string" || !OPERATIONS.has(request.operation)) return { ok: false, reason: `request.operation must be one of ${[...OPERATIONS].join(", ")}` };
  const kind = asObject(request.kind);
  if (kind === undefined || typeof kind.kind !== "string" || typeof kind.version !== "string") return { ok: false, reason: "request.kind must name group, version and kind" };
  const object = request.object;
  if (object !== undefined && object !== null && !isObject(object)) return { ok: false, reason: "request.object must be an object" };
  const kubeObject = isObject(object) ? withType(object, kind) : undefined;
  if ((request.operation === "CREATE" || request.operation === "UPDATE") && kubeObject === undefined) return { ok: false, reason: `request.object is missing for ${request.operation}` };
  const userInfo = asObject(request.userInfo);
  return {
    ok: true,
    request: {
      uid: request.uid,
      operation: request.operation as AdmissionRequest["operation"],
      kind: { group: typeof kind.group === "string" ? kind.group : "", version: kind.version, kind: kind.kind },
      namespace: typeof request.namespace === "string" && request.namespace !== "" ? request.namespace : undefined,
      name: typeof request.name === "string" && request.name !== "" ? request.name : undefined,
      subResource: typeof request.subResource === "string" && request.subResource !== "" ? request.subResource : undefined,
      dryRun: request.dryRun === true,
      object: kubeObject,
      userName: typeof userInfo?.username === "string" ? userInfo.username : undefined,
    },
  };
}

/** The object with apiVersion and kind filled from the request when the object lacks them, and its namespace. */
function withType(object: JsonObject, kind: JsonObject): KubeObject | undefined {
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : kind.group === "" || kind.group === undefined ? String(kind.version) : `${String(kind.group)}/${String(kind.version)}`;
  const typed = { ...object, apiVersion, kind: typeof object.kind === "string" ? object.kind : kind.kind };
  return isKubeObject(typed) ? typed : undefined;
}

export interface AdmissionVerdict {
  readonly allowed: boolean;
  /** Shown by kubectl when denied. */
  readonly message?: string;
  /** Returned as admission warnings (kubectl prints them). */
  readonly warnings?: readonly string[];
}

export function admissionResponse(uid: string, verdict: AdmissionVerdict): string {
  return JSON.stringify({
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    response: {
      uid,
      allowed: verdict.allowed,
      ...(verdict.allowed ? {} : { status: { code: 403, reason: "Forbidden", message: verdict.message ?? "denied by shipshape" } }),
      ...(verdict.warnings !== undefined && verdict.warnings.length > 0 ? { warnings: verdict.warnings.map((w) => (w.length > 500 ? `${w.slice(0, 497)}...` : w)) } : {}),
    },
  });
}
