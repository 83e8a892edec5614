// Package faspex5 is the client of IBM Aspera Faspex 5: its URL rules and authentications
// (JWT, browser with PKCE, a browser's Authorization value, public links), packages (list by
// mailbox, shared inbox or workgroup, show, browse, status, delete, send, receive), shared
// folders, the user's profile, health and version, invitations, the admin resources and the
// members of groups, the server's configuration, SMTP, events and purge of deleted packages,
// the listener of Faspex 5 webhooks that runs a handler per package event (postprocessing),
// and ascli's gateway that turns Faspex 4's package sends into Faspex 5 packages. It speaks through
// products/rest and products/oauth and knows no Lua; transfers are the caller's: the client
// returns the transfer specs Faspex gives.
//
// URLs: the option url is the application's, https://HOST/aspera/faspex. The API is
// URL/api/v5, the token endpoint URL/auth/token, the health check URL/health. A URL holding
// "?context=" is a public link (so is the link option).
//
// Decisions where the issue or the document was silent:
//   - A URL without a path gets /aspera/faspex, Faspex's standard path; a URL given with the
//     API's /api/v5 is cut back to the application's.
//   - JWT: iss and aud are the client id, sub is "user:<username>", the JOSE header has typ
//     JWT (ascli's claims); no client secret is sent with the assertion. Boot: the password is
//     the Authorization value copied from a browser, sent as it is ("Bearer " is added when the
//     value lacks a scheme, so a bare token works too).
//   - Public links follow the document: the passcode of the link's context is traded at
//     /auth/authorize/public_link (header Passcode, state = the context, the resource type the
//     context names or implies) for a code, then the code for a token. The web client's
//     client_id and redirect_uri come from URL/config.js, read as a JavaScript object literal.
//   - Listings page with offset/limit (1000 a page) and total_count; file browsing uses the
//     /page endpoints with the X-Aspera-Next-Iteration-Token header, the token sent back as
//     the iteration_token query parameter (what the server reads; the document also allows it
//     in the body).
//   - A box that is not one of Faspex's mailboxes (or ALL, every package of the server) is
//     the name of a shared inbox, or of a workgroup with GroupType workgroups; it is resolved
//     by an exact, case-sensitive name match among the answers to q=NAME.
//   - Packages are deleted with DELETE /packages?ids=... (the document's form; ascli sends a
//     JSON body), 25 ids a request.
//   - Recipients given as text are resolved through /contacts (context packages): an exact
//     match on the name first, else a unique case-insensitive one; none or several is an error
//     that names the candidates.
//   - The transfer specs Faspex returns are for Connect: "authentication" is removed, and so
//     are the upload spec's paths (a list of names, not a spec's paths: the caller sets its
//     sources). A spec with content_protection needs content_protection_password:
//     NeedsPassword tells the caller to ask for one.
//   - WaitStatus polls upload_details every second (Poll) until the status is one of the
//     given ones (completed or failed by default); WaitJob polls a job (the SMTP test's) the
//     same way until it is neither queued nor working.
//   - Invitations are created at /invitations (to the user) or, when the body names a
//     recipient_name, at /public_invitations (ascli's rule); they are otherwise a Resource.
//   - SMTP changes are merged into the current configuration before the PUT: the document's
//     PUT takes the whole of it (PostSmtp, every field required).
//   - clean_deleted without parameters sends the configuration's
//     days_before_deleting_package_records (ascli's rule).
//   - Members of shared inboxes and workgroups are named by their user's id (what ascli
//     sends); levels are checked before the request.
//   - A resource's Verbs limit its operations to those the document has (SAML
//     configurations cannot be deleted; jobs are only listed, shown, deleted; contacts and
//     registrations only listed): the others fail before any request.
//   - A package from a shared folder (RemoteTransfer) names the shared folder with the query
//     parameter shared_folder_id, as the document does (ascli puts it in the body).
//   - The gateway sends the delivery's file names (base names) as the upload's paths, so that
//     Faspex 5 knows when the package is complete, and answers links.status with the
//     package's upload_details URL (ascli answers "unused"). It takes no credentials, as
//     ascli's: whoever reaches it sends as the gateway's user.
package faspex5
