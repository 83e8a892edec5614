package secret

import "testing"

// TestRedactStringProse: words that follow "bearer"/"basic" in prose are no credentials, and
// the placeholder VALUE of hints is no secret; real credentials are still hidden, whatever
// their case or length.
func TestRedactStringProse(t *testing.T) {
	for in, want := range map[string]string{
		// kept
		"403 Forbidden: not an Aspera node bearer token":     "403 Forbidden: not an Aspera node bearer token",
		`WWW-Authenticate: Basic realm="node"`:               `WWW-Authenticate: Basic realm="node"`,
		"use a Bearer token or basic authentication":         "use a Bearer token or basic authentication",
		"set it with --password=VALUE, or ASLMCLI_PASSWORD":  "set it with --password=VALUE, or ASLMCLI_PASSWORD",
		"aslmcli config preset set NAME client_secret=VALUE": "aslmcli config preset set NAME client_secret=VALUE",
		// hidden
		"Authorization: Bearer abc":           "Authorization: Bearer ***",
		"bearer eyJhbGciOiJSUzI1NiJ9.e30.sig": "bearer ***",
		"BASIC dXNlcjpwYXNz":                  "BASIC ***",
		"Bearer tokenX":                       "Bearer ***",
		"Basic dG9rZW4=":                      "Basic ***",
		"not an Aspera node bearer token; Authorization: Bearer z": "not an Aspera node bearer token; Authorization: Bearer ***",
		"--password=VALUES": "--password=***",
		"--password=value":  "--password=***",
	} {
		if got := RedactString(in); got != want {
			t.Errorf("RedactString(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
