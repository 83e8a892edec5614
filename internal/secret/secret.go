// Package secret is the single redactor of aslmcli: it decides which keys and values are
// secrets (passwords, tokens, private keys, client secrets, passphrases, API keys) and hides them
// in results, logs, --show-config, debug dumps and error messages.
//
// It is a leaf package (standard library only) so that every layer may use it: the runtime, the
// formatter, the product clients and the transfer agents all hide secrets the same way.
//
// A key is a secret when its lower-cased name contains one of: password, passwd, passcode, secret,
// passphrase, token, private_key, privatekey, apikey, api_key, authorization, or when it is one of
// the ascp environment variables that carry credentials (ASPERA_SCP_PASS, ASPERA_SCP_KEY,
// ASPERA_SCP_FILEPASS, ASPERA_SCP_TOKEN, ASPERA_SCP_COOKIE, ASPERA_PROXY_PASS). Keys that only
// name a secret without holding one are not secrets: access_key (an identifier), *_token_url,
// token_type, *_secret_id... see notSecret. A value is a secret, whatever its key, when it holds a
// PEM private key or starts with "Bearer " / "Basic ".
package secret

import (
	"regexp"
	"strings"
	"sync"
)

// Mask replaces every hidden value.
const Mask = "***"

var secretWords = []string{
	"password", "passwd", "passcode", "secret", "passphrase", "token", "private_key", "privatekey",
	"apikey", "api_key", "authorization", "scp_pass", "scp_key", "scp_cookie", "proxy_pass",
}

// notSecret lists keys that contain a secret word but hold no secret.
var notSecret = map[string]bool{
	"access_key":         true,
	"access_key_id":      true,
	"token_type":         true,
	"token_url":          true,
	"token_endpoint":     true,
	"token_lifetime":     true,
	"token_expiration":   true,
	"token_cache":        true,
	"cache_tokens":       true,
	"secret_id":          true,
	"token_verification": true,
	"password_policy":    true,
	"show_secrets":       true,
}

// keyCache remembers IsSecretKey's answers: listings repeat the same few keys.
var keyCache sync.Map // string -> bool

// IsSecretKey reports whether a value stored under key name must be hidden.
func IsSecretKey(name string) bool {
	if v, ok := keyCache.Load(name); ok {
		return v.(bool)
	}
	secret := isSecretKey(name)
	if len(name) <= 64 {
		keyCache.Store(name, secret)
	}
	return secret
}

func isSecretKey(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	if n == "" || notSecret[n] {
		return false
	}
	if strings.HasSuffix(n, "_token_url") || strings.HasSuffix(n, "_id") {
		return false
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

var pemPrivate = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)`)
})

// LooksSecret reports whether a value is a secret by its content alone: a PEM private key, or an
// HTTP Authorization value (Bearer/Basic).
func LooksSecret(value string) bool {
	if strings.Contains(value, "PRIVATE KEY-----") {
		return true
	}
	l := strings.ToLower(value)
	return strings.HasPrefix(l, "bearer ") || strings.HasPrefix(l, "basic ")
}

// Redact returns a deep copy of v in which the values of secret keys and secret-looking strings
// are replaced by Mask. Maps with string keys and slices are walked; other values are returned as
// they are. v itself is never modified.
func Redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if e != nil && IsSecretKey(k) && !isEmpty(e) {
				out[k] = Mask
				continue
			}
			out[k] = Redact(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = Redact(e)
		}
		return out
	case map[string]string:
		out := make(map[string]string, len(t))
		for k, e := range t {
			if e != "" && (IsSecretKey(k) || LooksSecret(e)) {
				out[k] = Mask
			} else {
				out[k] = e
			}
		}
		return out
	case []string:
		out := make([]string, len(t))
		for i, e := range t {
			out[i] = RedactString(e)
		}
		return out
	case string:
		if LooksSecret(t) {
			return Mask
		}
		return t
	}
	return v
}

// Has reports whether Redact would change v: a secret key with a value, or a secret-looking
// string, anywhere in it. It allocates nothing, so that callers copy only when they must.
func Has(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if e != nil && IsSecretKey(k) && !isEmpty(e) {
				return true
			}
			if Has(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if Has(e) {
				return true
			}
		}
	case map[string]string:
		for k, e := range t {
			if e != "" && (IsSecretKey(k) || LooksSecret(e)) {
				return true
			}
		}
	case []string:
		for _, e := range t {
			if RedactString(e) != e {
				return true
			}
		}
	case string:
		return LooksSecret(t)
	}
	return false
}

func isEmpty(v any) bool {
	s, ok := v.(string)
	return ok && s == ""
}

// assignment matches key=value and "key":"value" pairs whose key is a secret word, in free text.
// The key must not follow "@" (extended value names such as @secret: are not keys) nor "/" (a
// URL path such as ".../oauth2/token: " is not a key). Quotes may be escaped (\"key\":\"value\"),
// as in JSON text nested in a JSON string.
var assignment = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[^@/a-z0-9_\-])(\\?"?[a-z0-9_\-]*(?:password|passwd|passcode|secret|passphrase|token|private_key|apikey|api_key)[a-z0-9_\-]*\\?"?\s*[:=]\s*)(\\"(?:[^"\\]|\\[^"])*\\"|"[^"]*"|[^\s,&;"}\\]+)`)
})

