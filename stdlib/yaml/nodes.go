package yaml

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/runtime"
)

// maxDepth is the deepest nesting of mappings and sequences accepted (the runtime's
// conversion to Lua stops there).
const maxDepth = 200

func scalarNode(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

func toNode(v any) (*yaml.Node, error) {
	switch t := v.(type) {
	case nil:
		return scalarNode("", "null"), nil
	case bool:
		return scalarNode("", strconv.FormatBool(t)), nil
	case string:
		if !utf8.ValidString(t) {
			return scalarNode("", t), nil // the encoder writes it as !!binary
		}
		return scalarNode("!!str", t), nil
	case int64:
		return scalarNode("", strconv.FormatInt(t, 10)), nil
	case json.Number:
		return scalarNode("", string(t)), nil
	case float64:
		return scalarNode("", formatFloat(t)), nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, k := range keys {
			e, err := toNode(t[k])
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, scalarNode("!!str", k), e)
		}
		return n, nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, e := range t {
			c, err := toNode(e)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case runtime.Func:
		return nil, fmt.Errorf("cannot encode a function")
	}
	return nil, fmt.Errorf("cannot encode a value of Go type %T", v)
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	case f == math.Trunc(f):
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

type decoder struct {
	budget int                 // values left before the document is refused
	active map[*yaml.Node]bool // anchored nodes being converted (alias cycles)
}

func (d *decoder) value(n *yaml.Node, depth int) (any, error) {
	if d.budget--; d.budget < 0 {
		return nil, fmt.Errorf("line %d: document expands to too many values", n.Line)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		return d.value(n.Content[0], depth)
	case yaml.AliasNode:
		return d.value(n.Alias, depth)
	case yaml.ScalarNode:
		return scalar(n)
	}
	if depth >= maxDepth {
		return nil, fmt.Errorf("line %d: nesting deeper than %d levels", n.Line, maxDepth)
	}
	if d.active[n] {
		return nil, fmt.Errorf("line %d: anchor &%s contains itself", n.Line, n.Anchor)
	}
	if n.Anchor != "" {
		d.active[n] = true
		defer delete(d.active, n)
	}
	if n.Kind == yaml.SequenceNode {
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			e, err := d.value(c, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, e)
		}
		return list, nil
	}
	return d.mapping(n, depth)
}

func (d *decoder) mapping(n *yaml.Node, depth int) (map[string]any, error) {
	m := map[string]any{}
	for i := 0; i+1 < len(n.Content); i += 2 { // merged keys first: explicit keys win
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			if err := d.merge(m, n.Content[i+1], depth); err != nil {
				return nil, err
			}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		for k.Kind == yaml.AliasNode {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: a mapping key must be a scalar", k.Line)
		}
		if k.ShortTag() == "!!merge" {
			continue
		}
		e, err := d.value(n.Content[i+1], depth+1)
		if err != nil {
			return nil, err
		}
		m[k.Value] = e
	}
	return m, nil
}

// merge adds the keys of the mapping (or list of mappings) v that m lacks.
func (d *decoder) merge(m map[string]any, v *yaml.Node, depth int) error {
	g, err := d.value(v, depth)
	if err != nil {
		return err
	}
	maps, ok := []any{g}, true
	if list, isList := g.([]any); isList {
		maps = list
	}
	for _, e := range maps {
		src, isMap := e.(map[string]any)
		ok = ok && isMap
		for k, x := range src {
			if _, dup := m[k]; !dup {
				m[k] = x
			}
		}
	}
	if !ok {
		return fmt.Errorf("line %d: << expects a mapping or a list of mappings", v.Line)
	}
	return nil
}

func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		err := n.Decode(&b)
		return b, err
	case "!!int", "!!float":
		var i int64
		if n.ShortTag() == "!!int" && n.Decode(&i) == nil {
			return i, nil
		}
		if s := strings.TrimPrefix(n.Value, "+"); isDigits(strings.TrimPrefix(s, "-")) {
			return json.Number(s), nil // an integer beyond int64, kept exact
		}
		var f float64
		err := n.Decode(&f)
		return f, err
	case "!!binary":
		var s string
		err := n.Decode(&s)
		return s, err
	}
	return n.Value, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
