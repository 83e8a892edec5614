package httpgw

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/coder/websocket"
)

// serverMessage returns the text of an error message of the gateway: JSON {"message": ...}, or
// a quoted string holding the base64 of such JSON; anything else is shown as it came.
func serverMessage(typ websocket.MessageType, data []byte) string {
	if typ != websocket.MessageText {
		return fmt.Sprintf("unexpected binary message from the gateway (%d bytes)", len(data))
	}
	s := strings.TrimSpace(string(data))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		var inner string
		if json.Unmarshal([]byte(s), &inner) != nil {
			inner = s[1 : len(s)-1]
		}
		inner = strings.TrimSpace(inner)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(inner); err == nil {
				if m, ok := jsonMessage(b); ok {
					return m
				}
				break
			}
		}
		return "unknown message from the gateway: " + inner
	}
	if m, ok := jsonMessage([]byte(s)); ok {
		return m
	}
	return "unknown message from the gateway: " + s
}

// jsonMessage returns the message field of a JSON object (or the object itself when it has
// none).
func jsonMessage(b []byte) (string, bool) {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return "", false
	}
	if v, ok := m["message"]; ok && v != nil {
		return fmt.Sprint(v), true
	}
	return "unknown message from the gateway: " + string(b), true
}

// isErrorFrame tells whether a message of the gateway is an error: a text frame holding a JSON
// object or a JSON string (the base64 form); other texts are not errors (the SDK ignores them).
func isErrorFrame(typ websocket.MessageType, data []byte) bool {
	s := strings.TrimSpace(string(data))
	return typ == websocket.MessageText && len(s) >= 2 &&
		((s[0] == '{' && s[len(s)-1] == '}') || (s[0] == '"' && s[len(s)-1] == '"'))
}
