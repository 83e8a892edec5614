package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/atomicfile"
)

// Cache keeps tokens on disk, one file per Key ("<Key.ID()>.json", mode 0600) in a folder
// created 0700 on the first write. It is safe for concurrent use within a process; across
// processes each write is atomic.
type Cache struct {
	Dir string
	mu  sync.Mutex
}

// NewCache returns the cache of dir (HOME/persist_store in the CLI).
func NewCache(dir string) *Cache { return &Cache{Dir: dir} }

type record struct {
	Key   Key       `json:"key"`
	Token *Token    `json:"token"`
	Saved time.Time `json:"saved"`
}

// Entry describes a cached token without its value.
type Entry struct {
	ID      string    `json:"id"`
	Key     Key       `json:"key"`
	Expiry  time.Time `json:"expiry"`
	Saved   time.Time `json:"saved"`
	Expired bool      `json:"expired"`
}

func (c *Cache) path(id string) string { return filepath.Join(c.Dir, id+".json") }

// read returns the record of a file; a file that cannot be decoded is removed.
func (c *Cache) read(path string) (*record, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	var r record
	if json.Unmarshal(b, &r) != nil || r.Token == nil || r.Token.AccessToken == "" {
		_ = os.Remove(path)
		return nil, nil
	}
	return &r, nil
}

// Get returns the token of k, nil when there is none.
func (c *Cache) Get(k Key) (*Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, err := c.read(c.path(k.ID()))
	if r == nil || r.Key != k { // another key with the same ID: not ours
		return nil, err
	}
	return r.Token, nil
}

// Put saves the token of k.
func (c *Cache) Put(k Key, t *Token) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	b, err := json.MarshalIndent(record{Key: k, Token: t, Saved: time.Now().UTC().Truncate(time.Second)}, "", "  ")
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := atomicfile.Write(c.path(k.ID()), b, 0o600); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

// Delete removes the token of k (no error when absent).
func (c *Cache) Delete(k Key) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.Remove(c.path(k.ID())); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

func (c *Cache) files() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(c.Dir, "token_*.json"))
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	sort.Strings(files)
	return files, nil
}

// List describes the cached tokens, sorted by ID; it never returns token values.
func (c *Cache) List() ([]Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	files, err := c.files()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	entries := []Entry{}
	for _, f := range files {
		r, err := c.read(f)
		if err != nil {
			return nil, err
		}
		if r == nil {
			continue
		}
		entries = append(entries, entryOf(f, r, now))
	}
	return entries, nil
}

func entryOf(path string, r *record, now time.Time) Entry {
	id := strings.TrimSuffix(filepath.Base(path), ".json")
	return Entry{ID: id, Key: r.Key, Expiry: r.Token.Expiry, Saved: r.Saved,
		Expired: !r.Token.Expiry.IsZero() && !r.Token.Expiry.After(now)}
}

// Show returns one entry and its token.
func (c *Cache) Show(id string) (Entry, *Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !strings.HasPrefix(id, "token_") || strings.ContainsAny(id, `/\.`) {
		return Entry{}, nil, fmt.Errorf("no token %s", id)
	}
	p := c.path(id)
	r, err := c.read(p)
	if err != nil {
		return Entry{}, nil, err
	}
	if r == nil {
		return Entry{}, nil, fmt.Errorf("no token %s", id)
	}
	return entryOf(p, r, time.Now()), r.Token, nil
}

// Flush deletes every cached token and returns how many there were.
func (c *Cache) Flush() (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	files, err := c.files()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("token cache: %w", err)
		}
		n++
	}
	return n, nil
}
