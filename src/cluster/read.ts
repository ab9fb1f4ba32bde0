// Reading a cluster, read-only: a few large paginated lists per resource (never one request per
// object), Secrets as metadata only, and what the identity may not read listed once with the
// permission it lacks while everything readable is still read.
import { asObject, isObject, type JsonObject } from "../model/json.js";
import { isKubeObject, nameOf, type KubeObject } from "../model/object.js";
import { ApiError, statusMessage, type ClusterConnection } from "./connection.js";
import { apiVersionOf, collectionPath, type ApiResource } from "./discovery.js";

/** Resources no rule reads, and that are large or churn: events, leases, endpoints, revisions, one IPAddress per Service. */
const NOT_READ = new Set(["events", "leases", "endpoints", "endpointslices", "controllerrevisions", "componentstatuses", "bindings", "ipaddresses"]);

/** Secrets are listed as metadata only: their values never leave the API server. */
const METADATA_ONLY = new Set(["/secrets"]);

const PAGE_SIZE = 500;
const PARALLEL_LISTS = 6;
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export interface ReadOptions {
  /** Only this namespace (and its Namespace object); default: every namespace and cluster-scoped kinds. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReadResult {
  readonly objects: KubeObject[];
  /** What could not be read, once each, with the permission that was missing. */
  readonly warnings: string[];
  readonly requests: number;
  /** Resources read (kinds × scopes). */
  readonly lists: number;
}

interface ListPage {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { continue?: string };
  readonly items?: unknown[];
}

/** Cluster-scoped kinds read even for one namespace: the schemas of its custom resources. */
const ALWAYS_READ = new Set(["apiextensions.k8s.io/customresourcedefinitions"]);

export function resourcesToRead(resources: readonly ApiResource[], namespace: string | undefined): ApiResource[] {
  return resources.filter((r) => r.verbs.includes("list") && !NOT_READ.has(r.resource) && (namespace === undefined || r.namespaced || ALWAYS_READ.has(`${r.group}/${r.resource}`)));
}

/** The object as rules see it: typed, without server bookkeeping, and never a Secret's values. */
export function cleaned(item: unknown, resource: ApiResource): KubeObject | undefined {
  const object = asObject(item);
  if (object === undefined) return undefined;
  const metadata = asObject(object.metadata) ?? {};
  const { managedFields: _managed, ...keptMetadata } = metadata;
  void _managed;
  const annotations = asObject(keptMetadata.annotations);
  if (annotations !== undefined && LAST_APPLIED in annotations) {
    // kubectl's copy of the applied manifest: for a Secret it holds the values.
    const { [LAST_APPLIED]: _applied, ...rest } = annotations;
    void _applied;
    keptMetadata.annotations = rest;
  }
  const out: JsonObject = METADATA_ONLY.has(`${resource.group}/${resource.resource}`)
    ? { metadata: keptMetadata, ...(typeof object.type === "string" ? { type: object.type } : {}) }
    : { ...object, metadata: keptMetadata };
  out.apiVersion = apiVersionOf(resource);
  out.kind = resource.kind;
  return isKubeObject(out) ? out : undefined;
}

export class ClusterReader {
  private requests = 0;
  private readonly rulesCache = new Map<string, Promise<ResourceRules | undefined>>();

  constructor(private readonly connection: ClusterConnection) {}

