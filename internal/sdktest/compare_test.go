package sdktest

import (
	"fmt"
	"strings"
	"testing"
)

type recTB struct {
	testing.TB
	errs []string
}

func (r *recTB) Helper()                      {}
func (r *recTB) Errorf(f string, args ...any) { r.errs = append(r.errs, fmt.Sprintf(f, args...)) }

func TestFlatten(t *testing.T) {
	got := Flatten(map[string]any{"a": map[string]any{"b": 1, "l": []any{"x", map[string]any{}}}, "e": []any{}})
	want := map[string]string{"a.b": "1", "a.l[0]": "x", "a.l[1]": "{}", "e": "[]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Flatten = %v", got)
	}
}

func TestCompare(t *testing.T) {
	sdk := map[string]any{"id": "1", "x": map[string]any{"y": true, "page": "http://p"}, "same": "s"}
	for _, c := range []struct {
		name     string
		agent    map[string]any
		intended map[string]string
		want     string
	}{
		{"equal but vary and intended", map[string]any{"id": "2", "x": map[string]any{"y": true}, "same": "s"}, map[string]string{"x.page": "no page"}, ""},
		{"a difference", map[string]any{"id": "2", "x": map[string]any{"y": false}, "same": "s"}, map[string]string{"x.page": "no page"}, `x.y: SDK "true", agent "false"`},
		{"vary still present", map[string]any{"x": map[string]any{"y": true}, "same": "s"}, map[string]string{"x.page": "no page"}, `id: SDK "1", agent (absent)`},
		{"stale intended", map[string]any{"id": "2", "x": map[string]any{"y": true, "page": "http://p"}, "same": "s"}, map[string]string{"x.page": "no page"}, "listed as an intended difference"},
	} {
		r := &recTB{TB: t}
		Compare(r, c.name, sdk, c.agent, []string{"id"}, c.intended)
		got := strings.Join(r.errs, "\n")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