// linkToken matches the context parameter of a URL in free text: a Faspex 5 public link's
// token (https://HOST/aspera/faspex/public/...?context=...). Only as a URL's query parameter:
// "context" is a common word.
var linkToken = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([?&]context=)[^&#\s"'<>]+`) })

// authHeader matches Authorization header values and bare Bearer/Basic credentials.
var authHeader = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(bearer|basic)\s+([A-Za-z0-9._~+/=\-]+)`) })

// proseWords follow "bearer" or "basic" in text that holds no credential ("not an Aspera node
// bearer token", "Basic realm=..."): no credential is one of these words.
var proseWords = map[string]bool{
	"token": true, "tokens": true, "auth": true, "authentication": true, "authorization": true,
	"credential": true, "credentials": true, "header": true, "headers": true, "scheme": true,
	"realm": true, "access": true, "and": true, "or": true, "is": true, "for": true, "of": true,
	"the": true, "a": true, "an": true, "to": true, "with": true, "not": true, "type": true,
}

// placeholder is the value that usage texts and hints show in place of a secret
// (--password=VALUE): documentation, not a secret.
const placeholder = "VALUE"

// RedactString hides secrets inside free text: PEM private key blocks, Bearer/Basic credentials,
// key=value or "key":"value" pairs whose key is a secret (a URL's ?passcode= too), and a URL's
// context= parameter (Faspex 5 public links). It is used on log lines and error messages.
func RedactString(s string) string {
	if s == "" {
		return s
	}
	s = pemPrivate().ReplaceAllString(s, Mask)
	s = linkToken().ReplaceAllString(s, "${1}"+Mask)
	s = authHeader().ReplaceAllStringFunc(s, func(m string) string {
		sub := authHeader().FindStringSubmatch(m)
		if proseWords[strings.ToLower(strings.TrimRight(sub[2], "="))] {
			return m
		}
		return sub[1] + " " + Mask
	})
	s = assignment().ReplaceAllStringFunc(s, func(m string) string {
		sub := assignment().FindStringSubmatch(m)
		key := strings.Trim(strings.TrimRight(sub[2], " :="), `"\\`)
		if !IsSecretKey(key) || sub[3] == placeholder {
			return m
		}
		switch {
		case strings.HasPrefix(sub[3], `\"`):
			return sub[1] + sub[2] + `\"` + Mask + `\"`
		case strings.HasPrefix(sub[3], `"`):
			return sub[1] + sub[2] + `"` + Mask + `"`
		}
		return sub[1] + sub[2] + Mask
	})
	return s
}
