// Package connect is the "connect" transfer agent: it asks the IBM Aspera Connect desktop
// client, through its local HTTP API (/v5/connect), to run a transfer, then follows it.
//
// Protocol (see docs/protocols.md §3, after the IBM aspera-cli agent/connect.rb and the Connect
// browser SDK):
//   - Discovery: the first line of <run_root>/var/run/http.uri, then https.uri, plus
//     /v5/connect; else the first of 127.0.0.1:33003..33022 whose GET /v5/connect/info/ping
//     answers 2xx. run_root is ~/.aspera/connect (Linux and others),
//     ~/Library/Application Support/Aspera/Aspera Connect (macOS), or
//     %LOCALAPPDATA%\Aspera\Aspera Connect (Windows).
//   - Every request carries "Origin: aslmcli"; every POST body carries
//     aspera_connect_settings.app_id.
//   - Start: POST /transfers/start; follow: POST /transfers/info/{id} every Agent.Poll;
//     cancel: POST /transfers/stop/{id}; rate: POST /transfers/modify/{id}.
//
// Decisions:
//   - The URL read from http.uri (or https.uri) is used only once it answers the ping: a file
//     left behind by a Connect that is gone does not hide a Connect found by the port scan.
//   - The app_id is a random UUID per Agent (Agent.AppID overrides it); each start has its own
//     request_id (a random UUID). aspera_connect_settings {app_id, request_id, allow_dialogs:
//     true} is sent at the top of the start body (as the CLI does) and in each transfer_specs
//     entry (as the SDK does).
//   - The transfer id is the start answer's transfer_specs[0].uuid (as the SDK does), and
//     tags.aspera.xfer_id (the CLI's choice) only when uuid is missing (protocols.md §8.6).
//   - The spec is sent as is, except the client-side fields (EX_* and transfer_info); a spec
//     with a non-empty token gets authentication "token" (Connect then uses its bypass key).
//     Connect may show a dialog (allow_dialogs), e.g. to confirm the sources of an upload.
//   - Events: SessionStart once started (the session id is the transfer id); Sizes each time
//     bytes_expected changes to a known (positive) value; Progress each time bytes_written
//     changes, with calculated_rate_kbps; Retry on entering "willretry" (error_desc as
//     message). "completed" ends the job well (files from file_counts.completed), "failed"
//     with a *transfer.Error (error_code, error_desc), "cancelled" and "removed" Canceled; the
//     final event (done or error) is transfer.JobBase's. "initiating", "queued" and "running"
//     only report progress.
//   - The jobs are transfer.RateSetter: SetRate posts {"target_rate_kbps": N} (the SDK's
//     modifyTransfer options); it refuses an ended job (and transfer.SetRate N <= 0).
//   - Cancel (and Wait's context ending) posts stop once and stops following at once, like
//     the node agent; Wait then returns a Canceled result and a *transfer.Error.
//   - Info polls are retried as idempotent requests (rest.Settings retry rules); start, stop
//     and modify are sent once.
//
// The package registers itself as "connect" (Settings: "url", the Connect URL, root or
// .../v5/connect; "app_id"). It takes no input of the run: Connect listens on this machine and
// is reached with the default HTTP settings (Agent.HTTP for Go callers). connecttest is a test
// double of Connect's API.
package connect
