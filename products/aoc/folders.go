package aoc

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FolderOptions say how received packages get a folder of their own (--package-folder, the
// keys of the IBM sources): the package fields that name it (Fields, one or two, default
// name then id), a sequence number instead of the second field (Seq), and whether the second
// part is added only when the folder exists already (Opt).
type FolderOptions struct {
	Fields []string
	Seq    bool
	Opt    bool
}

// maxNameBytes bounds a folder name (file systems allow 255 bytes).
const maxNameBytes = 200

// SafeName turns a text into a file name: characters that are special on some file system
// (/ \ : * ? " < > |) and control characters become "_", leading and trailing spaces and
// dots are removed, and the result is at most 200 bytes; an empty result is "_".
func SafeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsControl(r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Trim(b.String(), " .")
	for len(out) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
	}
	if out == "" {
		return "_"
	}
	return out
}

// PackageFolder returns the folder in base where pkg is received: its first field made safe
// (SafeName); with Seq, ".N" added (from 1) when the folder exists, or always unless Opt;
// else, with a second field, ".<second field>" added when the folder exists, or always
// unless Opt. The name never leaves base.
func PackageFolder(pkg Object, base string, o FolderOptions) (string, error) {
	fields := o.Fields
	if len(fields) == 0 {
		fields = []string{"name", "id"}
	}
	if len(fields) > 2 {
		return "", fmt.Errorf("%w: package_folder: one or two fields (fld), not %d", ErrOptions, len(fields))
	}
	value := func(f string) (string, error) {
		v, ok := pkg[f]
		if !ok || v == nil {
			return "", fmt.Errorf("%w: package_folder: the package has no field %q", ErrOptions, f)
		}
		return SafeName(ID(v)), nil
	}
	name, err := value(fields[0])
	if err != nil {
		return "", err
	}
	exists := func(n string) bool {
		_, err := os.Lstat(filepath.Join(base, n))
		return !errors.Is(err, fs.ErrNotExist)
	}
	switch {
	case o.Seq:
		if o.Opt && !exists(name) {
			break
		}
		for i := 1; ; i++ {
			if n := fmt.Sprintf("%s.%d", name, i); !exists(n) {
				name = n
				break
			}
		}
	case len(fields) == 2 && (!o.Opt || exists(name)):
		second, err := value(fields[1])
		if err != nil {
			return "", err
		}
		name = SafeName(name + "." + second)
	}
	return filepath.Join(base, name), nil
}

// PreparePackageFolder returns the folder of pkg in base (PackageFolder) and makes it.
func PreparePackageFolder(pkg Object, base string, o FolderOptions) (string, error) {
	dir, err := PackageFolder(pkg, base, o)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("package folder: %w", err)
	}
	return dir, nil
}
