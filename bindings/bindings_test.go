package bindings

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestMetaFilesMatch keeps the definition file of every module equal to what it exports:
// its functions (function SHORT.name) and the methods of each handle type (function PREFIX:name).
func TestMetaFilesMatch(t *testing.T) {
	check := func(name, meta, prefix string, exported []string) {
		re := regexp.MustCompile(`(?m)^function ` + regexp.QuoteMeta(prefix) + `(\w+)\(`)
		var declared []string
		for _, m := range re.FindAllStringSubmatch(meta, -1) {
			declared = append(declared, m[1])
		}
		sort.Strings(declared)
		sort.Strings(exported)
		if strings.Join(declared, " ") != strings.Join(exported, " ") {
			t.Errorf("%s: %s declared %v, exported %v", name, prefix, declared, exported)
		}
	}
	if len(All()) != len(Modules()) || len(All()) < 7 {
		t.Fatalf("%d modules", len(All()))
	}
	for _, m := range All() {
		if !strings.HasPrefix(m.Meta, "---@meta "+m.Name+"\n") {
			t.Errorf("%s: not a ---@meta file", m.Name)
		}
		short := m.Name[strings.LastIndex(m.Name, ".")+1:]
		var funcs []string
		for n := range m.Funcs {
			funcs = append(funcs, n)
		}
		check(m.Name, m.Meta, short+".", funcs)
		for prefix, h := range m.Types {
			var methods []string
			for n := range h.Methods {
				methods = append(methods, n)
			}
			check(m.Name, m.Meta, prefix+":", methods)
		}
	}
}
