package ats

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/asperalm/aslmcli/internal/statefile"
)

// RepositoryFile is the name of the repository file in the home folder.
const RepositoryFile = "ats_api_keys.json"

// Repository is the file of the ATS API keys created by this tool (a JSON list of objects
// with ats_id, ats_secret, ats_description, subscription_name, organization_name), written
// atomically with mode 0600 (internal/statefile). The empty path is a repository that is
// always empty and cannot be written.
type Repository string

// Keys returns the stored keys (none when the file does not exist).
func (r Repository) Keys() ([]Object, error) {
	if r == "" {
		return nil, nil
	}
	data, err := statefile.Read(string(r))
	if err != nil {
		return nil, fmt.Errorf("ATS API keys: %w", err)
	}
	if data == nil { // no file yet
		return nil, nil
	}
	var keys []Object
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, fmt.Errorf("ATS API keys: %s is not a JSON list of keys: %w", r, err)
	}
	return keys, nil
}

func (r Repository) save(keys []Object) error {
	if r == "" {
		return fmt.Errorf("ATS API keys: no repository file")
	}
	if err := statefile.Save(string(r), keys); err != nil {
		return fmt.Errorf("ATS API keys: %w", err)
	}
	return nil
}

// Add stores a key (replacing one of the same ats_id).
func (r Repository) Add(key Object) error {
	keys, err := r.Keys()
	if err != nil {
		return err
	}
	out := []Object{}
	for _, k := range keys {
		if str(k["ats_id"]) != str(key["ats_id"]) {
			out = append(out, k)
		}
	}
	return r.save(append(out, key))
}

// Delete removes a key; false when it was not there.
func (r Repository) Delete(id string) (bool, error) {
	keys, err := r.Keys()
	if err != nil {
		return false, err
	}
	out := []Object{}
	for _, k := range keys {
		if str(k["ats_id"]) != id {
			out = append(out, k)
		}
	}
	if len(out) == len(keys) {
		return false, nil
	}
	return true, r.save(out)
}

// Select returns the key of ats_id id, or, when id is empty, the only key stored.
func (r Repository) Select(id string) (Object, error) {
	keys, err := r.Keys()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, k := range keys {
		if id != "" && str(k["ats_id"]) == id {
			return k, nil
		}
		ids = append(ids, str(k["ats_id"]))
	}
	switch {
	case id != "":
		return nil, fmt.Errorf("%w: no ATS API key %q in the repository (%s)", ErrUsage, id, strings.Join(ids, ", "))
	case len(keys) == 0:
		return nil, ErrNoAPIKey
	case len(keys) > 1:
		return nil, fmt.Errorf("%w: the repository holds several ATS API keys (%s): choose one with --ats-id", ErrUsage, strings.Join(ids, ", "))
	}
	return keys[0], nil
}
