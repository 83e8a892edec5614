package spec

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// schemaYAML is a copy of ../shared/schema/transfer-spec.schema.yaml (a test keeps them equal):
// every field of a transfer spec with its ascp mapping (x-cli-* extensions).
//
//go:embed schema/transfer-spec.schema.yaml
var schemaYAML []byte

// Field is one field of the transfer spec schema.
type Field struct {
	Name        string
	Type        []string // JSON types (string, integer, boolean, array, object, number)
	Enum        []string // allowed values, if any
	Description string
	EnvVar      string            // x-cli-envvar: the value goes in this environment variable
	Option      string            // ascp option ("-c", "--mode"); "" when the field is not an option
	Switch      bool              // x-cli-switch: the option has no value (emitted when true)
	False       string            // x-cli-false: the option emitted for false
	Special     bool              // x-cli-special: handled by the agent itself
	Convert     string            // x-cli-convert as a method: remove_hyphen, base64, json64
	ConvertMap  map[string]string // x-cli-convert as a table: spec value -> ascp value
	Agents      []string          // x-agents: the agents that support the field (empty: all)
	Deprecation string
}

// Schema is the parsed schema: its fields by name and the required ones.
type Schema struct {
	Fields   map[string]Field
	Required []string
}

var schema = mustParse(schemaYAML)

// Fields returns the fields of the schema by name.
func Fields() map[string]Field { return schema.Fields }

// Required returns the fields the schema requires.
func Required() []string { return append([]string(nil), schema.Required...) }

func mustParse(b []byte) Schema {
	s, err := parseSchema(b)
	if err != nil {
		panic("transfer spec schema: " + err.Error())
	}
	return s
}

func parseSchema(b []byte) (Schema, error) {
	var raw struct {
		Required   []string                  `yaml:"required"`
		Properties map[string]map[string]any `yaml:"properties"`
	}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return Schema{}, err
	}
	s := Schema{Fields: map[string]Field{}, Required: raw.Required}
	sort.Strings(s.Required)
	for name, p := range raw.Properties {
		f := Field{Name: name}
		switch t := p["type"].(type) {
		case string:
			f.Type = []string{t}
		case []any:
			for _, x := range t {
				f.Type = append(f.Type, fmt.Sprint(x))
			}
		}
		for _, e := range list(p["enum"]) {
			f.Enum = append(f.Enum, fmt.Sprint(e))
		}
		f.Description, _ = p["description"].(string)
		f.EnvVar, _ = p["x-cli-envvar"].(string)
		switch o := p["x-cli-option"].(type) {
		case string:
			f.Option = o
		case bool:
			if o {
				f.Option = "--" + strings.ReplaceAll(name, "_", "-")
			}
		}
		f.Switch, _ = p["x-cli-switch"].(bool)
		f.False, _ = p["x-cli-false"].(string)
		if _, set := p["x-cli-option"]; !set && f.Switch {
			// a switch without an option name is the option of the same name
			f.Option = "--" + strings.ReplaceAll(name, "_", "-")
		}
		f.Special, _ = p["x-cli-special"].(bool)
		switch c := p["x-cli-convert"].(type) {
		case string:
			f.Convert = c
		case map[string]any:
			f.ConvertMap = map[string]string{}
			for k, v := range c {
				f.ConvertMap[k] = fmt.Sprint(v)
			}
		case map[any]any: // keys true/false decode as booleans
			f.ConvertMap = map[string]string{}
			for k, v := range c {
				f.ConvertMap[fmt.Sprint(k)] = fmt.Sprint(v)
			}
		}
		for _, a := range list(p["x-agents"]) {
			f.Agents = append(f.Agents, fmt.Sprint(a))
		}
		f.Deprecation, _ = p["x-deprecation"].(string)
		s.Fields[name] = f
	}
	return s, nil
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// Names returns the field names, sorted.
func (s Schema) Names() []string {
	out := make([]string, 0, len(s.Fields))
	for n := range s.Fields {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// For tells whether the field applies to an agent (x-agents empty means every agent).
func (f Field) For(agent string) bool {
	if len(f.Agents) == 0 {
		return true
	}
	for _, a := range f.Agents {
		if a == agent {
			return true
		}
	}
	return false
}
