// Package oauth obtains and keeps OAuth 2 access tokens for the product clients: the grants
// the Aspera products use (JWT bearer with RS256 or PS256, client credentials, resource-owner
// password, authorization code with a local redirect listener and PKCE, refresh token, and the
// IBM Cloud IAM API key), a Source that refreshes a token when less than two minutes remain and
// renews it once when a server refuses it, a token cache on disk (one 0600 file per token), and
// RSA key helpers for `config genkey` and `config pubkey`.
//
// It knows no product: AoC and Faspex 5 give their own JWT claims. The HTTP client is always
// the caller's (rest.Settings.HTTPClient in the CLI), so token requests follow the run's proxy,
// TLS and --rest-debug settings. Failures of a token endpoint are *rest.Error values.
//
// Decisions where the issue was silent:
//   - The JWT, IAM, password, client credentials and refresh grants post their form directly
//     (the token answer is kept whole in Token.Extra); the web grant uses golang.org/x/oauth2
//     for the authorization URL, PKCE and the code exchange.
//   - iat and nbf are set Skew (60 s) in the past and exp Lifetime (1 h) ahead; jti is random.
//   - The client id is always sent with a JWT assertion; a client secret only when one is given.
//   - A cache file holds the key and the token as JSON ("token_<16 hex>.json"); a file that
//     cannot be read is removed and treated as absent. Listing never shows token values.
//   - The web grant's redirect URI must be on the loopback interface; "localhost" listens on
//     127.0.0.1 and, when available, ::1 with the same port, since browsers try either.
package oauth
