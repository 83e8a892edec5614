package format

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func records2500(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"name": fmt.Sprintf("f%04d", i), "size": int64(i), "tags": map[string]any{"even": i%2 == 0}, "password": "x"}
	}
	return out
}

func iterate(list []any) Stream {
	i := 0
	return func() (any, bool, error) {
		if i >= len(list) {
			return nil, false, nil
		}
		i++
		return list[i-1], true, nil
	}
}

// TestWriteStreamMatchesWrite: streaming gives byte for byte what Write gives on the whole list.
func TestWriteStreamMatchesWrite(t *testing.T) {
	for _, n := range []int{0, 1, 999, 1000, 2500} {
		list := records2500(n)
		for _, f := range []string{"csv", "json", "jsonpp", "table", "yaml"} {
			for _, o := range []Options{
				{Format: f, FlatHash: true},
				{Format: f, FlatHash: true, Fields: "name,tags.even"},
				{Format: f, FlatHash: true, Select: map[string]string{"tags.even": "true"}},
				{Format: f, FlatHash: false, ShowSecrets: true},
			} {
				var a, b strings.Builder
				r := Result{Kind: ObjectList, Data: list, Fields: []string{"name", "size"}}
				if err := Write(&a, r, o); err != nil {
					t.Fatal(err)
				}
				if err := WriteStream(&b, iterate(list), Result{Fields: []string{"name", "size"}}, o); err != nil {
					t.Fatal(err)
				}
				if a.String() != b.String() {
					t.Fatalf("n=%d %+v: stream differs\nwrite:  %.300q\nstream: %.300q", n, o, a.String(), b.String())
				}
			}
		}
	}
}

func TestWriteStreamErrors(t *testing.T) {
	var b strings.Builder
	if err := WriteStream(&b, iterate(nil), Result{}, Options{Format: "xml"}); err == nil || b.Len() != 0 {
		t.Fatalf("bad format: %v %q", err, b.String())
	}
	boom := errors.New("boom")
	calls := 0
	next := func() (any, bool, error) {
		calls++
		if calls > 1500 {
			return nil, false, boom
		}
		return map[string]any{"a": calls}, true, nil
	}
	if err := WriteStream(&b, next, Result{}, Options{Format: "csv"}); !errors.Is(err, boom) || strings.Count(b.String(), "\n") != 1000 {
		t.Fatalf("err %v after %d lines", err, strings.Count(b.String(), "\n"))
	}
}

// TestWriteStreamJSONWholeRecords: json without --fields writes every field of every record,
// also those that only records after the first chunk have (issue 12).
func TestWriteStreamJSONWholeRecords(t *testing.T) {
	list := records2500(2500)
	list[2400].(map[string]any)["late"] = "here"
	for _, o := range []Options{{Format: "json"}, {Format: "jsonpp", Fields: "-size"}} {
		var b strings.Builder
		if err := WriteStream(&b, iterate(list), Result{Fields: []string{"name"}}, o); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(b.String()), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2500 || got[2400]["late"] != "here" || got[0]["tags"] == nil {
			t.Fatalf("%+v: records %d, late %v, first %v", o, len(got), got[2400]["late"], got[0])
		}
		if _, has := got[1]["size"]; has == (o.Fields != nil) {
			t.Errorf("%+v: size present=%v", o, has)
		}
	}
}
