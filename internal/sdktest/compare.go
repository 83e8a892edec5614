package sdktest

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// Flatten returns the leaves of a decoded JSON value (maps, lists, scalars) by path: "a.b",
// "a.list[0].c"; an empty map or list is a leaf ("{}", "[]"). Values are printed with %v
// (json.Number as its text).
func Flatten(v any) map[string]string {
	out := map[string]string{}
	flatten("", v, out)
	return out
}

func flatten(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			out[path] = "{}"
		}
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(p, e, out)
		}
	case []any:
		if len(x) == 0 {
			out[path] = "[]"
		}
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", path, i), e, out)
		}
	default:
		out[path] = fmt.Sprintf("%v", v)
	}
}

// Compare checks, field by field, that what aslmcli's agent sent equals what IBM's SDK sent
// for the same request: the leaves of both (Flatten) must be equal, except those whose last
// path element is in vary (values that must differ: ids, timestamps, app_id), which must only
// be present in both, and those in intended (the full path, with why), which must differ: an
// intended difference that no longer exists fails too, so that the list stays true.
func Compare(t testing.TB, what string, sdk, agent any, vary []string, intended map[string]string) {
	t.Helper()
	a, b := Flatten(sdk), Flatten(agent)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var diffs []string
	differs := map[string]bool{}
	for k := range keys {
		va, inA := a[k]
		vb, inB := b[k]
		if inA && inB && (va == vb || varies(k, vary)) {
			continue
		}
		differs[k] = true
		if _, ok := intended[k]; ok {
			continue
		}
		show := func(v string, in bool) string {
			if !in {
				return "(absent)"
			}
			return fmt.Sprintf("%q", v)
		}
		diffs = append(diffs, fmt.Sprintf("%s: SDK %s, agent %s", k, show(va, inA), show(vb, inB)))
	}
	for k, why := range intended {
		if !differs[k] {
			diffs = append(diffs, fmt.Sprintf("%s: listed as an intended difference (%s) but the agent and the SDK agree", k, why))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		t.Errorf("%s: the agent's request differs from the SDK's:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

// varies tells whether the last element of path (its key, without list index) is in vary.
func varies(path string, vary []string) bool {
	last := path[strings.LastIndex(path, ".")+1:]
	if i := strings.Index(last, "["); i >= 0 {
		last = last[:i]
	}
	for _, v := range vary {
		if v == last {
			return true
		}
	}
	return false
}
