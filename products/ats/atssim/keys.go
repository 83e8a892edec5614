package atssim

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// accessKey is an access key of the subscription; its storage is a folder of the node.
type accessKey struct {
	ID, Name, Secret  string
	ServerID          string
	RootFileID        string
	Storage           map[string]any // as given, credentials kept out of the answers
	Created, Modified string
}

func (k *accessKey) view() map[string]any {
	storage := map[string]any{}
	for name, v := range k.Storage {
		if name != "credentials" {
			storage[name] = v
		}
	}
	return map[string]any{"id": k.ID, "name": k.Name, "secret": k.Secret, "transfer_server_id": k.ServerID,
		"root_file_id": k.RootFileID, "storage": storage,
		"created": map[string]any{"at": k.Created}, "modified": map[string]any{"at": k.Modified},
		"license": map[string]any{"entitlement_id": "sim-entitlement", "customer_id": "sim-customer"}}
}

// storageRules are, by storage type, the fields ATS requires (dot paths below storage) and
// the field naming the bucket, container or account.
var storageRules = map[string]struct {
	required []string
	name     string
}{
	"aws_s3":          {[]string{"bucket", "credentials"}, "bucket"},
	"ibm-s3":          {[]string{"bucket", "endpoint", "credentials.access_key_id", "credentials.secret_access_key"}, "bucket"},
	"softlayer_swift": {[]string{"container", "credentials.api_key", "credentials.username", "credentials.authentication_endpoint"}, "container"},
	"azure":           {[]string{"credentials.account", "credentials.key"}, "credentials.account"},
	"azure_sas":       {[]string{"credentials.shared_access_signature"}, ""},
	"google_gcs":      {[]string{"bucket", "credentials"}, "bucket"},
}

// field returns the value at a dot path of m.
func field(m map[string]any, p string) (any, bool) {
	var cur any = m
	for _, part := range strings.Split(p, ".") {
		o, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = o[part]; !ok || cur == nil {
			return nil, false
		}
	}
	return cur, true
}

// storageFolder checks a storage and returns its folder on the node.
func storageFolder(storage map[string]any) (string, error) {
	typ, _ := storage["type"].(string)
	rule, ok := storageRules[typ]
	if !ok {
		return "", fmt.Errorf("storage.type %q is not one of aws_s3, ibm-s3, softlayer_swift, azure, azure_sas, google_gcs", typ)
	}
	for _, f := range rule.required {
		if _, ok := field(storage, f); !ok {
			return "", fmt.Errorf("storage of type %s: %s is required", typ, f)
		}
	}
	name := "sas"
	if rule.name != "" {
		v, _ := field(storage, rule.name)
		name = fmt.Sprint(v)
	}
	p, _ := storage["path"].(string)
	folder := path.Clean("/" + typ + "/" + strings.ReplaceAll(name, "/", "_") + "/" + p)
	if !strings.HasPrefix(folder, "/"+typ+"/") && folder != "/"+typ {
		return "", fmt.Errorf("storage path %q leaves the storage", p)
	}
	return folder, nil
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request) {
	body, ok := readObject(w, r)
	if !ok {
		return
	}
	serverID, _ := body["transfer_server_id"].(string)
	storage, _ := body["storage"].(map[string]any)
	switch {
	case serverID == "":
		writeError(w, http.StatusBadRequest, "transfer_server_id is required")
		return
	case s.clusterByID(serverID) == nil:
		writeError(w, http.StatusBadRequest, "no transfer server "+serverID)
		return
	case storage == nil:
		writeError(w, http.StatusBadRequest, "storage is required")
		return
	}
	folder, err := storageFolder(storage)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	k := &accessKey{ServerID: serverID, Storage: storage, Secret: randomHex(16), Created: now()}
	k.ID, _ = body["id"].(string)
	k.Name, _ = body["name"].(string)
	k.Modified = k.Created
	if k.ID == "" {
		k.ID = "ak_" + randomHex(8)
	}
	s.mu.Lock()
	_, dup := s.keys[k.ID]
	if !dup {
		s.keys[k.ID] = k // reserved while the node makes it
		s.order = append(s.order, k.ID)
	}
	s.mu.Unlock()
	if dup {
		writeError(w, http.StatusConflict, "access key "+k.ID+" exists")
		return
	}
	made, err := s.nodeAPI.CreateAccessKey(r.Context(), map[string]any{"id": k.ID, "secret": k.Secret,
		"storage": map[string]any{"type": "local", "path": folder}})
	if err != nil {
		s.forget(k.ID)
		writeError(w, http.StatusInternalServerError, "cluster: "+err.Error())
		return
	}
	s.mu.Lock()
	k.RootFileID = fmt.Sprint(made["root_file_id"])
	v := k.view()
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, id)
	for i, o := range s.order {
		if o == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// intParam reads a non-negative integer query parameter.
func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s: a non-negative integer is expected, got %q", name, v)
	}
	return n, nil
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) {
	offset, err := intParam(r, "offset", 0)
	if err == nil {
		var max int
		if max, err = intParam(r, "max_results", 1000); err == nil {
			s.mu.Lock()
			data := []any{}
			for i := offset; i < len(s.order) && len(data) < max; i++ {
				data = append(data, s.keys[s.order[i]].view())
			}
			total := len(s.order)
			s.mu.Unlock()
			writeJSON(w, http.StatusOK, map[string]any{"data": data, "total_count": total})
			return
		}
	}
	writeError(w, http.StatusBadRequest, err.Error())
}

// key returns the access key of the path's id, or answers a 404.
func (s *Server) key(w http.ResponseWriter, r *http.Request) *accessKey {
	id := r.PathValue("id")
	s.mu.Lock()
	k := s.keys[id]
	s.mu.Unlock()
	if k == nil || k.RootFileID == "" {
		writeError(w, http.StatusNotFound, "no access key "+id)
		return nil
	}
	return k
}

func (s *Server) showKey(w http.ResponseWriter, r *http.Request) {
	if k := s.key(w, r); k != nil {
		s.mu.Lock()
		v := k.view()
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, v)
	}
}

// modifyKey changes a key's name or storage description (the storage folder stays).
func (s *Server) modifyKey(w http.ResponseWriter, r *http.Request) {
	k := s.key(w, r)
	if k == nil {
		return
	}
	body, ok := readObject(w, r)
	if !ok {
		return
	}
	if id, ok := body["id"].(string); ok && id != k.ID {
		writeError(w, http.StatusBadRequest, "id "+id+" is not the key's ("+k.ID+")")
		return
	}
	storage, hasStorage := body["storage"].(map[string]any)
	if hasStorage {
		if _, err := storageFolder(storage); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	s.mu.Lock()
	if name, ok := body["name"].(string); ok {
		k.Name = name
	}
	if hasStorage {
		k.Storage = storage
	}
	k.Modified = now()
	v := k.view()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) deleteKey(w http.ResponseWriter, r *http.Request) {
	k := s.key(w, r)
	if k == nil {
		return
	}
	if err := s.nodeAPI.DeleteAccessKey(r.Context(), k.ID); err != nil {
		writeError(w, http.StatusInternalServerError, "cluster: "+err.Error())
		return
	}
	s.forget(k.ID)
	w.WriteHeader(http.StatusNoContent)
}

// subscription answers the subscription of the API key.
func (s *Server) subscription(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.keys)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "sub-simulator", "name": "ATS simulator subscription", "status": "active",
		"aspera_id_user":    map[string]any{"email": "user@example.com", "organization": map[string]any{"name": "Simulated Org"}},
		"access_keys_count": n,
	})
}
