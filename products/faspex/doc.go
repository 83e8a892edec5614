// Package faspex is the client of IBM Aspera Faspex 4, the product of the original manual's
// faspex plugin: packages from the v3 ATOM feeds (inbox, sent, archive), package send
// (POST send, whose answer holds the upload's transfer spec), package receive (the package's
// faspe: link turned into a transfer spec, with a download token issued for it), public
// links (external_deliveries ...?passcode=), the user (me), dropboxes and remote sources, and
// the v4 API's admin resources (V4: users, dropboxes, workgroups, memberships, metadata
// profiles). It speaks through products/rest (basic authentication; OAuth's password grant,
// scope admin, for v4) and knows no Lua; transfers are the caller's: the client returns the
// transfer specs.
//
// URLs: the option url is the application's, https://HOST/aspera/faspex (a URL without a path
// gets /aspera/faspex); the v3 API is relative to it (inbox.atom, received/ID, send, me...).
//
// Decisions where the issue, the manual and ascli were silent:
//   - Feeds are read with encoding/xml, matching elements by local name (Faspex writes some
//     with a package: or faspex: prefix). An entry becomes an object with the feed's names:
//     id, title, note (the summary), published, author {name, email}, to [{name, email,
//     recipient_delivery_id}], delivery_id, link (the faspe: URI of the package), items (its
//     number of package links), metadata; package_id is the id to receive it with: the
//     recipient_delivery_id of the user (inbox, archive: the to whose name is the username,
//     or the recipient option, a "*" dropbox name also matched without its star), the
//     delivery_id (sent). Entries without that id (for another recipient) are skipped, as
//     ascli does.
//   - Paging: the query's startIndex, count and page go to the first request; the next pages
//     follow the feed's rel="next" link; the walk stops on an empty page, without a next link,
//     on a link seen already, or at max items.
//   - A faspe: URI without a token (an authenticated user's) gets one from issue-token
//     (direction down, the URI in an url-list XML body), as the Faspex web client does.
//   - ParseFaspe: see its comment for the unencoded query of Faspex 4.
//   - Send: the recipients are a list (a text is split on commas, as in the original plugin);
//     a remote source (by id, or by name through source_shares) makes Faspex transfer the
//     files itself: there is no spec, the package's status link is returned.
//   - Public links to send (external submissions) are not supported: Faspex 4 answers them
//     with JavaScript, not an API.
//   - v4: the token request carries the user's credentials in the form (RFC 6749) and as the
//     client's Basic credentials (what ascli sends); resources are ascli's names; a listing
//     is one request whose answer is the list. The admin resources ask scope admin (V4, as
//     ascli); the user's own packages (users/me/packages) a token without scope (V4User, as
//     integrations of the v4 API ask it), so that any user may delete their packages.
//   - Package delete: Faspex 4's v3 API (what the original plugin and ascli's faspex use) has
//     no deletion call in either tool's sources (git history of IBM/aspera-cli,
//     lib/asperalm/cli/plugins/faspex.rb and lib/aspera/cli/plugins/faspex.rb); IBM's v4 API
//     documentation (developer.asperasoft.com/web/faspex/api-v-4-packages) lists "Delete a
//     package" and "Bulk delete" on /api/users/{user_id}/packages/{package_delivery_id}, "me"
//     standing for the user's own (ascli's `faspex v4 package users ID delete` reaches it as an
//     administrator). DeletePackage takes the id the box lists (package_id, a recipient
//     delivery id in the inbox), reads its entry for the delivery id, and sends DELETE
//     api/users/me/packages/DELIVERY_ID. The stored copy of that page showed the endpoint
//     list, not the DELETE section's details: the method and path follow the page's REST
//     pattern (GET of the same path is documented); bulk delete is not built.
//   - Health is GET me (ascli's): one line {component, status, message}. The address book is
//     one request of count=100000 (ascli's), each entry completed with email (the primary of
//     emails) and first_name/last_name (displayName cut at its first space); login methods are
//     the Service elements of the XRDS document of login/new, by their XML names as ascli shows
//     them.
package faspex
