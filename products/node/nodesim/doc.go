// Package nodesim is a Node API simulator backed by a local folder: `aslmcli node simulator`,
// the scripts developed offline, and the tests of the node, transfer, AoC and Shares code use
// it. It serves /info, /ping, /space, the gen3 file API (browse, search, create, rename,
// delete, du, contents, upload_setup, download_setup), the gen4 file API by id under access
// keys (Basic with the key's id and secret, or an Aspera node Bearer token checked with the
// key's token_verification_key), access key CRUD, and /ops/transfers.
//
// Its answers follow the official OpenAPI document (node-4.4.6.yaml): its tests wrap it in the
// contract middleware of internal/openapitest (Config.Wrap). Where the document lists no status
// for a case (401 on any operation), the simulator answers what a node answers.
//
// Decisions where the issue was silent:
//   - Paths never leave the served folder: absolute paths are below it, a path whose ".." climbs
//     above it is refused (as a node refuses a path outside its docroot), and a symbolic
//     link that resolves outside is refused (listed, but never followed).
//   - The node user (Config.Username/Password) sees the whole folder through the gen3 API and
//     manages access keys; an access key sees its storage path through the gen4 API.
//   - File ids are assigned on first sight and stable for the life of the server.
//   - Folder listings are cached by path and modification time, so that paging through a large
//     folder reads it once.
//   - /ops/transfers jobs run through Config.Runner (the local direct agent when ascp is
//     present); without one, a job fails at once with an error that says why. A completed job
//     reports the bytes and files of its paths as they are on this machine; a failed one the
//     code of the runner's error when it has one (an ErrorCode method: ascp's code through
//     the direct agent), else 1.
package nodesim
