// The rules of the `namespaces-labels` practice.
import type { AnyRule } from "../rule.js";
import defaultNamespace from "./default-namespace.js";
import recommendedLabels from "./recommended-labels.js";
import labelSyntax from "./label-syntax.js";
import namespaceNotDeclared from "./namespace-not-declared.js";

export const RULES: readonly AnyRule[] = [defaultNamespace, recommendedLabels, labelSyntax, namespaceNotDeclared];
