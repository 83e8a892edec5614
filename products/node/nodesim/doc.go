// Package nodesim is a Node API simulator backed by a local folder: `aslmcli node simulator`,
// the scripts developed offline, and the tests of the node client and the node transfer agent
// use it. It serves:
//   - /info, /ping, /space and the gen3 file API (browse, search, create, rename, delete, du,
//     contents, upload_setup, download_setup) for the node user;
//   - the gen4 file API by id under access keys (Basic with the key's id and secret, or an
//     Aspera node Bearer token checked with the key's token_verification_key), and access key
//     CRUD;
//   - /ops/transfers (jobs run through Config.Runner), /events, /events/{id}, /usage,
//     /usage/{id};
//   - what the official document lacks, shaped as the IBM aspera-cli sources use it: the legacy
//     /async API (list, summary, counters, files, delete), /rund/services, /v3/watchfolders
//     (with its version header), FASPStream /streams and the central API
//     (/services/rest/transfers/v1/sessions and /files).
//
// Its answers follow the official OpenAPI document (node-4.4.6.yaml): its tests wrap it in the
// contract middleware of internal/openapitest (Config.Wrap), the endpoints the document lacks
// in a recorded document and the async records in the async tables schema (see
// products/node/internal/nodetest). Where the document lists no status for a case (401 on any
// operation), the simulator answers what a node answers. Credentials gives the node user's
// credentials, for whoever starts it to print them after its URL.
//
// Decisions where the issue was silent:
//   - Paths never leave the served folder: absolute paths are below it, a path whose ".." climbs
//     above it is refused (400, as a node refuses a path outside its docroot), a symbolic link
//     that resolves outside is refused (listed, but never followed), and a path that does not
//     exist is a 404.
//   - Answers show node paths, never the served folder's local path: errors are rewritten,
//     link targets are the caller's node path of the target (none when it points outside what
//     the caller sees). The one exception is the spec of upload_setup and download_setup, whose
//     destination_root or source_root is the local path, so that a local ascp (or its test
//     double) run with that spec reads and writes the served folder.
//   - The node user (Config.Username/Password) sees the whole folder through the gen3 API and
//     manages access keys, services and watch folders; an access key sees its storage path
//     through the gen4 API, and its own jobs and events.
//   - File ids are assigned on first sight and stable for the life of the server.
//   - Folder listings are cached by path and modification time, so that paging through a large
//     folder reads it once. Populate makes such a folder for benchmarks.
//   - Search matches basenames (filters.basenames, and the request's name), paths
//     (filters.paths) and types, ignoring case unless case_sensitive, as the document says.
//   - The activity log: every change of a job and every event takes the next position. Lists
//     of /ops/transfers and /events are in that order after iteration_token, and their Link
//     header always gives the position reached, even on the last page, as a node does (so
//     a job that changes is listed again after its change, and the page after the end is
//     empty).
//   - /ops/transfers jobs run through Config.Runner (the local direct agent when ascp is
//     present); without one, a job fails at once with an error that says why. When a job
//     ends, its files are those of the node's side, with their sizes: the source of a send and
//     the destination of a receive, as node paths below the owner's root; for a spec made by
//     this simulator's *_setup, whose far end is the simulator itself, the job's files are
//     the client's (as given) and a second job, the far end (direction reversed, endpoint
//     "server"), holds the node's files, as a node logs both ends of a session it serves.
//     That second job is logged only for a completed transfer. A completed job whose paths
//     name none of the served folder's files (a Runner given local paths, as the transfer
//     agents' conformance tests do) reports the bytes and files of its sources on this machine. A failed job reports the
//     code of the runner's error when it has one (an ErrorCode method: ascp's code through
//     the direct agent), else 1.
//   - Events: upload.started/ended for a job the node sends, download.* for one it receives
//     (with direction, tags and, at the end, error_code (an integer) at the top of data, as the
//     IBM tools read them, and file_id, the folder a receive wrote to); file.created (file.modified when it changed since the log
//     reported it) for each file a transfer brought; file.created/deleted/moved for the file
//     operations of both APIs (gen3 by path, gen4 by id), whose data is the files API's entry
//     (id, name, path, type file, folder or link, size, modified_time) and parent_file_id.
//     types is a list and data an object (see the errata).
//   - Who reads an event: the node user every one; an access key those it made and those
//     about a path below its root, whoever made them (the node user, another key, a
//     transfer), with paths relative to its root (a path outside it is left out). The client's
//     end of a transfer to this node stays its maker's. /ops/transfers and /usage still show
//     an access key its own jobs only (the IBM tools read transfers into a key's storage from
//     /events: download.ended).
//   - A client's ascp (or its test double) run with the spec of upload_setup writes into the
//     served folder unseen: upload_setup watches the folder it names (24 h, the token's life,
//     at most 64 folders and 10000 files a look), and /events first records the files there
//     that changed since the log last reported them, as the node's own log would have.
//   - A spec by file id (tags.aspera.node.file_id, as AoC and access keys make them) names a
//     folder of the far node: its destination_root is no path of this machine, where the
//     runner (a local ascp or its double) would write it. Such an upload fails, saying why,
//     unless its destination_root is below the served folder. Confined gives the same guard
//     for every upload, to simulators that embed this one (the ATS simulator).
//   - Usage sums the bytes of ended jobs: bytes_in what the node received, bytes_out what it
//     sent; /usage/{id} those of the jobs whose spec has that usage_id.
//   - The simulator runs no async: each ended job of /ops/transfers is also a stopped async
//     session (push for a send, pull for a receive) whose files are the job's. Services, watch
//     folders and streams are kept in memory and run nothing; a stream is a job that runs until
//     canceled.
//   - The central API reads the jobs: a session per job, a file transfer per file.
package nodesim
