package orchestrator

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeXML(t *testing.T) {
	doc := `<?xml version="1.0"?>
<workflows time="2012-01-25 07:11:52 UTC" action="details" id="13">
  <workflow id="13" name="test mapping">
    <status type="Complete" count="1" last_activity="2012-01-23 19:11:33"/>
    <status type="Failed" count="1764"/>
    <note>  a &amp; b  </note>
    <empty/>
  </workflow>
</workflows>`
	root, v, err := DecodeXML(strings.NewReader(doc))
	if err != nil || root != "workflows" {
		t.Fatalf("%q %v", root, err)
	}
	want := map[string]any{"time": "2012-01-25 07:11:52 UTC", "action": "details", "id": "13",
		"workflow": map[string]any{"id": "13", "name": "test mapping", "note": "a & b", "empty": "",
			// type= here is not a Rails type: it is an attribute like the others
			"status": []any{
				map[string]any{"type": "Complete", "count": "1", "last_activity": "2012-01-23 19:11:33"},
				map[string]any{"type": "Failed", "count": "1764"},
			}}}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("got %#v", v)
	}
}

func TestDecodeXMLRailsTypes(t *testing.T) {
	doc := `<Work-step-status>
<inputs type="array"/>
<carry-thrus type="array"><carry-thru><name>myfiles</name><id type="integer">60067</id></carry-thru></carry-thrus>
<work-step><preProcessing nil="true"/><attempt type="integer">1</attempt><done type="boolean">true</done>
<created-at type="datetime">2014-11-24T16:48:37Z</created-at><status state="In Progress">Executing Step</status></work-step>
</Work-step-status>`
	_, v, err := DecodeXML(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"inputs":      []any{},
		"carry-thrus": []any{map[string]any{"name": "myfiles", "id": json.Number("60067")}},
		"work-step": map[string]any{"preProcessing": nil, "attempt": json.Number("1"), "done": true,
			"created-at": "2014-11-24T16:48:37Z", "status": map[string]any{"state": "In Progress", "content": "Executing Step"}},
	}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("got %#v", v)
	}
}

func TestDecodeXMLErrors(t *testing.T) {
	for _, doc := range []string{"", "   ", "<a><b></a>", "<a>", "not xml at all"} {
		if _, _, err := DecodeXML(strings.NewReader(doc)); err == nil || !strings.HasPrefix(err.Error(), "XML: ") {
			t.Errorf("%q: %v", doc, err)
		}
	}
}

func TestList(t *testing.T) {
	one := map[string]any{"a": "1"}
	for _, c := range []struct {
		in   any
		want []any
	}{{nil, []any{}}, {"", []any{}}, {one, []any{one}}, {[]any{one, one}, []any{one, one}}, {"x", []any{"x"}}} {
		if got := List(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("List(%v) = %v", c.in, got)
		}
	}
}
