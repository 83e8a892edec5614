package httpgw

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
)

// localFile is one file to upload.
type localFile struct {
	path string // on this machine
	name string // as sent to the gateway (paths[].source, slice_upload name)
	mime string // slice_upload type: the MIME type of its extension, as a browser's File.type
	size int64
	item map[string]any // the paths entry it comes from
}

// sentPaths returns the spec's paths as the SDK sends them: one entry per file (a folder
// exploded into its files, as the SDK's folderTransferSpecExplode), source being the name the
// slices carry, the other fields of the user's entry (destination...) kept as given.
func sentPaths(files []localFile) []map[string]any {
	out := make([]map[string]any, len(files))
	for i, f := range files {
		m := make(map[string]any, len(f.item))
		for k, v := range f.item {
			m[k] = v
		}
		m["source"] = f.name
		out[i] = m
	}
	return out
}

// mimeType is the type a browser gives a file of this name ("" when unknown, as File.type).
func mimeType(name string) string {
	t := mime.TypeByExtension(path.Ext(name))
	if mt, _, err := mime.ParseMediaType(t); err == nil {
		return mt
	}
	return ""
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
			files = append(files, localFile{path: p, name: name, mime: mimeType(name), size: st.Size(), item: it})
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
				name := path.Join(base, filepath.ToSlash(rel))
				files = append(files, localFile{path: fp, name: name, mime: mimeType(name), size: fst.Size(), item: it})
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

// slices returns the number of chunks of a file: ceil(size/chunk), 0 for an empty file (the
// SDK sends no frame for it).
func slices(size int64, chunk int) int64 {
	return (size + int64(chunk) - 1) / int64(chunk)
}
