package agenttest

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// treeName is the folder the suite moves: spaces and non-ASCII names at every level, nested
// folders, an empty file, and a file that is not a multiple of any chunk size.
const treeName = "tree dir ü"

var treeFiles = map[string]int{
	"a file.txt":                   1000,
	"sous-dossier é/données ✓.bin": 1<<20 + 7,
	"sous-dossier é/empty":         0,
	"日本語/ファイル 1.txt":               5000,
}

// bigName is the file of the transfers that a test cancels or interrupts midway.
const bigName = "big file é.bin"

const bigSize = 8 << 20

// files are the contents of a tree by slash-separated path relative to its root.
type files map[string][]byte

func (f files) size() int64 {
	var n int64
	for _, b := range f {
		n += int64(len(b))
	}
	return n
}

// makeTree writes the suite's tree under dir (as dir/treeName) and returns its files.
func makeTree(t testing.TB, dir string) files {
	t.Helper()
	out := files{}
	for rel, size := range treeFiles {
		out[rel] = writeRandom(t, filepath.Join(dir, treeName, filepath.FromSlash(rel)), size)
	}
	return out
}

// makeBig writes the big file under dir/name and returns the files of that folder.
func makeBig(t testing.TB, dir, name string) files {
	t.Helper()
	return files{bigName: writeRandom(t, filepath.Join(dir, name, bigName), bigSize)}
}

func writeRandom(t testing.TB, p string, size int) []byte {
	t.Helper()
	b := make([]byte, size)
	_, _ = rand.Read(b)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// readTree returns the files under dir (none when dir does not exist).
func readTree(t testing.TB, dir string) files {
	t.Helper()
	out := files{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("read %s: %v", dir, err)
	}
	return out
}

// readZip returns the files of a zip archive whose entries are below prefix/.
func readZip(t testing.TB, path, prefix string) files {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("zip %s: %v", path, err)
	}
	defer zr.Close()
	out := files{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		rel, ok := cutPrefix(f.Name, prefix+"/")
		if !ok {
			t.Errorf("zip %s: entry %q is not below %q", path, f.Name, prefix)
			continue
		}
		out[rel] = b
	}
	return out
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}

// sameFiles fails the test when got does not hold exactly the files of want, byte for byte.
func sameFiles(t testing.TB, what string, want, got files) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		g, ok := got[n]
		switch {
		case !ok:
			t.Errorf("%s: %q is missing", what, n)
		case !bytes.Equal(g, want[n]):
			t.Errorf("%s: %q has other bytes (%d, want %d)", what, n, len(g), len(want[n]))
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: %q was not sent", what, n)
		}
	}
}
