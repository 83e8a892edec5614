package ascp

// code is one management error code of ascp: its mnemonic, a short text, and whether a new
// try of the transfer may succeed.
type code struct {
	name      string
	text      string
	retryable bool
}

// codes is the table of the management port's error codes (the Code field of an ERROR event),
// after protocols.md 1.8 (aspera-cli lib/aspera/ascp/management.rb ERRORS, itself from ascp's
// mgmtmess.c as_mgmt_err_is_retryable).
var codes = [...]code{
	0:  {"UNKNOWN", "unknown error", false},
	1:  {"FASP_PROTO", "generic fasp protocol error", false},
	2:  {"ASCP", "generic ascp error", false},
	3:  {"AMBIGUOUS_TARGET", "target incorrectly specified", false},
	4:  {"NO_SUCH_FILE", "no such file or directory", false},
	5:  {"NO_PERMS", "insufficient permission to read or write", false},
	6:  {"NOT_DIR", "target is not a directory", false},
	7:  {"IS_DIR", "file is a directory, expected a regular file", false},
	8:  {"USAGE", "incorrect usage of ascp", false},
	9:  {"LIC_DUP", "duplicate license", false},
	10: {"LIC_RATE_EXCEEDED", "rate exceeds the cap of the license", false},
	11: {"INTERNAL_ERROR", "internal error", false},
	12: {"TRANSFER_ERROR", "error establishing the control (SSH) connection", true},
	13: {"TRANSFER_TIMEOUT", "timeout establishing the control (SSH) connection", true},
	14: {"CONNECTION_ERROR", "error establishing the data (UDP) connection", true},
	15: {"CONNECTION_TIMEOUT", "timeout establishing the data (UDP) connection", true},
	16: {"CONNECTION_LOST", "connection lost", true},
	17: {"RCVR_SEND_ERROR", "receiver fails to send feedback", true},
	18: {"RCVR_RECV_ERROR", "receiver fails to receive data packets", true},
	19: {"AUTH", "authentication failure", false},
	20: {"NOTHING", "nothing to transfer", false},
	21: {"NOT_REGULAR", "not a regular file", false},
	22: {"FILE_TABLE_OVR", "file table overflow", false},
	23: {"TOO_MANY_FILES", "too many files open", true},
	24: {"FILE_TOO_BIG", "file too big for the file system", false},
	25: {"NO_SPACE_LEFT", "no space left on disk", false},
	26: {"READ_ONLY_FS", "read-only file system", false},
	27: {"SOME_FILE_ERRS", "some files failed", false},
	28: {"USER_CANCEL", "canceled by user", false},
	29: {"LIC_NOLIC", "license not found or not readable", false},
	30: {"LIC_EXPIRED", "license expired", false},
	31: {"SOCK_SETUP", "unable to set up a socket", false},
	32: {"OUT_OF_MEMORY", "out of memory", true},
	33: {"THREAD_SPAWN", "unable to spawn a thread", true},
	34: {"UNAUTHORIZED", "unauthorized by the external authorization server", false},
	35: {"DISK_READ", "error reading the source file from disk", true},
	36: {"DISK_WRITE", "error writing to disk", true},
	37: {"AUTHORIZATION", "authorization failure", true},
	38: {"LIC_ILLEGAL", "operation not permitted by the license", false},
	39: {"PEER_ABORTED_SESSION", "remote peer ended the session", true},
	40: {"DATA_TRANSFER_TIMEOUT", "transfer stalled, timed out", true},
	41: {"BAD_PATH", "path outside the docroot", false},
	42: {"ALREADY_EXISTS", "file or directory already exists", false},
	43: {"STAT_FAILS", "cannot stat file", false},
	44: {"PMTU_BRTT_ERROR", "UDP session initiation fatal error", true},
	45: {"BWMEAS_ERROR", "bandwidth measurement fatal error", true},
	46: {"VLINK_ERROR", "virtual link error", false},
	47: {"CONNECTION_ERROR_HTTP", "error establishing the HTTP connection", false},
	48: {"FILE_ENCRYPTION_ERROR", "file encryption error", false},
	49: {"FILE_DECRYPTION_PASS", "file decryption error, bad passphrase", false},
	50: {"BAD_CONFIGURATION", "aspera.conf contains invalid data", false},
	51: {"INSECURE_CONNECTION", "remote host key check failure", false},
	52: {"START_VALIDATION_FAILED", "file start validation failed", false},
	53: {"STOP_VALIDATION_FAILED", "file stop validation failed", false},
	54: {"THRESHOLD_VALIDATION_FAILED", "file threshold validation failed", false},
	55: {"FILEPATH_TOO_LONG", "file path too long for the file system", false},
	56: {"ILLEGAL_CHARS_IN_PATH", "path contains characters illegal on Windows", false},
	57: {"CHUNK_MUST_MATCH_ALIGNMENT", "chunk size or start not aligned with the storage", false},
	58: {"VALIDATION_SESSION_ABORT", "session aborted by a validation error", false},
	59: {"REMOTE_STORAGE_ERROR", "remote storage error", false},
	60: {"LUA_SCRIPT_ABORTED_SESSION", "session aborted by a Lua script", false},
	61: {"SSEAR_RETRYABLE", "retryable encryption-at-rest error", true},
	62: {"SSEAR_FATAL", "fatal encryption-at-rest error", false},
	63: {"LINK_LOOP", "symbolic link loop", false},
	64: {"CANNOT_RENAME_PARTIAL_FILES", "cannot rename a partial file", false},
	65: {"CIPHER_NON_COMPAT_FIPS", "cipher not allowed in FIPS mode", false},
	66: {"PEER_REQUIRES_FIPS", "peer rejects the cipher (FIPS mode on the peer)", false},
}

// notRetryable14 is the one message that makes code 14 final (aspera-cli transfer/error.rb).
const notRetryable14 = "Target address not available"

func lookup(c int) code {
	if c < 0 || c >= len(codes) {
		return codes[0]
	}
	return codes[c]
}

// CodeName returns the mnemonic of a management error code (4 -> "NO_SUCH_FILE"), or "UNKNOWN"
// for a code outside the table.
func CodeName(c int) string { return lookup(c).name }

// CodeText returns a short English description of a management error code ("" is never
// returned: codes outside the table read "unknown error").
func CodeText(c int) string { return lookup(c).text }

// Retryable reports whether a session that ended with this code and message (the ERROR event's
// Code and Description) may succeed on a new try. Codes outside the table are not retryable,
// and neither is code 14 with the message "Target address not available".
func Retryable(c int, message string) bool {
	if c == 14 && message == notRetryable14 {
		return false
	}
	return lookup(c).retryable
}
