// Package rest is the HTTP core every product client uses: a Client bound to a base URL and an
// authenticator (none, Basic, Bearer, Aspera node Bearer, OAuth token source), JSON in and out,
// streamed downloads to a ".partial" file renamed when complete, one typed Error whose message
// comes from the body formats the Aspera products use, lazy pagination iterators for each paging
// style of the products, bounded retries with backoff, and a request/response dump for
// --rest-debug in which every secret is redacted.
//
// It knows no product and no Lua: products/* build on it, bindings expose it to scripts. It
// imports only the standard library and internal/secret, the single redactor.
//
// Decisions where the issue was silent:
//   - JSON numbers are decoded as json.Number so that 64-bit identifiers stay exact.
//   - Only GET, HEAD, PUT, DELETE and OPTIONS are retried unless Request.Retry says otherwise;
//     a POST is never replayed on its own, because a transfer or a package could start twice.
//     The 401 refresh is the exception: a refused request was not executed, so it is sent once
//     more whatever its method.
//   - The backoff before retry n (from 0) is RetryBase*2^n capped at RetryCap, with "equal"
//     jitter (a random wait between half and all of it) rather than full jitter: a CLI is one
//     client, and a retry that fires at once would only meet the same overloaded server. A
//     Retry-After (seconds or HTTP date) on any retried status lengthens the wait, up to 5
//     minutes.
//   - Settings.RequestTimeout bounds a whole Do call, retries and waits included; Stream and
//     Download are not bounded (a download may be long; ConnectTimeout and ReadTimeout still
//     apply to each try).
//   - A zero RetryMax means the default (3), because the zero Settings must be usable; 0 on
//     purpose needs NoRetry (SetOptions sets it for retry_max=0), and a negative RetryMax means
//     no retry too.
//   - write_timeout of --http-options sets ReadTimeout (Go's client has no write timeout), and
//     an explicit read_timeout wins. SetOptions changes nothing when one key is wrong.
//   - Request bodies: JSON and Form are held in memory and replayed; a raw Body that is a working
//     io.Seeker (a file, strings.Reader) is replayed from the position it had, with its
//     Content-Length; any other raw Body (a pipe, os.Stdin) is streamed once and never retried
//     nor replayed. Bodies are never closed by the client.
//   - Request.Path is a URL reference: escapes such as %2F are kept, "?" starts a query.
//   - Redirects are followed as net/http does (GET and HEAD; 307 and 308 for any method with a
//     replayable body); Authorization is dropped when the host changes.
//   - An error answer's body is read up to 1 MiB; a 2xx JSON answer is read whole.
//   - Error, and the debug dump, never show user info nor the values of query parameters that
//     look secret (password, passcode, token, key, secret..., and context: the token of Faspex
//     5 public links; Faspex 4's carry a passcode); Error.Header keeps the answer's headers.
//   - Download sends Accept: */*, and does not fsync before renaming.
//   - Paging reads the announced total (TotalHeader, TotalKey) in every style; the token style
//     also stops on an empty page, and the offset style, when the total is unknown, on a page
//     shorter than PerPage.
//   - The --rest-debug dump is a RoundTripper inside the *http.Client of Settings, below the
//     User-Agent (shown) and above the transport (so Accept-Encoding and proxy credentials that
//     the transport adds are not). The request block is written before sending, the response
//     status and headers when they arrive, the response body when the caller reaches EOF or
//     closes it; each block is one write under a lock, so concurrent exchanges may interleave
//     between blocks but never inside one. JSON bodies are decoded, passed through
//     secret.Redact and re-encoded compactly (keys sorted); a JSON or form body over 1 MiB is
//     shown by its size only, since a cut document could end inside a secret.
//   - The Insecure warning is logged once per process, by the first Settings with a Logger.
package rest
