package httpgw

import (
	"encoding/base64"
	"testing"

	"github.com/coder/websocket"
)

func TestServerMessage(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(`{"message":"no space left"}`))
	for in, want := range map[string]string{
		`{"message":"bad token"}`: "bad token",
		`"` + b64 + `"`:           "no space left",
		`"` + b64 + `"` + "\n":    "no space left",
		`weird`:                   "unknown message from the gateway: weird",
		`{"error":1}`:             `unknown message from the gateway: {"error":1}`,
	} {
		if got := serverMessage(websocket.MessageText, []byte(in)); got != want {
			t.Errorf("serverMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlices(t *testing.T) {
	for _, c := range [][3]int64{{0, 64000, 0}, {1, 64000, 1}, {64000, 64000, 1}, {64001, 64000, 2}, {1 << 20, 64000, 17}} {
		if got := slices(c[0], int(c[1])); got != c[2] {
			t.Errorf("slices(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}
