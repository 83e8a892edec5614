package config

import (
	"encoding/json"
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/internal/plain"
)

// decodeNode converts a YAML node to JSON-like Go values: map[string]any, []any, string,
// bool, int64, float64, nil.
func decodeNode(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil
	}
	return plain.Normalize(v)
}

// encodeNode converts a JSON-like Go value to a YAML node (maps with sorted keys).
func encodeNode(v any) *yaml.Node {
	n := &yaml.Node{}
	if num, ok := v.(json.Number); ok {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: string(num)}
	}
	if err := n.Encode(v); err != nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(v)}
	}
	return n
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
