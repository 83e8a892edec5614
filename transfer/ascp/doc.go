// Package ascp is the "direct" transfer agent: it runs IBM Aspera ascp on this machine. It
// locates ascp (Locate: --ascp-path, --fasp-folder, --use-product, the SDK folder, PATH, the
// installed products), builds its argv and environment from a transfer spec (Build), runs one
// process per session and follows each on the management port (ascp -M: ascp connects to our
// TCP listener, reports events and takes commands in "FASPMGR 2" messages), retries the
// retryable errors (Retry, the settings' resume policy) and changes the rate of a running
// transfer (RATE: the jobs are transfer.RateSetter). It registers as "direct" (aliases ascp,
// fasp) with the settings of Settings.
//
// The protocol's pieces: a Reader cuts the stream into Messages (fields in arrival order);
// Write and Command make messages to send (RATE, START, DONE...) or, in tests, to play ascp; a
// Session folds the messages of one ascp run into transfer.Events and gives its result;
// CodeName and Retryable describe the Code of an ERROR. Facts come from protocols.md sections
// 1.1, 1.6 and 1.8 (IBM aspera-cli, lib/aspera/ascp/management.rb and
// lib/aspera/agent/direct.rb).
//
// Decisions:
//   - Framing is strict where the aspera-cli is: a data line before a header, an empty line
//     outside a message, a line that is neither header, field nor empty, and a stream that ends
//     inside a message are *ProtocolError. It is lenient where that costs nothing: "\r\n" line
//     ends, "Key:value" and "Key:" (one space after the colon is removed, no more), and a
//     header inside a message, which starts a new one (the partial one is dropped, as the
//     aspera-cli does). Lines are limited to MaxLine (1 MiB). Bytes are kept as they come; they
//     are not checked for UTF-8. Reader errors are final.
//   - STATS Rate is taken as bits per second, so RateKbps = Rate / 1000. This is inferred, not
//     documented: ascp logs its target rate in bits per second (targetrate=100000000 for
//     -l 100m) and the aspera-cli does not read Rate.
//   - Counters of events are those of the session (Bytes = TransferBytes + StartByte, files
//     done counted from STOP); summing the sessions of a multi-session job is the agent's job.
//     The job reports the sessions' events except their end (DONE, ERROR): its one final
//     event is transfer.JobBase's, and a session that starts again reports Retry.
//   - --fasp-proxy (Settings.FaspProxy) is the spec's proxy when the spec names none; the
//     password of a proxy URL goes to ascp in ASPERA_PROXY_PASS, never in its argv.
//   - --use-product names an installed product by the <name> of its product-info.mf (as the
//     original tool did), or the default name of its folder; FIRST takes the first found.
//   - Like direct.rb, DONE and ERROR may carry the final counters: when their TransferBytes
//     differ from the last Progress, a last Progress comes before SessionError/SessionDone, and
//     a DONE without an earlier NOTIFICATION total also gives Sizes (Total = bytes moved).
//   - Raw is one map per message, shared by that message's events (callers must not modify it).
//   - The result of a session is its last message: DONE is success, ERROR a *transfer.Error
//     with Code, Description and Retryable; anything else, or nothing, a *transfer.Error that is
//     not retryable. A refused bearer token is renewed through transfer.Options.RefreshToken,
//     then the session runs again (as direct.rb regenerates it).
//   - Snake follows aspera-cli's field_native_to_snake (capital_to_snake, with Elapsedusec ->
//     elapsed_usec and Bytescont -> bytes_cont). Integer and boolean typing applies to known
//     fields only (aspera-cli's lists, plus the plain integer counters such as Code and
//     PreTransferFiles); a value that does not parse stays a string.
//   - Retryable codes are those of protocols.md 1.8 (aspera-cli at f7064646, from ascp's
//     mgmtmess.c); unknown codes are not retryable, nor is code 14 with the exact message
//     "Target address not available".
package ascp
