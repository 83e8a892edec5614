package oauth

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Token is an OAuth access token as the token endpoint gave it.
type Token struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
	// Expiry comes from expires_in; when absent, from the access token's own "exp" if it is a
	// JWT (payload decoded without verification). Zero means unknown, and is treated as valid.
	Expiry time.Time `json:"expiry,omitzero"`
	// Extra holds the other fields of the answer (e.g. IAM's expiration, refresh_token_expiration).
	Extra map[string]any `json:"extra,omitempty"`
}

// validAt tells whether t can still be used at now, with margin left before its expiry.
func (t *Token) validAt(now time.Time, margin time.Duration) bool {
	if t == nil || t.AccessToken == "" {
		return false
	}
	return t.Expiry.IsZero() || t.Expiry.Sub(now) > margin
}

// tokenFromFields builds a Token from the decoded fields of a token answer.
func tokenFromFields(m map[string]any, now time.Time) *Token {
	t := &Token{Extra: map[string]any{}}
	for k, v := range m {
		switch k {
		case "access_token":
			t.AccessToken = str(v)
		case "token_type":
			t.TokenType = str(v)
		case "refresh_token":
			t.RefreshToken = str(v)
		case "scope":
			t.Scope = str(v)
		case "expires_in":
			if n, ok := number(v); ok && n > 0 {
				t.Expiry = now.Add(time.Duration(n * float64(time.Second)))
			}
		default:
			t.Extra[k] = v
		}
	}
	if len(t.Extra) == 0 {
		t.Extra = nil
	}
	if t.Expiry.IsZero() {
		t.Expiry = jwtExpiry(t.AccessToken)
	}
	return t
}

func str(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return ""
	case json.Number:
		return t.String()
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

// number reads a JSON number or a numeric string.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case float64:
		return t, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return f, err == nil
	}
	return 0, false
}

// jwtExpiry returns the expiry written inside a JWT access token ("exp" in seconds, or
// "expires_at" in seconds or RFC 3339), or zero when tok is not a JWT or has none.
func jwtExpiry(tok string) time.Time {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims map[string]any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if dec.Decode(&claims) != nil {
		return time.Time{}
	}
	for _, k := range []string{"exp", "expires_at"} {
		v, ok := claims[k]
		if !ok {
			continue
		}
		if n, ok := number(v); ok && n > 0 {
			return time.Unix(int64(n), 0)
		}
		if s, ok := v.(string); ok {
			if at, err := time.Parse(time.RFC3339, s); err == nil {
				return at
			}
		}
	}
	return time.Time{}
}
