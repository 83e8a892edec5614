package ascp

import "testing"

func TestRetryableCodes(t *testing.T) {
	retryable := map[int]bool{}
	for _, c := range []int{12, 13, 14, 15, 16, 17, 18, 23, 32, 33, 35, 36, 37, 39, 40, 44, 45, 61} {
		retryable[c] = true
	}
	for c := -1; c <= 100; c++ {
		if got := Retryable(c, "some message"); got != retryable[c] {
			t.Errorf("Retryable(%d) = %v, want %v", c, got, retryable[c])
		}
	}
	if Retryable(14, "Target address not available") {
		t.Error("code 14 with \"Target address not available\" must not be retryable")
	}
	if !Retryable(14, "target address not available (check UDP)") {
		t.Error("only the exact message makes code 14 final")
	}
}

func TestCodeNames(t *testing.T) {
	for c, name := range map[int]string{
		0: "UNKNOWN", 4: "NO_SUCH_FILE", 12: "TRANSFER_ERROR", 14: "CONNECTION_ERROR", 19: "AUTH",
		28: "USER_CANCEL", 41: "BAD_PATH", 51: "INSECURE_CONNECTION", 61: "SSEAR_RETRYABLE", 66: "PEER_REQUIRES_FIPS",
		67: "UNKNOWN", -3: "UNKNOWN", 1000: "UNKNOWN",
	} {
		if got := CodeName(c); got != name {
			t.Errorf("CodeName(%d) = %q, want %q", c, got, name)
		}
	}
	for c := range codes {
		if codes[c].name == "" || codes[c].text == "" {
			t.Errorf("code %d has no name or text", c)
		}
	}
	if CodeText(25) != "no space left on disk" || CodeText(500) != "unknown error" {
		t.Errorf("CodeText: %q %q", CodeText(25), CodeText(500))
	}
}