  async read(resources: readonly ApiResource[], options: ReadOptions): Promise<ReadResult> {
    const objects: KubeObject[] = [];
    const warnings: string[] = [];
    const toRead = resourcesToRead(resources, options.namespace);
    let namespaces: string[] | undefined = options.namespace !== undefined ? [options.namespace] : undefined;

    // Namespaces first: the scope of everything else, and the fallback when a cluster-wide list is refused.
    if (options.namespace !== undefined) {
      const response = await this.connection.request(`/api/v1/namespaces/${encodeURIComponent(options.namespace)}`);
      this.requests += 1;
      if (response.status === 200) {
        const namespace = cleaned(JSON.parse(response.text), { group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false, verbs: [] });
        if (namespace !== undefined) objects.push(namespace);
      } else if (response.status === 403) warnings.push(`cannot read Namespace "${options.namespace}": the identity lacks get on namespaces`);
      else if (response.status === 404) warnings.push(`namespace "${options.namespace}" does not exist`);
    } else {
      const namespaceResource = toRead.find((r) => r.group === "" && r.resource === "namespaces");
      if (namespaceResource !== undefined) {
        // A label selector narrows workloads, not the namespaces they live in.
        const listed = await this.list(namespaceResource, undefined, undefined);
        if (listed.ok) {
          namespaces = listed.items.map((n) => nameOf(n)).filter((n): n is string => n !== undefined);
          objects.push(...listed.items);
        } else warnings.push(listed.warning);
      }
    }

    const remaining = toRead.filter((r) => !(r.group === "" && r.resource === "namespaces"));
    let done = 0;
    options.onProgress?.(done, remaining.length);
    const queue = [...remaining];
    const worker = async () => {
      for (let resource = queue.shift(); resource !== undefined; resource = queue.shift()) {
        const found = await this.readResource(resource, options, namespaces);
        objects.push(...found.objects);
        warnings.push(...found.warnings);
        done += 1;
        options.onProgress?.(done, remaining.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LISTS, remaining.length) }, worker));
    return { objects, warnings: warnings.sort(), requests: this.requests, lists: toRead.length };
  }

  /** One resource: cluster-wide (or in the chosen namespace); when refused, namespace by namespace where allowed. */
  private async readResource(resource: ApiResource, options: ReadOptions, namespaces: readonly string[] | undefined): Promise<{ objects: KubeObject[]; warnings: string[] }> {
    const what = `${resource.resource}${resource.group !== "" ? `.${resource.group}` : ""}`;
    // A label selector picks the objects to judge; the CRDs that validate them are read whole.
    const selector = ALWAYS_READ.has(`${resource.group}/${resource.resource}`) ? undefined : options.labelSelector;
    const first = await this.list(resource, resource.namespaced ? options.namespace : undefined, selector);
    if (first.ok) return { objects: first.items, warnings: [] };
    if (first.status !== 403 || !resource.namespaced || options.namespace !== undefined || namespaces === undefined) return { objects: [], warnings: [first.warning] };
    // Refused cluster-wide: ask, namespace by namespace, what this identity may list.
    const objects: KubeObject[] = [];
    const refused: string[] = [];
    for (const namespace of namespaces) {
      const rules = await this.rulesIn(namespace);
      if (rules !== undefined && !rules.allows("list", resource.group, resource.resource)) {
        refused.push(namespace);
        continue;
      }
      const listed = await this.list(resource, namespace, options.labelSelector);
      if (listed.ok) objects.push(...listed.items);
      else refused.push(namespace);
    }
    const readIn = namespaces.length - refused.length;
    const warning =
      readIn === 0
        ? `cannot list ${what} in any namespace: the identity lacks list on ${what}`
        : `cannot list ${what} cluster-wide, nor in ${refused.length} of ${namespaces.length} namespaces (${abbreviate(refused)}): the identity lacks list on ${what} there; read in ${readIn}`;
    return { objects, warnings: refused.length > 0 ? [warning] : [] };
  }

  /** Every page of one collection. */
  private async list(resource: ApiResource, namespace: string | undefined, labelSelector: string | undefined): Promise<{ ok: true; items: KubeObject[] } | { ok: false; status: number; warning: string }> {
    const items: KubeObject[] = [];
    const metadataOnly = METADATA_ONLY.has(`${resource.group}/${resource.resource}`);
    const accept = metadataOnly ? "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1" : "application/json";
    let token: string | undefined;
    let restarted = false;
    for (;;) {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (token !== undefined) query.set("continue", token);
      if (labelSelector !== undefined) query.set("labelSelector", labelSelector);
      const response = await this.connection.request(`${collectionPath(resource, namespace)}?${query.toString()}`, { accept });
      this.requests += 1;
      if (response.status === 410 && token !== undefined && !restarted) {
        // The continue token expired (a long scan of a busy cluster): start this list again once.
        items.length = 0;
        token = undefined;
        restarted = true;
        continue;
      }
      if (response.status !== 200) {
        const what = `${resource.resource}${resource.group !== "" ? `.${resource.group}` : ""}`;
        const where = namespace !== undefined ? ` in namespace "${namespace}"` : " cluster-wide";
        if (response.status === 404) return { ok: true, items: [] }; // gone while we read (a namespace, a CRD)
        const reason = response.status === 403 ? `the identity lacks list on ${what}` : `${response.status} ${statusMessage(response.text)}`;
        return { ok: false, status: response.status, warning: `cannot list ${what}${where}: ${reason}` };
      }
      const page = JSON.parse(response.text) as ListPage;
      for (const item of page.items ?? []) {
        const object = cleaned(item, resource);
        if (object !== undefined) items.push(object);
      }
      token = page.metadata?.continue;
      if (token === undefined || token === "") return { ok: true, items };
    }
  }

  /** What the identity may do in a namespace (SelfSubjectRulesReview), undefined when it cannot ask. */
  private rulesIn(namespace: string): Promise<ResourceRules | undefined> {
    let rules = this.rulesCache.get(namespace);
    if (rules === undefined) {
      rules = this.connection
        .json<{ status?: { resourceRules?: unknown[] } }>("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
          method: "POST",
          body: JSON.stringify({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace } }),
        })
        .then((review) => new ResourceRules(review.status?.resourceRules ?? []))
        .catch((error: unknown) => {
          if (error instanceof ApiError) return undefined;
          throw error;
        });
      this.requests += 1;
      this.rulesCache.set(namespace, rules);
    }
    return rules;
  }
}

/** The resource rules of a SelfSubjectRulesReview. */
class ResourceRules {
  private readonly rules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[] }>;

  constructor(raw: unknown[]) {
    this.rules = raw.filter(isObject).map((r) => ({
      verbs: Array.isArray(r.verbs) ? r.verbs.map(String) : [],
      apiGroups: Array.isArray(r.apiGroups) ? r.apiGroups.map(String) : [],
      resources: Array.isArray(r.resources) ? r.resources.map(String) : [],
    }));
  }

  allows(verb: string, group: string, resource: string): boolean {
    return this.rules.some((r) => (r.verbs.includes("*") || r.verbs.includes(verb)) && (r.apiGroups.includes("*") || r.apiGroups.includes(group)) && (r.resources.includes("*") || r.resources.includes(resource)));
  }
}

function abbreviate(names: readonly string[]): string {
  return names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`;
}
