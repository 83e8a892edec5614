package secret

import (
	"fmt"
	"strings"
	"testing"
)

func TestIsSecretKey(t *testing.T) {
	for k, want := range map[string]bool{
		"password": true, "remote_password": true, "client_secret": true, "private_key": true,
		"ssh_private_key": true, "passphrase": true, "token": true, "refresh_token": true,
		"Authorization": true, "api_key": true, "ASPERA_SCP_PASS": true, "ASPERA_SCP_KEY": true,
		"ASPERA_SCP_TOKEN": true, "content-protection-password": true,
		"access_key": false, "url": false, "username": false, "client_id": false, "token_type": false,
		"name": false, "show_secrets": false, "secret_id": false, "": false,
	} {
		if got := IsSecretKey(k); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestRedactDeepCopy(t *testing.T) {
	in := map[string]any{
		"url": "https://x", "password": "s3cr3t",
		"nested":         map[string]any{"client_secret": "abc", "list": []any{map[string]any{"token": "t"}, "Bearer xyz"}},
		"empty_password": "",
	}
	out := Redact(in).(map[string]any)
	if out["password"] != Mask || out["url"] != "https://x" || out["empty_password"] != "" {
		t.Fatalf("top level not redacted: %v", out)
	}
	n := out["nested"].(map[string]any)
	if n["client_secret"] != Mask {
		t.Fatalf("nested: %v", n)
	}
	l := n["list"].([]any)
	if l[0].(map[string]any)["token"] != Mask || l[1] != Mask {
		t.Fatalf("list: %v", l)
	}
	if in["password"] != "s3cr3t" {
		t.Fatal("input modified")
	}
}

func TestRedactString(t *testing.T) {
	pem := "-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----"
	cases := map[string]string{
		"Authorization: Bearer abc.def-ghi":   "abc.def",
		`{"password":"hunter2","user":"bob"}`: "hunter2",
		"password=hunter2&user=bob":           "hunter2",
		"key " + pem + " end":                 "MIIabc",
		"client_secret: zzz-top":              "zzz-top",
	}
	for in, leaked := range cases {
		out := RedactString(in)
		if strings.Contains(out, leaked) {
			t.Errorf("RedactString(%q) = %q still holds %q", in, out, leaked)
		}
		if !strings.Contains(out, Mask) {
			t.Errorf("RedactString(%q) = %q has no mask", in, out)
		}
	}
	if got := RedactString("@secret: needs a terminal; user=bob url=https://x"); got != "@secret: needs a terminal; user=bob url=https://x" {
		t.Errorf("non-secret text changed: %q", got)
	}
}

func TestRedactStringNestedAndURLs(t *testing.T) {
	for in, want := range map[string]string{
		`{"got":"{\"note\":\"n\",\"password\":\"pw-1\",\"user\":\"bob\"}"}`: `{"got":"{\"note\":\"n\",\"password\":\"***\",\"user\":\"bob\"}"}`,
		`{\"access_token\":\"abc.def\"}`:                                    `{\"access_token\":\"***\"}`,
		`401 Unauthorized: POST https://h/oauth2/token: invalid_client`:     `401 Unauthorized: POST https://h/oauth2/token: invalid_client`,
		`GET https://h/x?password=hunter2&a=1`:                              `GET https://h/x?password=***&a=1`,
		`token: abc`:                                                        `token: ***`,
		// public links: Faspex 4's passcode, Faspex 5's context; "context" elsewhere is a word
		`GET https://h/aspera/faspex/external_deliveries/7?passcode=pc1&x=1`: `GET https://h/aspera/faspex/external_deliveries/7?passcode=***&x=1`,
		`link "https://h/aspera/faspex/public/package?context=eyJ.a_b-c"`:    `link "https://h/aspera/faspex/public/package?context=***"`,
		`https://h/p?a=1&context=tok#frag`:                                   `https://h/p?a=1&context=***#frag`,
		`in this context=value is prose`:                                     `in this context=value is prose`,
	} {
		if got := RedactString(in); got != want {
			t.Errorf("RedactString(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

func TestHasAgreesWithRedact(t *testing.T) {
	for _, v := range []any{
		map[string]any{"name": "a", "size": 1},
		map[string]any{"name": "a", "password": "x"},
		map[string]any{"password": ""},
		[]any{map[string]any{"nested": map[string]any{"token": "t"}}},
		[]any{"Bearer abc"},
		map[string]string{"k": "-----BEGIN RSA PRIVATE KEY-----x"},
		[]string{"password=x"},
		[]string{"plain"},
		"text",
	} {
		changed := fmt.Sprint(Redact(v)) != fmt.Sprint(v)
		if Has(v) != changed {
			t.Errorf("Has(%v) = %v, but Redact changes it: %v", v, Has(v), changed)
		}
	}
}
