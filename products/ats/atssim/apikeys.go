package atssim

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// apiKey is an ATS API key.
type apiKey struct {
	ID, Secret, Description, Instance string
	Created                           string
}

func (k *apiKey) view(secret bool) map[string]any {
	v := map[string]any{"ats_id": k.ID, "ats_description": k.Description, "instance_id": k.Instance, "created_at": k.Created}
	if secret {
		v["ats_secret"] = k.Secret
	}
	return v
}

// tokenLife is how long an IAM token of the simulator lives.
const tokenLife = time.Hour

// iamToken is IBM Cloud IAM's API key grant: grant_type
// urn:ibm:params:oauth:grant-type:apikey, apikey, response_type cloud_iam.
func (s *Server) iamToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorCode": "BXNIM0109E", "errorMessage": "a form is expected"})
		return
	}
	if r.PostForm.Get("grant_type") != "urn:ibm:params:oauth:grant-type:apikey" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorCode": "BXNIM0109E", "errorMessage": "unsupported grant_type"})
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("apikey")), []byte(s.cfg.IBMAPIKey)) != 1 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorCode": "BXNIM0415E", "errorMessage": "Provided API key could not be found"})
		return
	}
	tok := "iam-" + randomHex(16)
	exp := time.Now().Add(tokenLife)
	s.mu.Lock()
	s.tokens[tok] = exp
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "refresh_token": "not_supported",
		"token_type": "Bearer", "expires_in": int(tokenLife.Seconds()), "expiration": exp.Unix()})
}

// withIAM accepts a valid IAM bearer token; instance also requires the instance header.
func (s *Server) withIAM(instance bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		exp, known := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !known || time.Now().After(exp) {
			writeError(w, http.StatusUnauthorized, "an IBM Cloud IAM token is required")
			return
		}
		if instance {
			switch id := r.Header.Get("X-ATS-Service-Instance-Id"); id {
			case "":
				writeError(w, http.StatusBadRequest, "the header X-ATS-Service-Instance-Id is required")
				return
			case s.instance:
			default:
				writeError(w, http.StatusNotFound, "no ATS instance "+id)
				return
			}
		}
		h(w, r)
	}
}

func (s *Server) instances(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{s.instance}, "remaining": 0})
}

func (s *Server) listAPIKeys(w http.ResponseWriter, r *http.Request) {
	if _, err := intParam(r, "offset", 0); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	ids := []string{}
	for id := range s.apiKeys {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	sort.Strings(ids)
	data := make([]any, len(ids))
	for i, id := range ids {
		data[i] = id
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "remaining": 0})
}

func (s *Server) apiKey(w http.ResponseWriter, r *http.Request) *apiKey {
	id := r.PathValue("id")
	s.mu.Lock()
	k := s.apiKeys[id]
	s.mu.Unlock()
	if k == nil {
		writeError(w, http.StatusNotFound, "no API key "+id)
	}
	return k
}

func (s *Server) showAPIKey(w http.ResponseWriter, r *http.Request) {
	if k := s.apiKey(w, r); k != nil {
		writeJSON(w, http.StatusOK, k.view(false))
	}
}

// createAPIKey makes an API key of the instance (body: ats_description, optional).
func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request) {
	desc := ""
	if r.ContentLength != 0 {
		body, ok := readObject(w, r)
		if !ok {
			return
		}
		desc, _ = body["ats_description"].(string)
	}
	k := &apiKey{ID: "ats_" + randomHex(10), Secret: randomHex(20), Description: desc, Instance: s.instance, Created: now()}
	s.mu.Lock()
	s.apiKeys[k.ID] = k
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, k.view(true))
}

// deleteAPIKey deletes a key; the subscription's own key stays.
func (s *Server) deleteAPIKey(w http.ResponseWriter, r *http.Request) {
	k := s.apiKey(w, r)
	if k == nil {
		return
	}
	if k.ID == s.cfg.ATSKey {
		writeError(w, http.StatusForbidden, "the subscription's first API key cannot be deleted")
		return
	}
	s.mu.Lock()
	delete(s.apiKeys, k.ID)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// requestAPIKey is the start of the Aspera ID sign-in (public): the request of a new key for
// the redirect_uri given is answered with a redirect to the sign-in page.
func (s *Server) requestAPIKey(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (back.Scheme != "http" && back.Scheme != "https") || back.Host == "" {
		writeError(w, http.StatusBadRequest, "redirect_uri: an absolute URL is required")
		return
	}
	id := randomHex(8)
	s.mu.Lock()
	s.pending[id] = pendingKey{redirect: back.String(), description: q.Get("description")}
	s.mu.Unlock()
	w.Header().Set("Location", s.URL+"/asperaid/login?request="+id)
	w.WriteHeader(http.StatusFound)
}

// signIn is the Aspera ID sign-in page: the simulated user is signed in at once, and the
// browser is sent back to the redirect URI with the new key.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("request")
	s.mu.Lock()
	p, ok := s.pending[id]
	delete(s.pending, id)
	var k *apiKey
	if ok {
		k = &apiKey{ID: "ats_" + randomHex(10), Secret: randomHex(20), Description: p.description, Instance: s.instance, Created: now()}
		s.apiKeys[k.ID] = k
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "Aspera ID: no such sign-in request (it is used once)", http.StatusNotFound)
		return
	}
	back, _ := url.Parse(p.redirect)
	q := back.Query()
	q.Set("ats_id", k.ID)
	q.Set("ats_secret", k.Secret)
	q.Set("ats_description", k.Description)
	back.RawQuery = q.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// pendingKey is a key requested and not signed for yet.
type pendingKey struct{ redirect, description string }
