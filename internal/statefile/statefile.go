// Package statefile keeps what a command remembers from one run to the next: a small JSON
// file read whole (a missing file is a first run: nothing remembered yet) and replaced
// atomically (mode 0600, its folder made 0700 when missing), so that a run that fails while
// saving leaves the last good state. Set is the ids a --once-only command has handled (the
// packages received by aoc, faspex5, faspex...); node's --persistency file and ATS's
// repository of API keys read and save through Read and Save.
//
// It is a leaf (the standard library and internal/atomicfile only), so that products (which
// must not import the bindings) and the bindings' kit share one store.
package statefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/asperalm/aslmcli/internal/atomicfile"
)

// Read returns the content of the state file path, nil when there is none yet.
func Read(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// Load decodes the JSON state file path into v and tells whether there was one (a missing
// file leaves v as it is). A file that is not JSON is an error naming it.
func Load(path string, v any) (bool, error) {
	b, err := Read(path)
	if err != nil || b == nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	return true, nil
}

// Save writes v as indented JSON (and a final newline) to path, atomically, mode 0600; the
// folder is made (0700) when missing. On failure the previous file is untouched.
func Save(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'), 0o600)
}
