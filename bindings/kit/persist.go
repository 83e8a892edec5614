package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime/config"
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
// each change. It is safe for concurrent use.
type Seen struct {
	path string
	mu   sync.Mutex
	ids  []string
}

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
	s := &Seen{path: filepath.Join(dir, "once_"+safeName(parts[0])+"_"+hex.EncodeToString(sum[:8])+".json")}
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--once-only: %w", err)
	}
	var rec struct {
		IDs []string `json:"ids"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("--once-only: %s: %w", s.path, err)
	}
	s.ids = rec.IDs
	return s, nil
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}

// Path returns the set's file.
func (s *Seen) Path() string { return s.path }

// Has tells whether id is in the set.
func (s *Seen) Has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.ids, id)
}

// IDs returns the ids of the set, in the order they were added.
func (s *Seen) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids)
}

// Add adds ids and saves the set.
func (s *Seen) Add(ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if !slices.Contains(s.ids, id) {
			s.ids = append(s.ids, id)
		}
	}
	return s.save()
}

// Reset replaces the set by ids and saves it (ascli's INIT: what is there now counts as seen).
func (s *Seen) Reset(ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = slices.Clone(ids)
	return s.save()
}

func (s *Seen) save() error {
	if s.ids == nil {
		s.ids = []string{}
	}
	b, err := json.MarshalIndent(map[string]any{"ids": s.ids}, "", "  ")
	if err != nil {
		return err
	}
	if err := config.WriteAtomic(s.path, b, 0o600); err != nil {
		return fmt.Errorf("--once-only: %w", err)
	}
	return nil
}
