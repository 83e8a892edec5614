package spec

import "testing"

func TestSchemaFields(t *testing.T) {
	f := Fields()
	if len(f) <= 50 || len(Names()) != len(f) {
		t.Fatalf("%d fields, %d names", len(f), len(Names()))
	}
	c := f["cipher"]
	if c.Name != "cipher" || c.Type != "string" || c.Option != "-c" || c.Convert != "remove_hyphen" || c.Default != "none" ||
		len(c.Enum) != 10 || c.Enum[0] != "none" || c.Enum[3] != "aes-256" {
		t.Fatalf("cipher %+v", c)
	}
	if d := f["direction"]; d.Option != "--mode" || d.ConvertMap["receive"] != "recv" || d.ConvertMap["send"] != "send" {
		t.Fatalf("direction %+v", d)
	}
	if r := f["resume_policy"]; r.ConvertMap["none"] != "0" || r.ConvertMap["full_csum"] != "3" || r.Option != "-k" {
		t.Fatalf("resume_policy %+v", r)
	}
	if o := f["overwrite"]; o.Option != "--overwrite" || o.Switch { // x-cli-option: true
		t.Fatalf("overwrite %+v", o)
	}
	if p := f["preserve_access_time"]; p.Option != "--preserve-access-time" || !p.Switch {
		t.Fatalf("switch without option name %+v", p)
	}
	if p := f["preserve_times"]; p.Option != "-p" || !p.Switch {
		t.Fatalf("boolean option is a switch %+v", p)
	}
	if h := f["http_fallback"]; h.ConvertMap["true"] != "1" || h.ConvertMap["false"] != "0" || h.ConvertMap["force"] != "F" ||
		h.Type != "boolean" || len(h.Types) != 2 || !h.Accepts("string") || h.Switch {
		t.Fatalf("http_fallback %+v", h)
	}
	if p := f["precalculate_job_size"]; p.False != "--precalculate-disable" || p.Option != "--precalculate-job-size" {
		t.Fatalf("x-cli-false %+v", p)
	}
	if f["token"].EnvVar != "ASPERA_SCP_TOKEN" || !f["paths"].Special || f["paths"].Type != "array" || f["tags"].Convert != "json64" {
		t.Fatal("token/paths/tags")
	}
	if f["fasp_port"].Default != 33001 || f["title"].Option != "" {
		t.Fatalf("fasp_port default %#v", f["fasp_port"].Default)
	}
	if !f["remove_skipped"].For("direct") || f["remove_empty_source_dir"].For("direct") || !f["cipher"].For("anything") ||
		f["fasp_url"].For("direct") || f["fasp_url"].Agents == nil {
		t.Fatal("For")
	}
	req := Required()
	want := []string{"destination_root", "direction", "paths", "remote_host", "remote_user"}
	if len(req) != len(want) {
		t.Fatalf("required %v", req)
	}
	for i := range want {
		if req[i] != want[i] {
			t.Fatalf("required %v", req)
		}
	}
	req[0] = "changed"
	if Required()[0] != "destination_root" {
		t.Fatal("Required shares its slice")
	}
}

func TestSchemaEveryField(t *testing.T) {
	for name, f := range Fields() {
		if f.Name != name || f.Type == "" || f.Type != f.Types[0] {
			t.Errorf("%s: %+v", name, f)
		}
		if f.Switch && f.Option == "" {
			t.Errorf("%s: a switch without option", name)
		}
	}
}

func TestParseSchemaErrors(t *testing.T) {
	for _, bad := range []string{"properties: [", "title: x", "properties:\n  a:\n    description: no type\n"} {
		if _, err := parseSchema([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
