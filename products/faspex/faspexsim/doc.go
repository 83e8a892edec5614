// Package faspexsim is a Faspex 4 test server: `aslmcli faspex simulator`, the scripts
// developed offline, and the tests of products/faspex, its binding and the faspex commands
// use it. It serves, below /aspera/faspex, the v3 API the original manual's faspex plugin
// uses: the ATOM feeds inbox.atom, sent.atom and archive.atom (paging with startIndex, count
// and page, a rel="next" link), received/ID and sent/ID (one entry), send (JSON; the answer
// holds the upload's transfer spec in xfer_sessions), issue-token (a download token for a
// faspe: link given in an url-list XML body), me, dropboxes and source_shares (JSON), and
// public links external_deliveries/ID?passcode=... (no credentials). Every call but public
// links needs basic authentication. The v4 API (api/users, api/admin/dropboxes,
// api/admin/workgroups, memberships, metadata profiles: list, show, create, modify, delete)
// takes a bearer token of the password grant at auth/oauth2/token (scope admin, admins only);
// the packages of a user, api/users/{id|me}/packages (list, show, delete), take any user's
// token (no scope) for "me", scope admin for another user. address-book?format=json and
// login/new (Accept application/xrds+xml: an XRDS document) are served too.
//
// Faspex 4 has no published API document: the shapes are those the IBM sources read
// (lib/aspera/cli/plugins/faspex.rb, lib/aspera/transfer/uri.rb): entries with title, id,
// summary, author, to (name, email, recipient_delivery_id), delivery_id, link rel="package"
// with a faspe: URI, and metadata fields; errors as {"error": {"user_message",
// "internal_message"}}.
//
// Decisions where those sources were silent:
//   - The packages' files are local folders, Root/packages/<delivery_id>, and the faspe:
//     links and upload specs name them by their local paths, so that a local ascp (or its
//     test double) moves real bytes; receiving a package transfers its folder (TO/<id>/...).
//   - The tokens of public links end with unencoded base64 padding ("=="), as Faspex 4 writes
//     them; those of authenticated users' links are absent (issue-token gives one).
//   - A feed lists the packages newest first, 10 a page unless count says otherwise; page is
//     1-based, startIndex 0-based.
//   - The dropbox "Uploads" has every user as a member; a package sent to "*Uploads" is
//     in each member's inbox, its to named "Uploads".
//   - Delivery ids and recipient delivery ids are numbers of one sequence, so they never
//     collide.
//   - A public link with a wrong passcode is answered with an HTML page, as the web
//     application does, not with XML.
//   - Deleting a package through the v4 API: the sender's removes the package and its files;
//     a recipient's only their delivery (what Faspex does there is not documented).
//   - The v4 package objects follow the documented example's fields (id: the delivery id as
//     text, title, sender, state, recipients with delivery_id, recipient_name, recipient_type).
//   - The login methods (local, SAML) are illustrative: no public document shows the services
//     Faspex 4 announces; the document's shape is Yadis XRDS (XRDS/XRD/Service: Type, URI).
//   - The address book lists every user, displayName "NAME User", one primary email.
package faspexsim
