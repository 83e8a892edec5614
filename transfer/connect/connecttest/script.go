// Package connecttest is a TEST DOUBLE of the local HTTP API of IBM Aspera Connect
// (/v5/connect): an httptest server that checks every request the connect agent sends and
// plays a scripted transfer (Script.Steps), or runs it for real on this machine (Script.Copy:
// the files are copied, as Connect's ascp would). It is not Connect; use it only in tests.
//
// Checks (each mismatch fails the test with t.Errorf): the Origin header; a JSON body whose
// aspera_connect_settings.app_id is a non-empty string, the same in every POST; for a start,
// a UUID request_id not seen before, a non-empty transfer_specs list of {"transfer_spec":
// {...}} objects, and authentication "token" in every spec that has a token; requests only
// to the endpoints the agent uses (info/ping, info/version, transfers/start, info, stop,
// modify), and only for known transfer ids.
package connecttest

// Step is what one transfers/info poll answers.
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
	// Steps answer the successive info polls of a transfer, one step per poll; the last step
	// repeats. Empty: one "running" step. After a stop the status is "cancelled". Unused with
	// Copy.
	Steps []Step
	// Copy, when set, makes the double move bytes as Connect does, on this machine: see Copy.
	Copy *Copy
	// StartError, when set, is the answer to every start.
	StartError *APIError
	// Origin is the Origin header expected; default "aslmcli".
	Origin string
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
