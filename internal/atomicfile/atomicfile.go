// Package atomicfile replaces files atomically: readers see the old content or the new one,
// never a part, and a failure leaves the old file and no temporary file behind. It is a leaf
// (standard library only) used by the configuration file, the vault and the fs Lua module.
// LockFolder serializes the writers of the files of one folder (flock, Unix only).
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes data to a temporary file in path's folder (mode perm), syncs it and renames
// it over path. On failure the temporary file is removed and path is untouched.
func Write(path string, data []byte, perm fs.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
