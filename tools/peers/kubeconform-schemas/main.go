// Command kubeconform-schemas turns a Kubernetes "_definitions.json" (the
// OpenAPI v2 definitions, already converted to JSON schema by kubeconform's
// tooling) into the directory layout kubeconform expects for
// `-schema-location DIR`:
//
//	DIR/master-standalone/{_definitions.json,<kind><suffix>.json...}
//	DIR/master-standalone-strict/{_definitions.json,<kind><suffix>.json...}
//
// Each <kind><suffix>.json is a one-line wrapper {"$ref":
// "_definitions.json#/definitions/<name>"}; the strict variant adds
// "additionalProperties": false to every object schema that lists properties
// (what upstream's openapi2jsonschema --strict does). Optional fields also
// accept null, like the upstream kubernetes-json-schema files.
//
// It exists so that kubeconform can run with every check on and no network:
// the only schema source this machine can reach is the _definitions.json that
// kubeconform's own module ships as a test fixture. Standard library only.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	defsPath := flag.String("definitions", "", "path to a JSON file with a top-level \"definitions\" object")
	out := flag.String("out", "", "output directory (created)")
	flag.Parse()
	if *defsPath == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: kubeconform-schemas -definitions FILE -out DIR")
		os.Exit(2)
	}
	if err := run(*defsPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "kubeconform-schemas:", err)
		os.Exit(1)
	}
}

type gvk struct{ Group, Version, Kind string }

func run(defsPath, out string) error {
	raw, err := os.ReadFile(defsPath)
	if err != nil {
		return err
	}
	var doc struct {
		Definitions map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", defsPath, err)
	}
	if len(doc.Definitions) == 0 {
		return fmt.Errorf("%s: no definitions", defsPath)
	}

	names := make([]string, 0, len(doc.Definitions))
	for n := range doc.Definitions {
		names = append(names, n)
	}
	sort.Strings(names)

	for _, strict := range []bool{false, true} {
		dir := filepath.Join(out, "master-standalone")
		if strict {
			dir += "-strict"
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		// Re-decode so the two variants do not share maps.
		var defs map[string]any
		if err := json.Unmarshal(raw, &struct {
			Definitions *map[string]any `json:"definitions"`
		}{&defs}); err != nil {
			return err
		}
		for _, n := range names {
			s, _ := defs[n].(map[string]any)
			walk(s, strict, false)
		}
		b, err := json.Marshal(map[string]any{"definitions": defs})
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "_definitions.json"), b, 0o644); err != nil {
			return err
		}
		written := map[string]bool{}
		for _, n := range names {
			for _, g := range gvks(doc.Definitions[n]) {
				file := fileName(g)
				if written[file] {
					continue // first definition (sorted by name) wins
				}
				written[file] = true
				w := fmt.Sprintf("{\"$ref\":\"_definitions.json#/definitions/%s\"}\n", n)
				if err := os.WriteFile(filepath.Join(dir, file), []byte(w), 0o644); err != nil {
					return err
				}
			}
		}
		fmt.Printf("%s: %d kinds\n", dir, len(written))
	}
	return nil
}

// fileName mirrors kubeconform's pkg/registry schemaPath():
// {{ .ResourceKind }}{{ .KindSuffix }}.json
func fileName(g gvk) string {
	apiVersion := g.Version
	if g.Group != "" {
		apiVersion = g.Group + "/" + g.Version
	}
	groupParts := strings.Split(apiVersion, "/")
	versionParts := strings.Split(groupParts[0], ".")
	suffix := "-" + strings.ToLower(versionParts[0])
	if len(groupParts) > 1 {
		suffix += "-" + strings.ToLower(groupParts[1])
	}
	return strings.ToLower(g.Kind) + suffix + ".json"
}

func gvks(def any) []gvk {
	m, _ := def.(map[string]any)
	list, _ := m["x-kubernetes-group-version-kind"].([]any)
	var res []gvk
	for _, e := range list {
		em, _ := e.(map[string]any)
		g, _ := em["group"].(string)
		v, _ := em["version"].(string)
		k, _ := em["kind"].(string)
		if v != "" && k != "" {
			res = append(res, gvk{g, v, k})
		}
	}
	return res
}

// walk visits a schema node. strict adds additionalProperties:false where a
// node lists properties; nullable makes a plain string "type" also accept null
// (set for property values and array items, i.e. optional fields).
func walk(s map[string]any, strict, nullable bool) {
	if s == nil {
		return
	}
	if t, ok := s["type"].(string); ok && nullable && t != "null" {
		s["type"] = []any{t, "null"}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		if _, has := s["additionalProperties"]; strict && !has {
			s["additionalProperties"] = false
		}
		for _, p := range props {
			pm, _ := p.(map[string]any)
			walk(pm, strict, true)
		}
	}
	if ap, ok := s["additionalProperties"].(map[string]any); ok {
		walk(ap, strict, true)
	}
	if it, ok := s["items"].(map[string]any); ok {
		walk(it, strict, true)
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		if l, ok := s[k].([]any); ok {
			for _, e := range l {
				em, _ := e.(map[string]any)
				walk(em, strict, false)
			}
		}
	}
}
