// Package faspex5sim is a Faspex 5 simulator: `aslmcli faspex5 simulator`, the scripts
// developed offline, and the tests of products/faspex5, its binding and its commands use it.
// It serves, below /aspera/faspex: the API v5 (packages by mailbox, shared inbox and
// workgroup, package creation, transfer specs, upload status, file browsing, shared folders
// and remote transfers from them, the user's account and preferences, invitations, contacts,
// version, configuration/ping, the admin resources accounts (and their password reset),
// workgroups and shared inboxes (and their members, external collaborators), distribution
// lists, nodes (browsing, shared folders), metadata profiles, email notifications, webhooks,
// alternate addresses, SAML configurations, jobs, registrations; the server's configuration,
// SMTP and its test, application and webhook events, the purge of deleted packages' records,
// file processing), the authorization server /auth (JWT bearer assertions checked with the
// user's registered public key, the browser's authorization code flow with PKCE through a
// login page, public links, the API clients), /health, /config.js and the public link pages.
//
// The packages' files live on an embedded node simulator (products/node/nodesim) below
// Root/packages/<id>: transfer specs are the node's upload_setup and download_setup specs, so
// that a local ascp (or its test double) moves real bytes.
//
// Its answers follow the official document (api/openapi/faspex-5.0.yaml.gz): the tests of
// products/faspex5 run it under the contract middleware (internal/faspex5test).
//
// Decisions where the issue and the document were silent:
//   - Access tokens are JWTs (HS256, a key of the run) carrying exp, so that clients know
//     their lifetime; they last an hour. No refresh tokens are given.
//   - The token endpoint takes JSON (the document) and form encoding (what real Faspex and
//     every OAuth client send).
//   - A package is "completed" once every file named when its upload spec was asked exists
//     in its folder; until then its upload status is "transferring" ("submitted" before).
//   - Packages are listed newest first; ids are decimal numbers as strings.
//   - A user sees the packages sent to them, to the shared inboxes and workgroups they are a
//     member of (inbox, inbox_all), those they sent (outbox); an admin also sees every
//     package (ALL, global). History boxes and pending hold nothing: packages never expire.
//   - The login page of the browser flow (/aspera/faspex/login) is a form of username and
//     password; its answer redirects to the client's redirect_uri with the code.
//   - Public links: Link(...) makes one (shared inbox dropbox, or a package to download); its
//     context is base64 JSON {passcode, resource_type, recipient_type, name, package_id}.
//     An invitation's access_url is such a link, to its recipient (a user or shared inbox).
//   - Application events are recorded for packages sent (AddPackage too) and deleted, and
//     invitations sent and resent; no webhook is ever called, so webhook events are none.
//   - The SMTP test queues a job that completes at its second reading; no email is sent
//     (nor by reset_password or invitations). The SMTP password is never shown.
//   - clean_deleted purges the records of packages deleted more than N days ago.
//   - File processing: see processing.go. Shared folders are folders of the embedded node.
//   - A new API client's secret is answered once, at its creation, and kept nowhere.
package faspex5sim
