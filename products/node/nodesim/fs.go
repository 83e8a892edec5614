package nodesim

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// tree is a confined view of a folder.
type tree struct {
	root string // absolute, symlinks resolved

	mu      sync.Mutex
	ids     map[string]string // relative path -> id
	paths   map[string]string // id -> relative path
	next    int
	listing map[string]cachedDir
}

type cachedDir struct {
	mtime time.Time
	names []string
}

func newTree(root string) (*tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("simulator root %s: %w", root, err)
	}
	st, err := os.Stat(real)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("simulator root %s is not a folder", root)
	}
	return &tree{root: real, ids: map[string]string{}, paths: map[string]string{}, next: 1, listing: map[string]cachedDir{}}, nil
}

// errOutside is the error of a path that leaves the served folder.
var errOutside = errors.New("access denied: the path leaves the served folder")

// clean returns the node path of p ("/a/b"): ".." cannot go above "/" (local refuses the
// paths that try, see climbs).
func clean(p string) string { return path.Clean("/" + strings.TrimSpace(p)) }

// climbs tells whether the path p goes above its root ("..", "/../etc", "a/../../b"), as a
// node refuses a path outside its docroot instead of reading it as another one.
func climbs(p string) bool {
	depth := 0
	for _, seg := range strings.Split(strings.TrimSpace(p), "/") {
		switch seg {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}

// local returns the file system path of the node path p (below base, a node path). It refuses
// a path that climbs above base, and a path whose existing part resolves (through symbolic
// links) outside base; the last element is not followed unless follow.
func (t *tree) local(base, p string, follow bool) (string, error) {
	if climbs(p) {
		return "", errOutside
	}
	np := clean(path.Join(base, clean(p)))
	if !within(np, base) {
		return "", errOutside
	}
	full := filepath.Join(t.root, filepath.FromSlash(np))
	limit := filepath.Join(t.root, filepath.FromSlash(clean(base)))
	check := full
	if !follow && np != clean(base) { // the root itself is checked as is
		check = filepath.Dir(full)
	}
	// resolve the longest existing prefix
	resolved, rest := check, ""
	for {
		r, err := filepath.EvalSymlinks(resolved)
		if err == nil {
			resolved = filepath.Join(r, rest)
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(resolved)
		if parent == resolved {
			return "", errOutside
		}
		rest = filepath.Join(filepath.Base(resolved), rest)
		resolved = parent
	}
	if resolved != limit && !strings.HasPrefix(resolved, limit+string(filepath.Separator)) {
		return "", errOutside
	}
	return full, nil
}

func within(np, base string) bool {
	base = clean(base)
	return base == "/" || np == base || strings.HasPrefix(np, base+"/")
}

// id returns the stable id of a node path.
func (t *tree) id(np string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[np]; ok {
		return id
	}
	id := fmt.Sprint(t.next)
	t.next++
	t.ids[np], t.paths[id] = id, np
	return id
}

// pathOf returns the node path of an id.
func (t *tree) pathOf(id string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.paths[id]
	return p, ok
}

// forget moves ids after a rename or delete.
func (t *tree) moved(from, to string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for p, id := range t.ids {
		if p == from || strings.HasPrefix(p, from+"/") {
			delete(t.ids, p)
			if to == "" {
				delete(t.paths, id)
				continue
			}
			np := to + strings.TrimPrefix(p, from)
			t.ids[np], t.paths[id] = id, np
		}
	}
}

// names returns the sorted names of a folder, cached while its modification time holds.
func (t *tree) names(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	c, ok := t.listing[dir]
	t.mu.Unlock()
	if ok && c.mtime.Equal(st.ModTime()) {
		return c.names, nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	t.mu.Lock()
	t.listing[dir] = cachedDir{mtime: st.ModTime(), names: names}
	t.mu.Unlock()
	return names, nil
}

// entry describes a file system entry the way gen3 answers do.
func entry(np string, info fs.FileInfo, target func() (string, bool)) map[string]any {
	e := map[string]any{
		"path": np, "basename": path.Base(np), "size": info.Size(), "mtime": info.ModTime().UTC().Format(time.RFC3339),
		"permissions": []any{map[string]any{"name": "view"}, map[string]any{"name": "edit"}, map[string]any{"name": "delete"}},
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		e["type"] = "symbolic_link"
		if tp, ok := target(); ok {
			e["target"] = map[string]any{"path": tp}
		}
	case info.IsDir():
		e["type"] = "directory"
		e["size"] = int64(0)
	default:
		e["type"] = "file"
	}
	if np == "/" {
		e["basename"] = "/"
	}
	return e
}

// scrub returns msg with the local path of the served folder turned into the node's view of
// it: "/srv/root/a/b" reads "/a/b", "/srv/root" reads "/"; "/srv/rootless" is another path.
func (t *tree) scrub(msg string) string {
	var b strings.Builder
	for {
		i := strings.Index(msg, t.root)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		rest := msg[i+len(t.root):]
		switch {
		case strings.HasPrefix(rest, string(filepath.Separator)):
			msg = rest // its separator starts the node path
		case rest == "" || !isNameByte(rest[0]):
			b.WriteByte('/')
			msg = rest
		default: // a longer name: not the served folder
			b.WriteString(t.root)
			msg = rest
		}
	}
}

// isNameByte tells whether c can continue a file name in a message (letters, digits, . _ -).
func isNameByte(c byte) bool {
	return c == '.' || c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// nodePath returns the node path of a local path p inside the served folder; false for a path
// elsewhere (or a relative one).
func (t *tree) nodePath(p string) (string, bool) {
	if !filepath.IsAbs(p) {
		return "", false
	}
	p = filepath.Clean(p)
	if p == t.root {
		return "/", true
	}
	if !strings.HasPrefix(p, t.root+string(filepath.Separator)) {
		return "", false
	}
	return clean(filepath.ToSlash(p[len(t.root):])), true
}
