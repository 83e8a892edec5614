// Package rest is the HTTP core every product client uses: a Client bound to a base URL and an
// authenticator (none, Basic, Bearer, Aspera node Bearer, OAuth token source), JSON in and out,
// streamed downloads to a ".partial" file renamed when complete, one typed Error whose message
// comes from the body formats the Aspera products use, lazy pagination iterators for each paging
// style of the products, bounded retries with backoff, and a request/response dump for
// --rest-debug in which every secret is redacted.
//
// It knows no product and no Lua: products/* build on it, bindings expose it to scripts.
//
// Decisions where the issue was silent:
//   - JSON numbers are decoded as json.Number so that 64-bit identifiers stay exact.
//   - Only GET, HEAD, PUT, DELETE and OPTIONS are retried unless Request.Retry says otherwise;
//     a POST is never replayed on its own, because a transfer or a package could start twice.
//   - Redirects are followed for GET and HEAD only (net/http's default); Authorization is
//     dropped when the host changes, as net/http does.
package rest
