package format

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// writeJSON writes v as one JSON document followed by "\n"; pretty uses a 2-space indent.
// Nothing is written when v cannot be encoded.
func writeJSON(w io.Writer, v any, pretty bool) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if pretty {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("format: json: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// yamlValue copies v, replacing json.Number by plain number nodes (yaml.v3 would quote them as
// strings).
func yamlValue(v any) any {
	switch t := v.(type) {
	case json.Number:
		return numberNode(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = yamlValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = yamlValue(e)
		}
		return out
	}
	return v
}

func numberNode(n json.Number) any {
	s := string(n)
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: s}
	}
	if isDigits(s) { // beyond int64: plain, untagged (yaml.v3 reads it back as a float)
		return &yaml.Node{Kind: yaml.ScalarNode, Value: s}
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}
	}
	return s
}

func isDigits(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// writeCSV runs fill with a function that writes one csv record, then flushes.
func writeCSV(w io.Writer, fill func(emit func([]string) error) error) error {
	cw := csv.NewWriter(w)
	if err := fill(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
