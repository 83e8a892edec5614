package nodesim

import (
	"fmt"
	"os"
	"path/filepath"
)

// Populate fills the folder dir (made when missing) with n empty files named e000000,
// e000001..., the large folder a browse benchmark lists through a simulator. Files that exist
// are kept, so a second call is cheap.
func Populate(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("populate %s: %w", dir, err)
	}
	for i := range n {
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("e%06d", i)), os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("populate %s: %w", dir, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("populate %s: %w", dir, err)
		}
	}
	return nil
}
