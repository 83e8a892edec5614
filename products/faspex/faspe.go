package faspex

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/asperalm/aslmcli/transfer/spec"
)

// FaspeScheme is the scheme of the package links of Faspex 4 feeds.
const FaspeScheme = "faspe"

// faspeInts are the query parameters of a faspe: URI that are integers of the spec.
var faspeInts = map[string]string{"httpport": "http_fallback_port", "targetrate": "target_rate_kbps",
	"minrate": "min_rate_kbps", "port": "fasp_port", "bwcap": "target_rate_cap_kbps"}

// faspeStrings are those that are strings of the spec.
var faspeStrings = map[string]string{"cookie": "cookie", "token": "token", "sshfp": "sshfp", "policy": "rate_policy"}

// faspeBools are those that are yes/no switches of the spec.
var faspeBools = map[string]string{"createpath": "create_dir", "fallback": "http_fallback",
	"lockpolicy": "lock_rate_policy", "lockminrate": "lock_min_rate"}

// faspeIgnored are parameters that carry nothing for the transfer (auth=yes|no, v=2, protect).
var faspeIgnored = map[string]bool{"auth": true, "v": true, "protect": true}

// ParseFaspe returns the transfer spec of a faspe: URI (faspe://USER@HOST:SSHPORT/PATH?...):
// remote_host, remote_user, ssh_port, paths (the package's path as source), and the query's
// transfer parameters. Faspex 4 does not percent-encode the values of its query (base64
// tokens keep their "=" padding and "+"), so each parameter is cut at its first "=" and
// only %XX escapes are decoded ("+" stays "+"). The spec has no direction: the caller sets it.
func ParseFaspe(uri string) (spec.Spec, error) {
	uri = strings.TrimSpace(uri)
	if !strings.HasPrefix(strings.ToLower(uri), FaspeScheme+"://") {
		return nil, fmt.Errorf("%w: %q is not a faspe:// URI", ErrSetup, cut(uri))
	}
	rawQuery := ""
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri, rawQuery = uri[:i], uri[i+1:]
	}
	u, err := url.Parse(strings.ReplaceAll(uri, " ", "%20"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: faspe URI: no host", ErrSetup)
	}
	s := spec.Spec{"remote_host": u.Hostname()}
	if u.User != nil && u.User.Username() != "" {
		s["remote_user"] = u.User.Username()
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("%w: faspe URI: port %q", ErrSetup, p)
		}
		s["ssh_port"] = n
	}
	if u.Path != "" {
		s["paths"] = []any{map[string]any{"source": u.Path}}
	}
	for _, kv := range strings.Split(rawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if dv, err := url.PathUnescape(v); err == nil {
			v = dv
		}
		if err := setFaspe(s, k, v); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// setFaspe sets the spec field of one query parameter; unknown parameters are ignored.
func setFaspe(s spec.Spec, k, v string) error {
	switch {
	case faspeStrings[k] != "":
		s[faspeStrings[k]] = v
	case faspeInts[k] != "":
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%w: faspe URI: %s=%q is not an integer", ErrSetup, k, v)
		}
		s[faspeInts[k]] = n
	case faspeBools[k] != "":
		s[faspeBools[k]] = v == "yes" || v == "true" || v == "1"
	case k == "enc":
		s["cipher"] = cipherOf(v)
	case k == "tags64":
		b, err := base64.StdEncoding.DecodeString(v)
		var tags map[string]any
		if err == nil {
			err = json.Unmarshal(b, &tags)
		}
		if err != nil {
			return fmt.Errorf("%w: faspe URI: tags64 is not base64 JSON", ErrSetup)
		}
		s["tags"] = tags
	case faspeIgnored[k]:
	}
	return nil
}

// cipherOf turns the URI's cipher (aes128, aes128cfb, aes256gcm, none) into the spec's
// (aes-128, aes-128-cfb, aes-256-gcm, none).
func cipherOf(v string) string {
	if !strings.HasPrefix(v, "aes") || strings.HasPrefix(v, "aes-") {
		return v
	}
	out := "aes-" + strings.TrimPrefix(v, "aes")
	for _, mode := range []string{"cfb", "gcm"} {
		if strings.HasSuffix(out, mode) && !strings.HasSuffix(out, "-"+mode) {
			out = strings.TrimSuffix(out, mode) + "-" + mode
		}
	}
	return out
}

// cut shortens a text for an error message (a URI may hold a token: only its start is shown).
func cut(s string) string {
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}
