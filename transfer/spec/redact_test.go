package spec

import (
	"testing"

	"github.com/asperalm/aslmcli/internal/secret"
)

func TestRedacted(t *testing.T) {
	s := Spec{
		"token":                       "ATV7_xyz",
		"remote_password":             "pw",
		"ssh_private_key":             "-----BEGIN RSA PRIVATE KEY-----\nMII...\n-----END RSA PRIVATE KEY-----",
		"ssh_private_key_passphrase":  "pp",
		"cookie":                      "aspera.aoc:cookie",
		"content_protection_password": "cp",
		"password":                    "win",
		"EX_ssh_key_value":            "key",
		"EX_at_rest_password":         "rest",
		"transfer_info":               map[string]any{"password": "node", "username": "u", "ssh_key_value": "k2", "fasp_proxy_url": "dnat://u:tp@p:9091"},
		"proxy":                       "dnats://user:secret@proxy.example.com:9092",
		"EX_http_proxy_url":           "http://h:hp@hp.example.com",
		"unknown":                     "Bearer abc",
		// not secrets
		"remote_user":       "xfer",
		"remote_host":       "h",
		"remote_access_key": "ak",
		"direction":         "send",
		"EX_fasp_proxy_url": "dnat://nopass@p:9091",
		"remote_empty":      "",
		"cookie_empty":      nil,
	}
	r := s.Redacted()
	masked := []string{"token", "remote_password", "ssh_private_key", "ssh_private_key_passphrase", "cookie",
		"content_protection_password", "password", "EX_ssh_key_value", "EX_at_rest_password", "unknown"}
	for _, k := range masked {
		if r[k] != secret.Mask {
			t.Errorf("%s not masked: %v", k, r[k])
		}
	}
	ti := r["transfer_info"].(map[string]any)
	if ti["password"] != secret.Mask || ti["ssh_key_value"] != secret.Mask || ti["username"] != "u" || ti["fasp_proxy_url"] != "dnat://u:***@p:9091" {
		t.Errorf("transfer_info %v", ti)
	}
	if r["proxy"] != "dnats://user:***@proxy.example.com:9092" || r["EX_http_proxy_url"] != "http://h:***@hp.example.com" {
		t.Errorf("proxy %v %v", r["proxy"], r["EX_http_proxy_url"])
	}
	for _, k := range []string{"remote_user", "remote_host", "remote_access_key", "direction", "EX_fasp_proxy_url", "remote_empty", "cookie_empty"} {
		if r[k] != s[k] {
			t.Errorf("%s changed: %v", k, r[k])
		}
	}
	if s["token"] != "ATV7_xyz" || s["transfer_info"].(map[string]any)["password"] != "node" || s["proxy"] == r["proxy"] {
		t.Fatal("s modified")
	}
	if Spec(nil).Redacted() != nil && len(Spec(nil).Redacted()) != 0 {
		t.Fatal("nil")
	}
}
