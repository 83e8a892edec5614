// Package httpgw is the "httpgw" transfer agent: it moves files through an IBM Aspera HTTP
// Gateway, uploading over a WebSocket and downloading over plain HTTP. The gateway runs the
// Aspera transfer on its side; the transfer spec's token authorizes it (there is no HTTP
// authentication), so only token-authorized specs can go through a gateway.
//
// Protocol (docs/protocols.md §4, after IBM aspera-cli lib/aspera/api/httpgw.rb and the HTTP
// Gateway JavaScript SDK @ibm-aspera/http-gateway-sdk-js 7.7.4, whose flow this agent follows):
//   - The base URL is taken as given, as the SDK does (cleanupServerUrl): a trailing "/" and
//     "/v1" are removed, any path prefix is kept (usually https://host/aspera/http-gwy; a gateway
//     behind a proxy may live elsewhere). A missing scheme means https; http gives ws://.
//   - GET {base}/v1/info answers {name, version, endpoints}; uploads use v2 when version is at
//     least 2.3.0 (the SDK's noBase64Encoding flag), else v1.
//   - Upload: a WebSocket to {base}/v1/upload or /v2/upload. First {"transfer_spec": ts}, then
//     each file as steps, one per chunk, ceil(size/chunk) of them: v1 sends
//     {"slice_upload": {..., "data": base64}}; v2 sends the slice_upload JSON without data before
//     the first binary chunk and again after the last one, in the same step. An empty file sends
//     nothing (SDK: ceil(0/64000) = 0). The gateway acks the spec and each step with the text
//     "end upload" (duplicates happen, says the SDK). Some gateways also answer end_slice_upload
//     to delimiters: neither the SDK nor aspera-cli reads it, nor does this agent.
//   - Errors: a text frame holding a JSON object ({"message": ...}) or a JSON string (the base64
//     of such an object), or a close before the end. Other texts are logged (rest.Settings.Logger,
//     debug) and ignored, as are surplus acks.
//   - The client ends with a close of code 1000 once everything is acked.
//   - Download: POST {base}/v1/download {"transfer_spec": ts} answers transfer_spec_id and/or
//     url (whose last segment is the id); GET {base}/v1/download/{id} streams the file, or a zip
//     of everything when zip_required.
//
// Decisions:
//   - One WebSocket per job carries every file, in the order of the list.
//   - paths sent in the upload spec are one entry per file, as the SDK's folderTransferSpecExplode:
//     source is the name the slices carry (a top-level file's basename, as a browser's File.name;
//     for the files of a folder the folder's basename joined with the path inside it, with "/",
//     as webkitRelativePath), and the other fields of the user's entry (destination...) are kept
//     as given. Folders are walked in lexical order; entries that are neither files nor folders
//     are skipped. source_root, when set, is the local folder the sources are relative to; it
//     is not sent to the gateway. slice_upload type is the MIME type of the name's extension
//     ("" when unknown, as File.type).
//   - "authentication": "token" is added when absent; a spec without a token is refused.
//   - Flow control: stop-and-wait by default, as the SDK: each step waits for the ack of the one
//     before (Window 1). upload_window (Agent.Window, at most MaxWindow) lets that many steps be
//     un-acked, for a gateway known to ack every chunk once (a duplicate ack then counts for the
//     next step, as in the SDK); synchronous (aspera-cli's name) forces 1. Either way the job
//     ends only once every step is acked. Waiting longer than rest.Settings.ReadTimeout (default
//     60 s) for an ack fails the job (aspera-cli warns that such a timeout may signal a
//     permission problem on the destination).
//   - Progress counts acked bytes (upload) or written bytes (download). FileDone is reported
//     when the last step of a file is acked (an empty file with the step before it).
//   - Download: zip_required is forced to true when a source is "." or "/" or there are
//     several paths; download_name defaults to the first source's basename without extension
//     (plus " N Files" for several paths, as aspera-cli); source_root defaults to "/". The
//     content is written with rest.Client.Download into destination_root (default ".") as
//     <download_name>.zip or the source's basename, through a ".partial" file renamed when
//     complete (a canceled download keeps it, and the next one resumes it when the gateway
//     honours Range).
//   - coder/websocket writes a client frame through a 4 KiB buffer; a coalescer under the
//     connection gathers those writes into one per message (coalesce.go), which took the
//     loopback upload from about 450 to over 1500 MB/s (BenchmarkUpload, window 16;
//     BenchmarkHTTPPost is the plain-HTTP reference, like curl -T).
//   - Cancel closes the WebSocket (or cancels the download request). The gateway runs the
//     transfer at its own rate: the jobs are not transfer.RateSetter.
//   - Not built: the SDK's streaming (/v1/start-stream, video): no transfer command needs it.
//   - Checked against the SDK: sdk_test.go runs IBM's SDK (7.7.4, in Node) against gwtest;
//     record_test.go runs the SDK and this agent with the same specs against recording
//     doubles and compares their upload messages and download specs field by field. The
//     differences are intended and written there: authentication "token", and for downloads
//     source_root "/", download_name and zip_required (true for several paths, which a
//     gateway zips anyway), all as ascli does.
//   - The package registers itself as "httpgw" (Settings: url, synchronous, upload_window,
//     upload_chunk_size) and takes the run's HTTP settings (transfer.InputHTTP).
package httpgw
