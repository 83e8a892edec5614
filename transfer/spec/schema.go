package spec

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// schemaYAML is IBM's transfer spec schema, unmodified (the repository's one copy): every
// field of a transfer spec with its ascp mapping (x-cli-* extensions).
//
//go:embed schema/transfer-spec.schema.yaml
var schemaYAML []byte

// Field is one property of the transfer spec schema, with its mapping to ascp.
type Field struct {
	Name        string
	Type        string   // first JSON type: string, integer, boolean, number, array or object
	Types       []string // every JSON type the field accepts (http_fallback: boolean, string)
	Enum        []string // allowed values of a string field, if restricted
	Default     any      // schema default, as YAML decodes it (int, bool, string); nil if none
	Description string
	EnvVar      string            // x-cli-envvar: the value goes in this environment variable of ascp
	Option      string            // ascp option ("-c", "--mode", "--overwrite"); "" when none
	Switch      bool              // the option takes no value: emitted for true only
	False       string            // x-cli-false: the option emitted for false ("" when none)
	Special     bool              // x-cli-special: the agent handles the field itself
	Convert     string            // x-cli-convert as a method name: remove_hyphen, base64, json64
	ConvertMap  map[string]string // x-cli-convert as a table: spec value -> ascp value
	Agents      []string          // x-agents: nil = every agent; empty = no agent (doc only)
	Deprecation string            // x-deprecation
}

type schemaData struct {
	fields   map[string]Field
	required []string
	names    []string
}

// schema parses the embedded schema on first use (not at start-up: most commands never
// transfer).
var schema = sync.OnceValue(func() schemaData { return mustParseSchema(schemaYAML) })

// Fields returns the schema's fields by name. The map is shared: callers must not modify it.
func Fields() map[string]Field { return schema().fields }

// Required returns the fields the schema itself requires, sorted (Validate relaxes them, see
// the package documentation).
func Required() []string { return append([]string(nil), schema().required...) }

// Names returns the names of the schema's fields, sorted.
func Names() []string { return append([]string(nil), schema().names...) }

// For reports whether the field applies to an agent: a field without x-agents applies to
// every agent, a field with an empty x-agents to none.
func (f Field) For(agent string) bool {
	if f.Agents == nil {
		return true
	}
	for _, a := range f.Agents {
		if a == agent {
			return true
		}
	}
	return false
}

// Accepts reports whether the field's JSON types include t.
func (f Field) Accepts(t string) bool {
	for _, x := range f.Types {
		if x == t {
			return true
		}
	}
	return false
}

func mustParseSchema(b []byte) schemaData {
	s, err := parseSchema(b)
	if err != nil {
		panic("transfer spec schema: " + err.Error())
	}
	return s
}

func parseSchema(b []byte) (schemaData, error) {
	var raw struct {
		Required   []string                  `yaml:"required"`
		Properties map[string]map[string]any `yaml:"properties"`
	}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return schemaData{}, err
	}
	if len(raw.Properties) == 0 {
		return schemaData{}, fmt.Errorf("no properties")
	}
	s := schemaData{fields: make(map[string]Field, len(raw.Properties)), required: raw.Required}
	sort.Strings(s.required)
	for name, p := range raw.Properties {
		f, err := parseField(name, p)
		if err != nil {
			return schemaData{}, fmt.Errorf("field %q: %w", name, err)
		}
		s.fields[name] = f
		s.names = append(s.names, name)
	}
	sort.Strings(s.names)
	return s, nil
}

func parseField(name string, p map[string]any) (Field, error) {
	f := Field{Name: name, Default: p["default"]}
	switch t := p["type"].(type) {
	case string:
		f.Types = []string{t}
	case []any:
		for _, x := range t {
			f.Types = append(f.Types, fmt.Sprint(x))
		}
	default:
		return f, fmt.Errorf("no type")
	}
	f.Type = f.Types[0]
	for _, e := range list(p["enum"]) {
		f.Enum = append(f.Enum, fmt.Sprint(e))
	}
	f.Description, _ = p["description"].(string)
	f.EnvVar, _ = p["x-cli-envvar"].(string)
	f.Switch, _ = p["x-cli-switch"].(bool)
	f.False, _ = p["x-cli-false"].(string)
	f.Special, _ = p["x-cli-special"].(bool)
	f.Deprecation, _ = p["x-deprecation"].(string)
	sameName := "--" + strings.ReplaceAll(name, "_", "-")
	switch o := p["x-cli-option"].(type) {
	case string:
		f.Option = o
	case bool:
		if o {
			f.Option = sameName
		}
	case nil:
		if f.Switch { // a switch without an option name is the option of the same name
			f.Option = sameName
		}
	}
	// A plain boolean option without a conversion table takes no value in ascp
	// (preserve_times: -p); the Ruby CLI emitting "-p true" is a bug (protocols.md §1.2).
	if f.Option != "" && f.Type == "boolean" && len(f.Types) == 1 && p["x-cli-convert"] == nil {
		f.Switch = true
	}
	switch c := p["x-cli-convert"].(type) {
	case string:
		f.Convert = c
	case map[string]any:
		f.ConvertMap = make(map[string]string, len(c))
		for k, v := range c {
			f.ConvertMap[k] = fmt.Sprint(v)
		}
	case map[any]any: // keys true/false decode as booleans
		f.ConvertMap = make(map[string]string, len(c))
		for k, v := range c {
			f.ConvertMap[fmt.Sprint(k)] = fmt.Sprint(v)
		}
	}
	if a, ok := p["x-agents"].([]any); ok {
		f.Agents = make([]string, 0, len(a))
		for _, x := range a {
			f.Agents = append(f.Agents, fmt.Sprint(x))
		}
	}
	return f, nil
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
