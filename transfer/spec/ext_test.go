package spec

import (
	"reflect"
	"testing"
)

func TestExtensionsEX(t *testing.T) {
	s := Spec{"direction": "send", "EX_ascp_args": []any{"-L", "/logs"}, "EX_quiet": false, "EX_ssh_key_paths": []any{"k1", "k2"},
		"EX_ssh_key_value": "PEM", "EX_http_transfer_jpeg": 1.0, "EX_loglevel": "debug", "EX_file_list_folder": "/tmp/fl",
		"EX_fallback_cert": "c", "EX_fallback_key": "k", "EX_at_rest_password": "p", "EX_fasp_proxy_url": "dnat://p",
		"EX_http_proxy_url": "http://x", "EX_mystery": 1}
	e, err := s.Extensions()
	if err != nil {
		t.Fatal(err)
	}
	want := Ext{AscpArgs: []string{"-L", "/logs"}, FileListFolder: "/tmp/fl", FileList: true, Quiet: false, Monitor: true, WSS: true,
		SSHKeyPaths: []string{"k1", "k2"}, SSHKeyValue: "PEM", FallbackKey: "k", FallbackCert: "c", AtRestPassword: "p",
		FaspProxyURL: "dnat://p", HTTPProxyURL: "http://x", HTTPTransferJPEG: 1, LogLevel: "debug", Unknown: []string{"EX_mystery"}}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("got  %+v\nwant %+v", e, want)
	}
}

func TestExtensionsTransferInfo(t *testing.T) {
	s := Spec{"EX_ascp_args": []any{"-L", "/ex"}, "EX_file_list_folder": "/ex",
		"transfer_info": map[string]any{"ascp_args": []string{"-L", "/ti"}, "file_list": false, "monitor": false, "wss": false,
			"url": "https://node", "resume": map[string]any{"iter_max": 3}}}
	e, err := s.Extensions()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e.AscpArgs, []string{"-L", "/ti"}) || e.FileListFolder != "/ex" || e.FileList || e.Monitor || e.WSS || !e.Quiet ||
		e.Info["url"] != "https://node" {
		t.Fatalf("%+v", e)
	}
	e.Info["resume"].(map[string]any)["iter_max"] = 9
	if s["transfer_info"].(map[string]any)["resume"].(map[string]any)["iter_max"] != 3 {
		t.Fatal("Info shares the spec's maps")
	}
	none, err := Spec{}.Extensions()
	if err != nil || !reflect.DeepEqual(none, Ext{FileList: true, Quiet: true, Monitor: true, WSS: true}) {
		t.Fatalf("defaults %+v %v", none, err)
	}
}

func TestExtensionsErrors(t *testing.T) {
	s := Spec{"transfer_info": "x", "EX_ascp_args": "-L", "EX_http_transfer_jpeg": "yes", "EX_loglevel": 1}
	want := `transfer spec: field "transfer_info": an object expected, got a string` + "\n" +
		`transfer spec: field "EX_ascp_args": array of strings expected, got a string` + "\n" +
		`transfer spec: field "EX_loglevel": string expected, got a number` + "\n" +
		`transfer spec: field "EX_http_transfer_jpeg": integer expected, got a string`
	if _, err := s.Extensions(); err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

func TestClean(t *testing.T) {
	s := Spec{"direction": "send", "tags": map[string]any{"a": "b"}, "EX_ascp_args": []any{"-L"}, "transfer_info": map[string]any{"x": 1}, "EXTRA": 1}
	c := s.Clean()
	if !reflect.DeepEqual(c, Spec{"direction": "send", "tags": map[string]any{"a": "b"}, "EXTRA": 1}) {
		t.Fatalf("%v", c)
	}
	c["tags"].(map[string]any)["a"] = "changed"
	if s["tags"].(map[string]any)["a"] != "b" || s["EX_ascp_args"] == nil || s["transfer_info"] == nil {
		t.Fatal("s modified")
	}
}
