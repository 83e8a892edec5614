package server

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	for _, c := range []struct {
		url, user string
		want      Target
		err       string
	}{
		{url: "ssh://demo.example.com", want: Target{Scheme: "ssh", Host: "demo.example.com", Port: 33001, User: "xfer"}},
		{url: "ssh://h:22", user: "bob", want: Target{Scheme: "ssh", Host: "h", Port: 22, User: "bob"}},
		{url: "ssh://alice@[::1]:2222", want: Target{Scheme: "ssh", Host: "::1", Port: 2222, User: "alice"}},
		{url: "SSH://h", want: Target{Scheme: "ssh", Host: "h", Port: 33001, User: "xfer"}},
		{url: "local://", want: Target{Scheme: "local", Host: "localhost"}},
		{url: "https://h:9093", want: Target{Scheme: "https", Host: "h", Port: 9093, User: "xfer"}},
		{url: "ftp://h", err: `scheme "ftp"`},
		{url: "demo.example.com", err: "expected ssh://"},
		{url: "ssh://h:99999", err: "bad port"},
		{url: "ssh://", err: "no host"},
	} {
		got, err := ParseTarget(c.url, c.user, "", nil, "")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.url, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v %v, want %+v", c.url, got, err, c.want)
		}
	}
}

func TestTargetTransferSpec(t *testing.T) {
	tg, _ := ParseTarget("ssh://h:33001", "u", "pw", []string{"/k1", "/k2"}, "pp")
	want := map[string]any{"remote_host": "h", "ssh_port": int64(33001), "remote_user": "u", "remote_password": "pw",
		"EX_ssh_key_paths": []any{"/k1", "/k2"}, "ssh_private_key_passphrase": "pp"}
	if got := tg.TransferSpec(); !reflect.DeepEqual(got, want) {
		t.Fatalf("ssh spec %v", got)
	}
	tg, _ = ParseTarget("https://h:9093", "", "", nil, "")
	if got := tg.TransferSpec(); !reflect.DeepEqual(got, map[string]any{"remote_host": "h", "wss_enabled": true, "wss_port": int64(9093), "remote_user": "xfer"}) {
		t.Fatalf("wss spec %v", got)
	}
	if _, err := OpenFiles(context.Background(), tg, nil, "", nil); !errors.Is(err, ErrNoFileOps) {
		t.Fatalf("file ops on https: %v", err)
	}
	tg, _ = ParseTarget("local://", "", "", nil, "")
	f, err := OpenFiles(context.Background(), tg, nil, "", nil)
	if err != nil || f.Kind() != "local" {
		t.Fatalf("local: %v", err)
	}
	if a, err := f.About(context.Background()); err != nil || a["access"] != "local" {
		t.Fatalf("about %v %v", a, err)
	}
}
