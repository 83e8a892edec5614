// Package httpgw is the "httpgw" transfer agent: it moves files through an IBM Aspera HTTP
// Gateway, uploading over a WebSocket and downloading over plain HTTP. The gateway runs the
// Aspera transfer on its side; the transfer spec's token authorizes it (there is no HTTP
// authentication), so only token-authorized specs can go through a gateway.
//
// Protocol (docs/protocols.md §4, after IBM aspera-cli lib/aspera/api/httpgw.rb and the HTTP
// Gateway JavaScript SDK):
//   - The base URL is https://host[:port]/aspera/http-gwy: a missing scheme means https, a
//     trailing "/" and "/v1" are removed and /aspera/http-gwy is appended when missing. http
//     is accepted too (ws:// then), as the SDK does.
//   - GET {base}/v1/info answers {name, version, endpoints}; uploads use the v2 protocol when
//     an endpoint contains "v2", else v1.
//   - Upload: a WebSocket to {base}/v1/upload or /v2/upload. First {"transfer_spec": ts}, then
//     for each file its chunks: v1 sends each as {"slice_upload": {..., "data": base64}}; v2
//     sends the slice_upload JSON without data, the chunks as binary frames, and the same JSON
//     again. The server acks the spec, each v1 slice and each v2 binary chunk with "end upload",
//     each v2 delimiter with "end_slice_upload"; any other text is an error, either JSON
//     {"message": ...} or a quoted string holding the base64 of such JSON. The client ends with
//     a close of code 1000 once everything is acked.
//   - Download: POST {base}/v1/download {"transfer_spec": ts} answers transfer_spec_id and/or
//     url (whose last segment is the id); GET {base}/v1/download/{id} streams the file, or a zip
//     of everything when zip_required.
//
// Decisions:
//   - One WebSocket per job carries every file, in the order of the list.
//   - paths sent in the upload spec are exactly the files sent, [{"source": name}]: the
//     basename of a top-level file (or of its "destination" when given), and for the files found
//     by walking a folder the folder's basename joined with the file's path inside it, with "/"
//     ("dir/sub/f.txt"). Folders are walked in lexical order; entries that are neither files nor
//     folders are skipped. source_root, when set, is the local folder the sources are relative
//     to; it is not sent to the gateway.
//   - "authentication": "token" is added when absent; a spec without a token is refused.
//   - An empty file is sent as one slice of 0 bytes (total_slices 1; v1: "data": ""; v2: the
//     delimiter, one empty binary frame, the delimiter), so the gateway sees every file of paths.
//     aspera-cli sends no slice at all for it (total_slices 0); ceil(size/chunk) holds for every
//     other size.
//   - Flow control: by default at most 16 chunks (Window) are un-acked at a time, which streams
//     at full speed while bounding what the gateway buffers and how long a cancel takes;
//     Synchronous waits for each ack before the next message (aspera-cli's synchronous:true,
//     the SDK's behaviour). Either way the job ends only once every message is acked. Waiting
//     longer than rest.Settings.ReadTimeout (default 60 s) for an ack fails the job (aspera-cli
//     warns that such a timeout may signal a permission problem on the destination).
//   - Progress counts acked bytes (upload) or written bytes (download). FileDone is reported
//     when the last chunk of a file is acked (v1) or its closing delimiter is (v2).
//   - Download: zip_required is forced to true when a source is "." or "/" or there are
//     several paths; download_name defaults to the first source's basename without extension
//     (plus " N Files" for several paths, as aspera-cli); source_root defaults to "/". The
//     content is written with rest.Client.Download into destination_root (default ".") as
//     <download_name>.zip or the source's basename, through a ".partial" file renamed when
//     complete (a canceled download keeps it, and the next one resumes it when the gateway
//     honours Range).
//   - coder/websocket writes a client frame through a 4 KiB buffer; a coalescer under the
//     connection gathers those writes into one per message (coalesce.go), which took the
//     loopback upload from about 450 to over 1500 MB/s (BenchmarkUpload; BenchmarkHTTPPost is the
//     plain-HTTP reference, like curl -T).
//   - Cancel closes the WebSocket (or cancels the download request). The gateway runs the
//     transfer at its own rate: the jobs are not transfer.RateSetter.
//   - The package registers itself as "httpgw" (Settings: url, synchronous,
//     upload_chunk_size) and takes the run's HTTP settings (transfer.InputHTTP).
package httpgw
