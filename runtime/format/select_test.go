package format

import (
	"encoding/json"
	"strings"
	"testing"
)

var people = []any{
	map[string]any{"name": "ann", "age": int64(5), "admin": true, "home": map[string]any{"city": "Paris", "zip": "75001"}},
	map[string]any{"name": "bob", "age": 7.0, "admin": false, "home": map[string]any{"city": "Lyon", "zip": 69001}},
	map[string]any{"name": "cid", "age": json.Number("5"), "admin": "yes"},
}

func TestSelect(t *testing.T) {
	byName := func(r map[string]any) (bool, error) { return strings.HasPrefix(r["name"].(string), "b"), nil }
	cases := []struct {
		name   string
		sel    any
		format string
		want   string
	}{
		{"dot path json", map[string]any{"home.city": "Paris"}, "json", `[{"name":"ann"}]` + "\n"},
		{"dot path table", map[string]any{"home.city": "Lyon"}, "table", "name\nbob\n"},
		{"dot path csv", map[string]string{"home.zip": "69001"}, "csv", "bob\n"},
		{"dot path yaml", map[string]any{"home.zip": 75001}, "yaml", "- name: ann\n"},
		{"numeric string", map[string]any{"age": "5"}, "csv", "ann\ncid\n"},
		{"numeric int", map[string]any{"age": 5}, "csv", "ann\ncid\n"},
		{"numeric float", map[string]any{"age": 7.0}, "csv", "bob\n"},
		{"numeric json.Number", map[string]any{"age": json.Number("7")}, "csv", "bob\n"},
		{"bool", map[string]any{"admin": true}, "csv", "ann\ncid\n"},
		{"bool string", map[string]any{"admin": "no"}, "csv", "bob\n"},
		{"several keys", map[string]any{"age": 5, "admin": "true"}, "csv", "ann\n"}, // "yes" vs "true": two strings
		{"missing path is null", map[string]any{"home": nil}, "csv", "cid\n"},
		{"missing path no match", map[string]any{"home.city": "Rome"}, "json", "[]\n"},
		{"none matches tty", map[string]any{"name": "zed"}, "tty", "(empty)\n"},
		{"string vs string", map[string]any{"home.zip": "075001"}, "json", "[]\n"},
		{"object value", map[string]any{"home": map[string]any{"city": "Lyon", "zip": 69001}}, "csv", "bob\n"},
		{"predicate", byName, "json", `[{"name":"bob"}]` + "\n"},
		{"bool predicate", func(r map[string]any) bool { return r["name"] == "cid" }, "csv", "cid\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Options{Format: c.format, Select: c.sel, Fields: "name", FlatHash: true}
			if c.format == "tty" {
				o.Format, o.TTY = "", true
			}
			got, err := render(t, Result{Data: people}, o)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %q want %q", got, c.want)
			}
		})
	}
}

func TestSelectIgnoredForOtherKinds(t *testing.T) {
	sel := map[string]any{"name": "nobody"}
	for _, r := range []Result{{Data: obj}, {Data: []any{"a"}}, {Data: "v"}} {
		got, err := render(t, r, Options{Format: "json", Select: sel})
		if err != nil || got == "[]\n" || got == "" {
			t.Errorf("%v: got %q, %v", r.Data, got, err)
		}
	}
}

func TestEqual(t *testing.T) {
	cases := []struct {
		a, b any
		want bool
	}{
		{int64(5), "5", true}, {5.0, "5.0", true}, {json.Number("5"), 5, true}, {"5", 5.0, true},
		{0.1, "0.1", true}, {int64(1) << 60, "1152921504606846976", true}, {5, "6", false},
		{5, "x", false}, {"5", "5.0", false}, {true, "yes", true}, {false, "off", true},
		{true, 1, false}, {"yes", "yes", true}, {nil, nil, true}, {nil, "", false},
		{[]any{1, 2}, []any{1, 2}, true}, {[]any{1}, "1", false}, {"x", "x", true},
	}
	for _, c := range cases {
		if got := equal(c.a, c.b); got != c.want {
			t.Errorf("equal(%v, %v) = %v", c.a, c.b, got)
		}
	}
}

const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"

var secretData = map[string]any{
	"user": "ann", "password": "s3cret", "auth": map[string]any{"client_secret": "cs", "token_url": "https://t"},
	"key": pem,
}

func TestSecrets(t *testing.T) {
	cases := []struct {
		format string
		show   bool
		want   string
	}{
		{"json", false, `{"auth":{"client_secret":"***","token_url":"https://t"},"key":"***","password":"***","user":"ann"}` + "\n"},
		{"yaml", false, "auth:\n  client_secret: '***'\n  token_url: https://t\nkey: '***'\npassword: '***'\nuser: ann\n"},
		{"table", false, "field               value\nauth.client_secret  ***\nauth.token_url      https://t\nkey                 ***\npassword            ***\nuser                ann\n"},
		{"csv", false, "auth.client_secret,***\nauth.token_url,https://t\nkey,***\npassword,***\nuser,ann\n"},
		{"json", true, `{"auth":{"client_secret":"cs","token_url":"https://t"},"key":"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----","password":"s3cret","user":"ann"}` + "\n"},
		{"csv", true, "auth.client_secret,cs\nauth.token_url,https://t\nkey,\"" + pem + "\"\npassword,s3cret\nuser,ann\n"},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			got, err := render(t, Result{Data: secretData}, Options{Format: c.format, ShowSecrets: c.show, FlatHash: true})
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %q want %q", got, c.want)
			}
		})
	}
	if secretData["password"] != "s3cret" {
		t.Error("Write modified its input")
	}
}

func TestSecretsInListsAndValues(t *testing.T) {
	data := []map[string]any{{"name": "a", "api_key": "k1"}, {"name": "b", "api_key": "k2"}}
	got, _ := render(t, Result{Data: data}, Options{Format: "json", Fields: "ALL"})
	if want := `[{"api_key":"***","name":"a"},{"api_key":"***","name":"b"}]` + "\n"; got != want {
		t.Errorf("got %q", got)
	}
	got, _ = render(t, Result{Data: "Bearer abc"}, Options{Format: "yaml"})
	if got != "'***'\n" {
		t.Errorf("value: got %q", got)
	}
	got, _ = render(t, Result{Kind: ValueList, Data: []string{"Basic eA==", "ok"}}, Options{Format: "csv"})
	if got != "***\nok\n" {
		t.Errorf("value list: got %q", got)
	}
}
