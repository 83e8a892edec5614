package httpgw

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// localFile is one file to upload.
type localFile struct {
	path string // on this machine
	name string // as sent to the gateway (paths[].source, slice_upload name)
	size int64
}

// pathItems returns the entries of the spec's paths.
func pathItems(v any) ([]map[string]any, error) {
	var out []map[string]any
	add := func(e any) error {
		switch m := e.(type) {
		case map[string]any:
			out = append(out, m)
		case map[string]string:
			c := make(map[string]any, len(m))
			for k, v := range m {
				c[k] = v
			}
			out = append(out, c)
		default:
			return fmt.Errorf("httpgw agent: paths[%d] is %T: {source=...} is expected", len(out), e)
		}
		return nil
	}
	switch l := v.(type) {
	case []any:
		for _, e := range l {
			if err := add(e); err != nil {
				return nil, err
			}
		}
	case []map[string]any:
		for _, e := range l {
			_ = add(e)
		}
	case []map[string]string:
		for _, e := range l {
			_ = add(e)
		}
	case nil:
	default:
		return nil, fmt.Errorf("httpgw agent: paths is %T: a list is expected", v)
	}
	if len(out) == 0 {
		return nil, errors.New("httpgw agent: the transfer spec has no paths")
	}
	for i, m := range out {
		if s, _ := m["source"].(string); s == "" {
			return nil, fmt.Errorf("httpgw agent: paths[%d] has no source", i)
		}
	}
	return out, nil
}

// uploadFiles lists the files of an upload spec, folders walked, and their total size.
// root is the local folder the sources are relative to ("" = as they are).
func uploadFiles(items []map[string]any, root string) ([]localFile, int64, error) {
	var files []localFile
	var total int64
	for _, it := range items {
		src := it["source"].(string)
		p := src
		if root != "" {
			p = filepath.Join(root, src)
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, 0, fmt.Errorf("httpgw agent: %w", err)
		}
		switch {
		case st.Mode().IsRegular():
			name := filepath.Base(p)
			if d, _ := it["destination"].(string); d != "" {
				name = path.Base(filepath.ToSlash(d))
			}
			files = append(files, localFile{path: p, name: name, size: st.Size()})
			total += st.Size()
		case st.IsDir():
			abs, err := filepath.Abs(p)
			if err != nil {
				return nil, 0, fmt.Errorf("httpgw agent: %w", err)
			}
			base := filepath.Base(abs)
			err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() {
					return nil
				}
				fst, err := os.Stat(fp) // a link to a file is sent as the file
				if err != nil || !fst.Mode().IsRegular() {
					return nil
				}
				rel, err := filepath.Rel(p, fp)
				if err != nil {
					return err
				}
				files = append(files, localFile{path: fp, name: path.Join(base, filepath.ToSlash(rel)), size: fst.Size()})
				total += fst.Size()
				return nil
			})
			if err != nil {
				return nil, 0, fmt.Errorf("httpgw agent: %w", err)
			}
		default:
			return nil, 0, fmt.Errorf("httpgw agent: %s is neither a file nor a folder", p)
		}
	}
	if len(files) == 0 {
		return nil, 0, errors.New("httpgw agent: no file to send (the folders are empty)")
	}
	return files, total, nil
}

// slices returns the number of chunks of a file: ceil(size/chunk), and 1 for an empty file
// (sent as one empty slice).
func slices(size int64, chunk int) int64 {
	if size == 0 {
		return 1
	}
	return (size + int64(chunk) - 1) / int64(chunk)
}
