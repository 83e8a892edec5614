package statefile

import (
	"fmt"
	"maps"
	"slices"
	"sync"
)

// Set is a persisted set of ids, kept in the order they were added: what --once-only
// remembers. Its file is a JSON object whose "ids" member holds the ids, beside the fixed
// members the opener gives (aoc writes the organization, workspace and user the list belongs
// to); other members of a file are ignored. It is saved after each change and is safe for
// concurrent use.
type Set struct {
	path   string
	fields map[string]any
	mu     sync.Mutex
	ids    []string
	has    map[string]bool
}

// OpenSet opens the set kept in path; fields are written beside the ids (nil: none). A
// missing file is an empty set; errors say "once-only list" and name the file.
func OpenSet(path string, fields map[string]any) (*Set, error) {
	s := &Set{path: path, fields: fields, has: map[string]bool{}}
	var rec struct {
		IDs []string `json:"ids"`
	}
	if _, err := Load(path, &rec); err != nil {
		return nil, fmt.Errorf("once-only list: %w", err)
	}
	s.add(rec.IDs)
	return s, nil
}

// Path returns the set's file.
func (s *Set) Path() string { return s.path }

// Has tells whether id is in the set.
func (s *Set) Has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.has[id]
}

// IDs returns the ids of the set, in the order they were added.
func (s *Set) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids)
}

// Add adds ids (those already there stay where they are) and saves the set.
func (s *Set) Add(ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.add(ids)
	return s.save()
}

// Reset replaces the set by ids and saves it (a receive's INIT: what is there now counts as
// handled).
func (s *Set) Reset(ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids, s.has = nil, map[string]bool{}
	s.add(ids)
	return s.save()
}

func (s *Set) add(ids []string) {
	for _, id := range ids {
		if !s.has[id] {
			s.has[id] = true
			s.ids = append(s.ids, id)
		}
	}
}

func (s *Set) save() error {
	rec := maps.Clone(s.fields)
	if rec == nil {
		rec = map[string]any{}
	}
	ids := s.ids
	if ids == nil {
		ids = []string{}
	}
	rec["ids"] = ids
	if err := Save(s.path, rec); err != nil {
		return fmt.Errorf("once-only list: %w", err)
	}
	return nil
}
