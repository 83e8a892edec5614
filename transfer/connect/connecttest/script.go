// Package connecttest is a TEST DOUBLE of the local HTTP API of IBM Aspera Connect
// (/v5/connect): an httptest server that checks every request it gets against the wire format
// of IBM's Connect SDK 5.0.3 (what the SDK sends, not what one client happens to do), records
// them (Server.Requests: the recording double that compares the SDK's requests with the
// connect agent's), and plays a scripted transfer (Script.Steps), or runs it for real on this
// machine (Script.Copy: the files are copied, as Connect's ascp would). It is not Connect; use
// it only in tests.
//
// Endpoints (the SDK's apiEndpoints, those a transfer uses): GET info/ping, info/version;
// POST transfers/start, transfers/activity, transfers/info/{id}, transfers/modify/{id},
// transfers/stop/{id}, transfers/remove/{id}, transfers/resume/{id}, info/authenticate,
// windows/select-open-file-dialog/ (answered with Script.Selection) and update/require (sent by
// the SDK to an outdated Connect). Anything else fails the test.
//
// Checks (each mismatch fails the test with t.Errorf): every POST body is a JSON object sent
// as text/plain (what a browser's XMLHttpRequest sends for the SDK's string body) or
// application/json, whose aspera_connect_settings.app_id is a non-empty string, the same in
// every POST (but update/require, which the SDK sends without); any Origin, or none, is accepted (a browser sends its page's, the SDK none of its
// own). A start has a non-empty transfer_specs list of {"transfer_spec": {...},
// "aspera_connect_settings": {...}} entries, each with the body's app_id and a UUID request_id
// (one per start, never reused; a top-level one, ascli's habit, is tolerated);
// allow_dialogs and use_absolute_destination_path, when present, are booleans. Activity has a
// numeric iteration_token; authenticate a remote_host; the file dialog the SDK's four options
// (title, suggestedName, allowMultipleSelection, allowedFileTypes); the calls on a transfer a
// known id.
package connecttest

// Step is what one transfers/info (or activity) poll answers for a transfer.
type Step struct {
	Status         string // initiating queued running willretry completed failed cancelled removed
	Written        int64  // bytes_written
	Expected       int64  // bytes_expected (0: not known yet)
	Rate           int64  // calculated_rate_kbps
	ErrorCode      int    // error_code
	ErrorDesc      string // error_desc
	CurrentFile    string // current_file
	FilesCompleted int64  // file_counts.completed
}

// Script is what the double plays, for each transfer it starts.
type Script struct {
	// Steps answer the successive polls of a transfer (info, or activity), one step per poll;
	// the last step repeats. Empty: one "running" step. After a stop the status is
	// "cancelled", after a remove "removed", until a resume. Unused with Copy.
	Steps []Step
	// Copy, when set, makes the double move bytes as Connect does, on this machine: see Copy.
	Copy *Copy
	// StartError, when set, is the answer to every start.
	StartError *APIError
	// Version is the answer of info/version; default "3.11.2.63".
	Version string
	// Selection is the files the file dialog answers (absolute paths; size and type from the
	// file when it exists); none: the user closed the dialog (an empty list).
	Selection []string
}

// APIError is an error answer of Connect: {"error":{code, internal_message, user_message}}
// with HTTP status Status (default 400).
type APIError struct {
	Status   int
	Code     int
	Internal string
	User     string
}

// Modify is one transfers/modify call.
type Modify struct {
	ID   string         // the transfer id of the path
	Body map[string]any // the body without aspera_connect_settings (numbers as json.Number)
}

// Copy makes the double run each transfer for real on this machine: the files of the spec's
// paths are copied from their source to destination_root (package internal/copytree: a
// folder with its tree, a shorter destination resumed), and the info polls report what was
// written: "running", then "completed" with file_counts. A source that cannot be read fails
// the transfer with error_code 4 (ascp's NO_SUCH_FILE); a stop ends the copy ("cancelled").
type Copy struct {
	// Rate is the copy speed in bytes per second; 0: as fast as the disk goes.
	Rate int64
	// Interrupt breaks the copy once, at half of the bytes: the polls answer "willretry"
	// (error_code 16, connection lost) until one has seen it, then the copy resumes.
	Interrupt bool
}
