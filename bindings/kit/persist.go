package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/internal/statefile"
)

// PersistDir returns the folder of what the run keeps between runs, HOME/persist_store (the
// token cache's folder), "" when the run has none (a test engine).
func PersistDir(L *lua.LState) string {
	h := HTTPOf(L)
	if h.Tokens == nil {
		return ""
	}
	if c := h.Tokens(); c != nil {
		return c.Dir
	}
	return ""
}

// Seen is a persisted set of ids: what --once-only remembers (the packages received), one
// JSON file per set in a folder (HOME/persist_store), written atomically with mode 0600 after
// each change (internal/statefile's Set, which aoc's received list uses too). It is safe for
// concurrent use.
type Seen = statefile.Set

// OpenSeen opens the set named by parts (e.g. "faspex5_recv", url, user, box: what makes two
// sets different) in dir; a missing file is an empty set. The file's name is the first part
// and a hash of them all: once_<first>_<16 hex digits>.json.
func OpenSeen(dir string, parts ...string) (*Seen, error) {
	if dir == "" {
		return nil, errors.New("--once-only: no folder to keep the ids in")
	}
	if len(parts) == 0 {
		return nil, errors.New("--once-only: the set needs a name")
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return statefile.OpenSet(filepath.Join(dir, "once_"+safeName(parts[0])+"_"+hex.EncodeToString(sum[:8])+".json"), nil)
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}
