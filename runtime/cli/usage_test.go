package cli

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
)

func TestUsageSyntaxErrors(t *testing.T) {
	for usage, want := range map[string]string{
		"[PATH":          `missing "]"`,
		"(A | B":         `missing ")"`,
		"PATH]":          `unexpected "]"`,
		"(A]":            `missing ")"`,
		"ID||self":       "empty alternative",
		"[--to-folder=X": `missing "]"`,
	} {
		err := ValidateUsage(usage)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateUsage(%q) = %v, want %q", usage, err, want)
		}
	}
	for _, usage := range []string{"", "PATH...", "[PATH]", "SOURCE DESTINATION", "FILE... [--to-folder=REMOTE]",
		"@json:{...}", `PRIVATE_PEM @json:{"user_id":...}`, "ID|self browse|show ...", "NAME --OPTION=VALUE...",
		"[FILE.lua] [ARGS...]", "NAME (set PARAM VALUE | get PARAM | delete)", "[@json:{...}]", "<name> [<more>...]"} {
		if err := ValidateUsage(usage); err != nil {
			t.Errorf("ValidateUsage(%q) = %v", usage, err)
		}
	}
}

func TestUsageMatch(t *testing.T) {
	tests := []struct {
		usage string
		args  string // space-separated
		want  string // "" = matches, else the start of the error message
		names []string
	}{
		{"", "", "", nil},
		{"", "x", `unexpected argument "x"`, nil},
		{"ID", "ak3", "", []string{"ID"}},
		{"ID", "ak3 extra", `unexpected argument "extra"`, nil},
		{"ID", "", "missing argument ID", nil},
		{"PATH...", "a b c", "", []string{"PATH", "PATH", "PATH"}},
		{"PATH...", "", "missing argument PATH", nil},
		{"[PATH]", "", "", nil},
		{"[PATH]", "a", "", []string{"PATH"}},
		{"[PATH]", "a b", `unexpected argument "b"`, nil},
		{"[FILE...]", "", "", nil},
		{"[FILE...]", "a b", "", []string{"FILE", "FILE"}},
		{"SOURCE DESTINATION", "a b", "", []string{"SOURCE", "DESTINATION"}},
		{"SOURCE DESTINATION", "a b extra", `unexpected argument "extra"`, nil},
		{"SOURCE DESTINATION", "a", "missing argument DESTINATION", nil},
		{"FOLDER SOURCE DESTINATION", "/in b c extra", `unexpected argument "extra"`, nil},
		{"FILE... [--to-folder=REMOTE]", "a b", "", []string{"FILE", "FILE"}},
		{"PATH CONTENTS", "/f text extra", `unexpected argument "extra"`, nil},
		{"@json:{...}", "@json:{}", "", []string{"value"}},
		// an extended value as an alternative of a placeholder: one argument, either form
		{"EMAIL|@json:{...}", "ann@example.com", "", []string{"EMAIL"}},
		{"EMAIL|@json:{...}", `@json:{"email":"a"}`, "", []string{"EMAIL"}},
		{"EMAIL|@json:{...}", "", "missing argument", nil},
		{"(EMAIL|@json:{...}) [NAME]", "a b", "", []string{"EMAIL", "NAME"}},
		{"ID @json:{...}", "1", "missing argument VALUE", nil},
		{"SOURCE... DESTINATION", "a b c", "", []string{"SOURCE", "SOURCE", "DESTINATION"}},
		{"ID|self", "self", "", []string{""}},
		{"ID|self", "ak1", "", []string{"ID"}},
		// a bare ... leaves the rest to the script
		{"ID|self browse|show ...", "ak1 br / x y", "", []string{"ID", "", "", "", ""}},
		{"ID|self browse|show ...", "ak1 zz", `unknown command "zz" (use one of: browse, show)`, nil},
		{"ID|self browse|show ...", "ak1", "missing command (use one of: browse, show)", nil},
		// groups of alternative sequences
		{"NAME (set PARAM VALUE | get PARAM | delete)", "p set k v", "", []string{"NAME", "", "PARAM", "VALUE"}},
		{"NAME (set PARAM VALUE | get PARAM | delete)", "p g k", "", []string{"NAME", "", "PARAM"}},
		{"NAME (set PARAM VALUE | get PARAM | delete)", "p delete x", `unexpected argument "x"`, nil},
		{"NAME (set PARAM VALUE | get PARAM | delete)", "p set k", "missing argument VALUE", nil},
		{"NAME (set PARAM VALUE | get PARAM | delete)", "p nope", `unknown command "nope" (use one of: delete, get, set)`, nil},
		{"NAME (set PARAM VALUE | sync)", "p s", `ambiguous command "s" (could be: set, sync)`, nil},
		{"NAME [update [--OPTION=VALUE...]]", "p up", "", []string{"NAME", ""}},
		{"<name> [<more>...]", "a b c", "", []string{"name", "more", "more"}},
	}
	for _, tc := range tests {
		elems, err := usageSyntax(tc.usage)
		if err != nil {
			t.Fatalf("%q: %v", tc.usage, err)
		}
		args := strings.Fields(tc.args)
		m, ok := matchUsage(elems, args, false)
		if tc.want == "" {
			if !ok {
				t.Errorf("%q %q: %v", tc.usage, tc.args, m.err(""))
			} else if len(args) > 0 && !reflect.DeepEqual(m.names, tc.names) {
				t.Errorf("%q %q: names %q, want %q", tc.usage, tc.args, m.names, tc.names)
			}
			continue
		}
		if ok {
			t.Errorf("%q %q: matched, want %q", tc.usage, tc.args, tc.want)
			continue
		}
		var re *runtime.Error
		if err := m.err("the hint"); !errors.As(err, &re) || re.Kind != runtime.KindUsage || !strings.HasPrefix(re.Message, tc.want) || re.Hint != "the hint" {
			t.Errorf("%q %q: %#v, want usage %q", tc.usage, tc.args, err, tc.want)
		}
	}
}

// TestUsageMatchPrompt: on a terminal, arguments that run out are asked by the script; too
// many are still refused.
func TestUsageMatchPrompt(t *testing.T) {
	elems, _ := usageSyntax("FOLDER SOURCE DESTINATION")
	if _, ok := matchUsage(elems, []string{"/in"}, true); !ok {
		t.Fatal("a prefix is accepted when the rest can be asked")
	}
	if _, ok := matchUsage(elems, []string{"a", "b", "c", "d"}, true); ok {
		t.Fatal("too many arguments accepted")
	}
}
