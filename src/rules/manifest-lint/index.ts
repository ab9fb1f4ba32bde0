// Schema validation of the objects themselves (the input-level rules are in input-rules.ts).
import type { AnyRule } from "../rule.js";
import { customResourceInvalid, schemaUnknownKind } from "./custom-resources.js";
import { schemaInvalid } from "./schema-invalid.js";

export const RULES: readonly AnyRule[] = [schemaInvalid, customResourceInvalid, schemaUnknownKind];
