// Package oauth obtains, caches and renews OAuth 2 access tokens for the product clients: the
// grants the Aspera products use (JWT bearer assertion, client credentials, password, browser
// authorization code with PKCE, IBM IAM API key, refresh token), a Source that implements
// rest.TokenSource on top of a grant, a file cache of tokens, and RSA key helpers (generation,
// parsing in every usual PEM format, public key export).
//
// It knows no product: products/aoc, products/faspex5... build the grant (URL, claims, scope)
// and give it to NewSource; the HTTP client always comes from the caller.
//
// Decisions where the brief was silent or left a choice:
//   - Every token request is posted by this package (postToken), not by golang.org/x/oauth2:
//     oauth2 cannot send Endpoint.Params with the password and refresh grants, and hides the
//     answer's other fields (Token.Scope, Token.Extra such as IAM's refresh_token_expiration).
//     One code path also gives one behaviour for client authentication and errors. oauth2 is
//     used for what it does well in the browser flow: the authorize URL (AuthCodeURL) and PKCE
//     (GenerateVerifier, S256ChallengeOption). Answers in JSON and in form encoding are read;
//     expires_in may be a number or a string.
//   - Client authentication: AuthInParams sends client_id (when set) and client_secret (when
//     set) in the form. AuthInHeader uses HTTP Basic (both parts URL-encoded, RFC 6749 2.3.1)
//     only when ClientSecret is set; a public client (no secret) sends client_id in the form.
//     The JWT grant always sends client_id in the form as well.
//   - Endpoint.Params are applied last, so they can override any field (IAM's response_type).
//   - A refresh answer without refresh_token keeps the previous refresh token.
//   - Errors: a non-2xx answer is a *rest.Error (rest.ResponseError), no answer is a
//     *rest.Error from rest.TransportError; both wrapped as "<grant> grant: ..." so errors.As
//     finds them. Messages never hold a token, a key, a secret or a passphrase.
//   - JWT: the JOSE header is exactly {"alg"} plus JWT.Header (golang-jwt's default typ is
//     removed; Faspex 5 asks for typ: JWT explicitly, AoC does not send it). jti is a random
//     UUID v4. iat and nbf are now-Skew (60 s by default) for clocks slightly ahead of the
//     server's. The key must be RSA (RS256 or PS256).
//   - Web: the redirect URL must be http on a loopback host (localhost, 127.0.0.1, ::1); the
//     listener serves only the redirect path (404 elsewhere, e.g. favicon.ico). The state is
//     checked first (constant time compare): a mismatch answers 400 and fails the grant, as does
//     ?error=...; the first callback decides. Open runs in its own goroutine, so an opener that
//     blocks does not prevent the callback from being handled.
//   - Source: one fetch at a time per Source, the wait for it can be cancelled by ctx. A token
//     obtained right now is returned even if its lifetime is below Threshold (the next call
//     renews it, as ascli does). A cache that cannot be read or written is logged, not fatal.
//     Invalidate drops the token from memory and from the cache but keeps its refresh token
//     for the next Token call.
//   - Cache: one JSON file per Key (the Key is stored too, and checked on read); files that do
//     not decode, or hold no access token, are removed when read (Get, List, Show). The
//     directory is created 0700, files are written 0600 with atomicfile.Write.
//   - Expiry: from expires_in; else from the access token's own "exp" (or "expires_at", number
//     or RFC 3339) when it is a JWT, decoded without verification; zero means unknown, valid.
//   - Keys: ParsePrivateKey takes the first "... PRIVATE KEY" block of the data (an "EC
//     PARAMETERS" block or a certificate before it is skipped). A passphrase given for a key
//     that is not encrypted is ignored. ErrPassphraseMissing and ErrWrongPassphrase are
//     exported so callers can prompt.
package oauth
