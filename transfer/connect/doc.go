// Package connect is the "connect" transfer agent: it asks the IBM Aspera Connect desktop
// client, through its local HTTP API (/v5/connect), to run a transfer, then follows it.
//
// Protocol (see docs/protocols.md §3), as IBM's Connect SDK 5.0.3 speaks it
// (@ibm-aspera/connect-sdk-js: src/connect.ts, core/request.ts, request/strategy/http), with
// ascli's agent/connect.rb where the SDK is silent:
//   - Discovery: the first line of <run_root>/var/run/http.uri, then https.uri, plus
//     /v5/connect; else the first of 127.0.0.1:33003..33022 whose GET /v5/connect/info/ping
//     answers 2xx. run_root is ~/.aspera/connect (Linux and others),
//     ~/Library/Application Support/Aspera/Aspera Connect (macOS), or
//     %LOCALAPPDATA%\Aspera\Aspera Connect (Windows).
//   - Version: GET info/version once per Agent, before anything else; a Connect older than
//     MinVersion (3.9.0, the SDK's MIN_SECURE_VERSION) is refused with an error asking to
//     update it (the SDK asks Connect to update; a command line cannot).
//   - Every POST body is JSON sent as ContentType (text/plain;charset=UTF-8, what a browser's
//     XMLHttpRequest sends for the SDK's string bodies) and carries
//     aspera_connect_settings.app_id. No Origin header: the SDK sets none (a browser adds its
//     page's; ascli sent its user agent).
//   - Start: POST transfers/start {"aspera_connect_settings": {app_id}, "transfer_specs":
//     [{"transfer_spec", "aspera_connect_settings": {app_id, request_id, allow_dialogs,
//     use_absolute_destination_path}}]}, the SDK's shape (ascli put request_id at the top).
//     Follow: POST transfers/info/{id} every Agent.Poll; cancel: transfers/stop/{id}; rate:
//     transfers/modify/{id}.
//   - Uploads (direction "send") without paths take them from Connect's file dialog: POST
//     windows/select-open-file-dialog/ with the SDK's options (allowMultipleSelection) and
//     ascli's title "Select Files"; each chosen file is a {"source": its path}. The dialog
//     waits up to DialogTimeout (the SDK's 24 hours) for the user; choosing nothing is an
//     error. With UI "text" (the run's --ui=text: the "ui" setting, taken from the command
//     line) there is no dialog and the spec needs paths. Paths given are always used as they
//     are: ascli ignores them and always opens the dialog; a command line means its files.
//
// Decisions:
//   - The URL read from http.uri (or https.uri) is used only once it answers the ping: a file
//     left behind by a Connect that is gone does not hide a Connect found by the port scan.
//   - The app_id is base64 of a random UUID per Agent, as the SDK's initSession makes one
//     (Agent.AppID overrides it); each start has its own request_id (a random UUID).
//     allow_dialogs is true (ascli's value; the SDK leaves it to its caller): Connect may ask,
//     e.g. to trust the server. back_link, the SDK's web page, is not sent: there is no page.
//   - use_absolute_destination_path is set when a download's destination_root is an absolute
//     path of this machine; a relative one (or none) is under the user's Connect download
//     folder, as with the SDK and ascli.
//   - The transfer id is the start answer's transfer_specs[0].uuid (as the SDK does), and
//     tags.aspera.xfer_id (the CLI's choice) only when uuid is missing (protocols.md §8.6).
//   - The spec is sent as is, except the client-side fields (EX_* and transfer_info); a spec
//     with a non-empty token gets authentication "token" (Connect then uses its bypass key).
//   - The spec is checked before the file dialog opens (transfer.CheckSpec requires no paths of a
//     connect upload), so that a bad spec never asks the user for files. The commands'
//     uploads (node, server, aoc... upload) run without files when the agent chooses them
//     (transfer.Info.ChoosesFiles) and the UI is graphical.
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
//   - Info polls are retried as idempotent requests (rest.Settings retry rules); start, stop,
//     modify and the dialog are sent once.
//
// The package registers itself as "connect" (Settings: "url", the Connect URL, root or
// .../v5/connect; "app_id"; "ui", internal: the run's --ui). It takes no other input of the
// run: Connect listens on this machine and is reached with the default HTTP settings
// (Agent.HTTP for Go callers). connecttest is a test double of Connect's API; the tests run
// IBM's Connect SDK against it (testdata/sdk_connect.js) and compare its requests with the
// agent's (record_test.go).
package connect
