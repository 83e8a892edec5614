// Package aocsim is an Aspera on Cloud simulator: `aslmcli aoc simulator`, the scripts
// developed offline, and the tests of products/aoc, bindings/aoc and the aoc command use it.
// It serves one organization: the token endpoint (/api/v1/oauth2/ORG/token: the JWT bearer
// grant verified against the public key registered on the API client or in the user's
// profile, with its claims; url_token for public links, with their password; refresh_token;
// authorization_code after a browser login that logs in at once), /self, users, groups,
// workspaces and their memberships, nodes, API clients, shared inboxes and their
// memberships, contacts, packages, the other administration resources as plain records,
// /url_tokens, and the analytics (application events, transfers). Files live on two node
// simulators (products/node/nodesim) on ports of their own: "main" holds the workspaces'
// homes and the packages, "partner" a folder shared in the Default workspace's home.
//
// Its answers follow the official document (aoc-0.2.6.yaml): its tests wrap it in the
// contract middleware of internal/openapitest (Config.Wrap), and the nodes in the Node API's
// (Config.NodeWrap).
//
// Decisions where the issue was silent:
//   - Access tokens are opaque; a token of a node scope (node.<access key>:user:all) is an
//     Aspera node bearer token signed with the key registered as the access keys'
//     token_verification_key, so the node simulators verify it as a node does.
//   - The browser login has no page: /authorize logs in login_hint (default: the
//     administrator) and redirects with a code at once.
//   - A package is complete as soon as it is marked sent (the simulator does not watch the
//     transfers that fill it); its file count and size are read from its folder when shown.
//     Each package sent is one transfer of the analytics.
//   - A user may change only his own record (PUT users/{self}); public_key there registers
//     the key of his JWT logins (the document types it as a boolean: an erratum).
//   - Shared folders are links in a folder's listing (type link, target_node_id,
//     target_id), added in front of the node simulator, which has no such links; so is
//     GET /files/{id}/content (the node_http download mode).
//   - Ids are numbers or text as the document types each field.
package aocsim
