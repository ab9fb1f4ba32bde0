// Written by tools/schemas/generate.ts: the Kubernetes versions whose schemas are bundled.
export const BUNDLED_SCHEMA_VERSIONS: readonly string[] = ["1.32", "1.33", "1.34", "1.35", "1.36", "1.37"];
