// Reading extra schemas for custom resources (--crds, `crds:` in the configuration): files and
// folders of CustomResourceDefinitions (YAML or JSON, several per file), or JSON Schema files
// of one kind each, named as kubeconform and the CRDs catalog name them.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { asObject } from "../model/json.js";
import { schemaOfFile, schemasOfCrd, type CustomSchema } from "../schemas/custom.js";
import { decodeText } from "./decode.js";
import { describeFsError } from "./discover.js";
import { isBlankDocument, splitDocuments } from "./documents.js";
import { parseYamlValue } from "./yaml.js";

async function filesOf(absolute: string): Promise<string[]> {
  const info = await stat(absolute);
  if (!info.isDirectory()) return [absolute];
  const out: string[] = [];
  for (const entry of (await readdir(absolute, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(absolute, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full)));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

export async function loadCustomSchemas(paths: readonly string[], base: string): Promise<{ schemas: CustomSchema[]; problems: string[] }> {
  const schemas: CustomSchema[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    let files: string[];
    try {
      files = await filesOf(path.resolve(base, given));
    } catch (error) {
      problems.push(`cannot read CRDs from ${given}: ${describeFsError(error)}`);
      continue;
    }
    for (const file of files) {
      const shown = path.relative(process.cwd(), file) || file;
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        problems.push(`cannot read ${shown}: ${describeFsError(error)}`);
        continue;
      }
      const decoded = decodeText(bytes);
      if (!decoded.ok) {
        problems.push(`cannot read ${shown}: ${decoded.reason}`);
        continue;
      }
      const found: CustomSchema[] = [];
      let broken = false;
      for (const chunk of splitDocuments(decoded.text)) {
        if (isBlankDocument(chunk.text)) continue;
        const parsed = parseYamlValue(chunk.text);
        if (!parsed.ok) {
          problems.push(`${shown}:${chunk.line + 1}: not valid YAML or JSON (${parsed.message})`);
          broken = true;
          continue;
        }
        const value = asObject(parsed.value);
        if (value === undefined) continue;
        const items = value.kind === "List" && Array.isArray(value.items) ? value.items.map(asObject) : [value];
        for (const item of items) {
          if (item === undefined) continue;
          if (item.kind === "CustomResourceDefinition") {
            const name = asObject(item.metadata)?.name;
            found.push(...schemasOfCrd(item, `CustomResourceDefinition "${typeof name === "string" ? name : "?"}" (${shown})`));
          } else if (item.kind === undefined && (item.properties !== undefined || item.type !== undefined)) {
            const schema = schemaOfFile(path.basename(file), path.basename(path.dirname(file)), item, shown);
            if (schema !== undefined) found.push(schema);
            else problems.push(`${shown}: a JSON Schema file must be named <kind>_<version>.json or <kind>-<group>-<version>.json so that shipshape knows its kind`);
          }
        }
      }
      if (found.length === 0 && !broken && problems.every((p) => !p.startsWith(shown))) problems.push(`${shown} holds no CustomResourceDefinition and no JSON Schema`);
      schemas.push(...found);
    }
  }
  return { schemas, problems };
}
