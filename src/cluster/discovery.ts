// What the API server serves: every resource of every group's preferred version, with its kind,
// scope and verbs (the same discovery documents kubectl reads).
import { ApiError, type ClusterConnection } from "./connection.js";

export interface ApiResource {
  readonly group: string;
  readonly version: string;
  /** The plural resource name, e.g. "deployments". */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

interface ResourceList {
  readonly groupVersion: string;
  readonly resources: ReadonlyArray<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

interface GroupList {
  readonly groups: ReadonlyArray<{ name: string; preferredVersion?: { groupVersion: string; version: string }; versions: ReadonlyArray<{ groupVersion: string; version: string }> }>;
}

export function apiVersionOf(resource: Pick<ApiResource, "group" | "version">): string {
  return resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
}

/** The URL path of a resource's collection, cluster-wide or in one namespace. */
export function collectionPath(resource: ApiResource, namespace?: string): string {
  const base = resource.group === "" ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  return namespace !== undefined && resource.namespaced ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.resource}` : `${base}/${resource.resource}`;
}

export interface Discovery {
  readonly resources: ApiResource[];
  /** Groups whose discovery failed (an aggregated API that is down), with the reason. */
  readonly unavailable: string[];
}

export async function discover(connection: ClusterConnection): Promise<Discovery> {
  const unavailable: string[] = [];
  const lists: ResourceList[] = [];
  lists.push(await connection.json<ResourceList>("/api/v1"));
  const groups = await connection.json<GroupList>("/apis");
  const versions = groups.groups.map((g) => g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion).filter((v): v is string => v !== undefined);
  const results = await Promise.all(
    versions.map(async (groupVersion) => {
      try {
        return await connection.json<ResourceList>(`/apis/${groupVersion}`);
      } catch (error) {
        if (error instanceof ApiError) {
          unavailable.push(`${groupVersion}: ${error.message}`);
          return undefined;
        }
        throw error;
      }
    }),
  );
  for (const list of results) if (list !== undefined) lists.push(list);
  const resources: ApiResource[] = [];
  for (const list of lists) {
    const slash = list.groupVersion.indexOf("/");
    const group = slash < 0 ? "" : list.groupVersion.slice(0, slash);
    const version = slash < 0 ? list.groupVersion : list.groupVersion.slice(slash + 1);
    for (const r of list.resources) {
      if (r.name.includes("/")) continue; // subresources
      resources.push({ group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [] });
    }
  }
  return { resources, unavailable: unavailable.sort() };
}
