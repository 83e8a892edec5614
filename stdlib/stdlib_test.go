package stdlib_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib"
)

func TestModules(t *testing.T) {
	var names []string
	for _, m := range stdlib.Modules() {
		names = append(names, m.Name)
		if m.Doc == "" || strings.Contains(m.Doc, "\n") || m.Open == nil {
			t.Errorf("%s: needs a one-line Doc and Open", m.Name)
		}
	}
	if got := strings.Join(names, " "); got != "json yaml base64 zlib fs path time log env out" {
		t.Errorf("order: %s", got)
	}
}

// TestMetaMatchesModule keeps each .d.lua file true: it declares exactly the functions and
// fields that the module table has.
func TestMetaMatchesModule(t *testing.T) {
	s := luatest.New(t, stdlib.Modules()...)
	for _, m := range stdlib.Modules() {
		t.Run(m.Name, func(t *testing.T) {
			if !strings.HasPrefix(m.Meta, "---@meta "+m.Name+"\n") ||
				!strings.Contains(m.Meta, "\nerror('Cannot require a meta file')\n") ||
				!strings.Contains(m.Meta, "\n---@class "+m.Name+"\n") ||
				!strings.HasSuffix(m.Meta, "\nreturn "+m.Name+"\n") {
				t.Errorf("meta file does not have the ---@meta layout")
			}
			if _, err := runtime.Compile("@"+m.Name+".d.lua", []byte(m.Meta)); err != nil {
				t.Errorf("meta file is not valid Lua: %v", err)
			}
			q := regexp.QuoteMeta(m.Name)
			re := regexp.MustCompile(`(?m)^(?:function ` + q + `\.(\w+)\(|` + q + `\.(\w+) = )`)
			var declared []string
			for _, g := range re.FindAllStringSubmatch(m.Meta, -1) {
				declared = append(declared, g[1]+g[2])
			}
			sort.Strings(declared)
			out := s.Must(`return require(...)`, m.Name)
			var exported []string
			out[0].(*lua.LTable).ForEach(func(k, _ lua.LValue) { exported = append(exported, k.String()) })
			sort.Strings(exported)
			if strings.Join(declared, " ") != strings.Join(exported, " ") {
				t.Errorf("declared in %s.d.lua: %v\nexported by the module: %v", m.Name, declared, exported)
			}
			for _, fn := range declared {
				doc := regexp.MustCompile(`---[A-Z][a-z]+s\b[^\n]*\n(---[^\n]*\n)*(function ` + q + `\.` + fn + `\(|` + q + `\.` + fn + ` =)`)
				if !doc.MatchString(m.Meta) {
					t.Errorf("%s.%s: no present-tense description", m.Name, fn)
				}
			}
		})
	}
}
