// Package aoc is the client of IBM Aspera on Cloud (AoC): the organization's API
// (https://api.<domain>/api/v1, or Options.APIURL), its OAuth token endpoint
// (<api root>/oauth2/<org>/token) and the nodes of its workspaces, reached with node bearer
// tokens (scope node.<access key>:user:all). It knows no Lua: bindings/aoc converts it for
// aspera.aoc, the aoc command (and its original spelling, files) calls that module, and
// products/aoc/aocsim is the simulator every test talks to.
//
// What it does: the URL rules (organization and domain from the host, public and private
// short links followed), the JWT login with AoC's claims (iss the client, sub the user's
// e-mail, aud the fixed JWTAudience, org for IBM's global client), the browser login and the
// url_token grant of public links (NeedsPassword tells when a protected one lacks its
// password, so that the command asks for it), all through oauth.Options and oauth.Authenticator;
// workspaces; files by path below a folder (the home, an access key's root, a package),
// following shared folders (links) to other nodes; a concurrent find; transfer specs with
// the AoC tags and cookie; downloads through the node's API (node_http); packages (boxes,
// recipients resolved, created then filled by a transfer, received into folders of their
// own, the list of received ids for --once-only); administration resources; analytics;
// private and public short links and the node permissions of folders; the first login's key pair (Prepare); the Faspex 4 gateway.
//
// Decisions where the issue and the document were silent:
//   - A path or name that matches nothing is ErrNotFound (bindings/aoc shows it as an http
//     error with status 404, as the API answers for an id that does not exist).
//   - Find lists DefaultFindConcurrency folders at once, visits each shared folder's target
//     once, and hands entries to Next in arrival order; its predicate runs on the caller's
//     goroutine (a Lua predicate runs there).
//   - DownloadHTTP writes an entry under its own base name and refuses a name that would
//     leave the destination; a folder comes with its tree.
//   - A package's files are received with the source "." of its folder (the whole package),
//     or the paths given; --package-folder names the folder after the package (made safe,
//     made unique with its id).
//   - A public short link is made as the IBM sources make it: the short link (purpose
//     token_auth_redirection) whose URL token the API creates, then a node permission for
//     the token on the folder (every access level); a failed permission deletes the link.
//   - CreatePermission sends the caller's fields with the folder's file id, no tags of its
//     own (the AoC web UI's sharing tags are not documented).
package aoc
