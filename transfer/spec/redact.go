package spec

import (
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/internal/secret"
)

// urlFields hold URLs that may carry a password (dnat://user:password@host:port).
var urlFields = []string{"proxy", ExtPrefix + "fasp_proxy_url", ExtPrefix + "http_proxy_url"}

// Redacted returns a copy of s safe to show or log: the values hidden by secret.Redact (keys
// naming a secret: token, remote_password, ssh_private_key, ssh_private_key_passphrase,
// content_protection_password, password, transfer_info.password..., and PEM or Bearer/Basic
// values anywhere), plus the fields whose ascp environment variable is a secret (cookie, in
// ASPERA_SCP_COOKIE), the secret extensions (EX_ssh_key_value, EX_at_rest_password, and their
// transfer_info forms), and the password of a proxy URL. Hidden values become secret.Mask.
func (s Spec) Redacted() Spec {
	out, _ := secret.Redact(map[string]any(s)).(map[string]any)
	if out == nil {
		return nil
	}
	fields := Fields()
	for k, v := range out {
		if missing(v) {
			continue
		}
		if f, ok := fields[k]; ok && f.EnvVar != "" && secret.IsSecretKey(f.EnvVar) {
			out[k] = secret.Mask
		}
		if name, ok := cutPrefix(k, ExtPrefix); ok && extSecret[name] {
			out[k] = secret.Mask
		}
	}
	if info, ok := out[InfoKey].(map[string]any); ok {
		for name := range extSecret {
			if !missing(info[name]) {
				info[name] = secret.Mask
			}
		}
		for _, k := range []string{"fasp_proxy_url", "http_proxy_url"} {
			if u, ok := info[k].(string); ok {
				info[k] = redactURL(u)
			}
		}
	}
	for _, k := range urlFields {
		if u, ok := out[k].(string); ok {
			out[k] = redactURL(u)
		}
	}
	return Spec(out)
}

// redactURL masks the password of a URL's user information.
func redactURL(raw string) string {
	if !strings.Contains(raw, "@") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, set := u.User.Password(); !set {
		return raw
	}
	u.User = url.UserPassword(u.User.Username(), secret.Mask)
	return strings.Replace(u.String(), url.QueryEscape(secret.Mask), secret.Mask, 1)
}
