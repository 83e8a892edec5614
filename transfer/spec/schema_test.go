package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSchemaCopy keeps the embedded schema equal to the shared one.
func TestSchemaCopy(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "schema", "transfer-spec.schema.yaml"))
	if err != nil {
		if os.Getenv("ASLMCLI_CI") != "" {
			t.Fatalf("the shared schema is missing: %v", err)
		}
		t.Skipf("the shared schema is absent: %v", err)
	}
	if !bytes.Equal(shared, schemaYAML) {
		t.Fatal("transfer/spec/schema/transfer-spec.schema.yaml differs from ../shared/schema: copy it again")
	}
}

func TestSchemaFields(t *testing.T) {
	f := Fields()
	if len(f) < 80 {
		t.Fatalf("%d fields", len(f))
	}
	c := f["cipher"]
	if c.Option != "-c" || c.Convert != "remove_hyphen" || len(c.Enum) < 5 {
		t.Fatalf("cipher %+v", c)
	}
	if d := f["direction"]; d.Option != "--mode" || d.ConvertMap["receive"] != "recv" {
		t.Fatalf("direction %+v", d)
	}
	if p := f["preserve_access_time"]; p.Option != "--preserve-access-time" || !p.Switch {
		t.Fatalf("switch without option name %+v", p)
	}
	if h := f["http_fallback"]; h.ConvertMap["true"] != "1" || h.ConvertMap["force"] != "F" {
		t.Fatalf("http_fallback %+v", h)
	}
	if p := f["precalculate_job_size"]; p.False != "--precalculate-disable" {
		t.Fatalf("x-cli-false %+v", p)
	}
	if f["token"].EnvVar != "ASPERA_SCP_TOKEN" || !f["paths"].Special {
		t.Fatal("token/paths")
	}
	if !f["remove_skipped"].For("direct") || f["remove_empty_source_dir"].For("direct") || !f["cipher"].For("anything") {
		t.Fatal("For")
	}
	req := Required()
	if len(req) != 5 || req[0] != "destination_root" {
		t.Fatalf("required %v", req)
	}
}
