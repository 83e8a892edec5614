package openapitest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/api"
)

// Schema is one of the non-OpenAPI schemas of package api (schema/NAME.yaml): an object schema
// whose properties are the shapes of records (for node-async-tables.yaml, the tables meta,
// counters and file_info of the async database). Only the keywords OpenAPI schemas share with
// JSON Schema are checked (type, properties, enum, format...), which is all these schemas use.
type Schema struct {
	Name   string
	tables map[string]*openapi3.Schema
}

// LoadSchema reads schema/NAME of package api; a missing or unreadable schema fails the test.
func LoadSchema(t testing.TB, name string) *Schema {
	t.Helper()
	data, err := api.Schema.ReadFile("schema/" + name)
	if err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	var doc struct {
		Properties map[string]any `yaml:"properties"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	s := &Schema{Name: name, tables: map[string]*openapi3.Schema{}}
	for table, def := range doc.Properties {
		js, err := json.Marshal(def)
		if err != nil {
			t.Fatalf("schema %s: %s: %v", name, table, err)
		}
		var sch openapi3.Schema
		if err := json.Unmarshal(js, &sch); err != nil {
			t.Fatalf("schema %s: %s: %v", name, table, err)
		}
		s.tables[table] = &sch
	}
	if len(s.tables) == 0 {
		t.Fatalf("schema %s has no properties", name)
	}
	return s
}

// Tables returns the names of the record shapes, sorted.
func (s *Schema) Tables() []string {
	var out []string
	for k := range s.tables {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Check validates a decoded JSON value (map[string]any, float64 or json.Number numbers) against
// the shape of table. Fields the table does not name are allowed (the API adds its own).
func (s *Schema) Check(table string, v any) error {
	sch := s.tables[table]
	if sch == nil {
		return fmt.Errorf("%s has no table %q (tables: %s)", s.Name, table, strings.Join(s.Tables(), ", "))
	}
	// a round trip through JSON gives the plain types the validator expects
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		return err
	}
	if err := sch.VisitJSON(plain, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("%s %s: %w", s.Name, table, err)
	}
	return nil
}
