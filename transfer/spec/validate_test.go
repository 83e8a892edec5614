package spec

import (
	"encoding/json"
	"testing"
)

func good() Spec {
	return Spec{"direction": "send", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}},
		"target_rate_kbps": json.Number("1000"), "ssh_port": float64(33001), "fasp_port": int64(33001),
		"http_fallback": "force", "unknown_field": "kept", "title": nil, "tags": map[string]any{"a": 1}}
}

func TestValidateGood(t *testing.T) {
	for _, agent := range []string{"", "direct", "node", "connect"} {
		if err := good().Validate(agent); err != nil {
			t.Errorf("%s: %v", agent, err)
		}
	}
	if err := good().Validate(); err != nil {
		t.Fatal(err)
	}
	big := good()
	big["ssh_port"] = json.Number("123456789012345678901234567890")
	big["fasp_port"] = json.Number("1e3")
	if err := big.Validate(); err != nil {
		t.Fatalf("big integers: %v", err)
	}
}

func TestValidateMessages(t *testing.T) {
	cases := []struct {
		name  string
		s     Spec
		agent string
		want  string
	}{
		{"missing required", Spec{"paths": []any{}, "remote_host": ""}, "",
			`transfer spec: field "direction" is required` + "\n" +
				`transfer spec: field "paths" is required` + "\n" +
				`transfer spec: field "remote_host" is required`},
		{"bad enum", Spec{"direction": "sideways", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}}}, "",
			`transfer spec: field "direction": "sideways" is not one of send, receive`},
		{"wrong types, sorted", Spec{"direction": "send", "remote_host": "h", "paths": "x", "ssh_port": "22", "create_dir": "yes",
			"target_rate_kbps": 1.5, "http_fallback": 1.0, "tags": []any{}, "ssh_args": "x", "cipher": 128}, "",
			`transfer spec: field "cipher": string expected, got a number` + "\n" +
				`transfer spec: field "create_dir": boolean expected, got a string` + "\n" +
				`transfer spec: field "http_fallback": boolean or string expected, got a number` + "\n" +
				`transfer spec: field "paths": array expected, got a string` + "\n" +
				`transfer spec: field "ssh_args": array expected, got a string` + "\n" +
				`transfer spec: field "ssh_port": integer expected, got a string` + "\n" +
				`transfer spec: field "tags": object expected, got an array` + "\n" +
				`transfer spec: field "target_rate_kbps": integer expected, got a number`},
		{"paths elements", Spec{"direction": "receive", "remote_host": "h",
			"paths": []any{map[string]any{"source": "a", "destination": "b"}, map[string]any{"destination": "c"}, "x", map[string]any{"source": "d", "destination": 1}}}, "",
			`transfer spec: field "paths": element 1: a string source expected` + "\n" +
				`transfer spec: field "paths": element 2: an object expected, got a string` + "\n" +
				`transfer spec: field "paths": element 3: destination: a string expected, got a number`},
		{"destinations all or none", Spec{"direction": "send", "remote_host": "h",
			"paths": []any{map[string]any{"source": "a", "destination": "b"}, map[string]any{"source": "c"}}}, "",
			`transfer spec: field "paths": either every element has a destination or none has`},
		{"httpgw needs a token", Spec{"direction": "send", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}}}, "httpgw",
			`transfer spec: field "token" is required`},
		{"uploads need paths", Spec{"direction": "send", "remote_host": "h"}, "connect",
			`transfer spec: field "paths" is required`},
		{"extensions", Spec{"direction": "send", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}},
			"EX_ascp_args": []any{"-L", 1}, "transfer_info": map[string]any{"quiet": "no"}}, "",
			`transfer spec: field "EX_ascp_args": element 1: string expected, got a number` + "\n" +
				`transfer spec: field "transfer_info.quiet": boolean expected, got a string`},
	}
	for _, tc := range cases {
		err := tc.s.Validate(tc.agent)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, tc.want)
		}
	}
}

func TestValidateRelaxed(t *testing.T) {
	// no destination_root nor remote_user: the agents have defaults
	s := Spec{"direction": "send", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}}}
	if err := s.Validate("direct"); err != nil {
		t.Fatal(err)
	}
	// no paths: a persistent session, or a file list given to ascp directly
	for _, s := range []Spec{
		{"direction": "send", "remote_host": "h", "keepalive": true},
		{"direction": "send", "remote_host": "h", "EX_ascp_args": []any{"--file-list=/tmp/l"}},
		{"direction": "send", "remote_host": "h", "transfer_info": map[string]any{"ascp_args": []any{"--file-pair-list", "/tmp/l"}}},
	} {
		if err := s.Validate("direct"); err != nil {
			t.Errorf("%v: %v", s, err)
		}
	}
	// an agent that chooses an upload's files (Connect's dialog) needs none; a download does
	if err := (Spec{"direction": "send", "remote_host": "h"}).ValidateChosen("connect"); err != nil {
		t.Errorf("upload without paths, files chosen: %v", err)
	}
	if err := (Spec{"direction": "receive", "remote_host": "h"}).ValidateChosen("connect"); err == nil {
		t.Error("a download without paths passed")
	}
	// a field for another agent is not an error
	s["xfer_max_retries"] = json.Number("3")
	s["token"] = "Bearer x"
	if err := s.Validate("httpgw"); err != nil {
		t.Fatal(err)
	}
}
