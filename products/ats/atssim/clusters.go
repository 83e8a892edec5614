package atssim

import (
	"crypto/sha1"
	"fmt"
	"net/http"
	"strings"
)

// cluster is a transfer cluster of a cloud region.
type cluster struct {
	ID, Cloud, Region string
	Setup             string // transfer_setup_url
	Swift, S3         string // authentication endpoints (IBM Cloud)
}

func (c cluster) view() map[string]any {
	v := map[string]any{"id": c.ID, "cloud": c.Cloud, "region": c.Region, "transfer_setup_url": c.Setup,
		"public_ips": []any{"127.0.0.1"}}
	if c.Swift != "" {
		v["swift_authentication_endpoint"] = c.Swift
	}
	if c.S3 != "" {
		v["s3_authentication_endpoint"] = c.S3
	}
	return v
}

// regions are the simulated regions of each cloud.
var regions = []struct{ cloud, region, id string }{
	{"aws", "us-east-1", ""}, {"aws", "eu-west-1", "1f412ae7-869a-445c-9c05-02ad16813be2"},
	{"azure", "eastus", ""}, {"azure", "westeurope", ""},
	{"google", "us-central1", ""},
	{"limelight", "phx", ""},
	{"rackspace", "dfw", ""},
	{"softlayer", "ams", ""}, {"softlayer", "dal", ""},
}

// stableID is a UUID-shaped id derived from a name, the same at every start.
func stableID(name string) string {
	h := sha1.Sum([]byte("atssim:" + name))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func defaultClusters(setup string) []cluster {
	out := make([]cluster, 0, len(regions))
	for _, r := range regions {
		c := cluster{ID: r.id, Cloud: r.cloud, Region: r.region, Setup: setup}
		if c.ID == "" {
			c.ID = stableID(r.cloud + "/" + r.region)
		}
		if r.cloud == "softlayer" {
			c.Swift = "https://" + r.region + ".objectstorage.softlayer.net/auth/v1.0"
			c.S3 = "https://s3." + r.region + ".cloud-object-storage.appdomain.cloud"
		}
		out = append(out, c)
	}
	return out
}

// clusterByID returns the cluster of an id; nil when none.
func (s *Server) clusterByID(id string) *cluster {
	for i := range s.clusters {
		if s.clusters[i].ID == id {
			return &s.clusters[i]
		}
	}
	return nil
}

// serversOf answers the clusters of a cloud (the path spells it in capitals; any case is
// accepted); an unknown cloud has none.
func (s *Server) serversOf(w http.ResponseWriter, r *http.Request) {
	cloud := strings.ToLower(r.PathValue("cloud"))
	out := []any{}
	for _, c := range s.clusters {
		if c.Cloud == cloud {
			out = append(out, c.view())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) serverOf(w http.ResponseWriter, r *http.Request) {
	cloud, region := strings.ToLower(r.PathValue("cloud")), r.PathValue("region")
	for _, c := range s.clusters {
		if c.Cloud == cloud && c.Region == region {
			writeJSON(w, http.StatusOK, c.view())
			return
		}
	}
	writeError(w, http.StatusNotFound, "no cluster in cloud "+r.PathValue("cloud")+" region "+region)
}

// servers answers, to an ATS API key, the clusters of the subscription (those where it has
// access keys, else all), and to an access key, its own cluster.
func (s *Server) servers(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.keys[user]; ok && k != nil && k.Secret == pass {
		if c := s.clusterByID(k.ServerID); c != nil {
			writeJSON(w, http.StatusOK, c.view())
			return
		}
	}
	if a := s.apiKeys[user]; !ok || a == nil || a.Secret != pass {
		w.Header().Set("WWW-Authenticate", `Basic realm="ATS"`)
		writeError(w, http.StatusUnauthorized, "an ATS API key or an access key is required")
		return
	}
	used := map[string]bool{}
	for _, k := range s.keys {
		used[k.ServerID] = true
	}
	out := []any{}
	for _, c := range s.clusters {
		if len(used) == 0 || used[c.ID] {
			out = append(out, c.view())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// trustPolicy answers the AWS IAM trust policy that lets ATS use a role's bucket.
func (s *Server) trustPolicy(w http.ResponseWriter, r *http.Request) {
	region := r.URL.Query().Get("region")
	if region == "" {
		writeError(w, http.StatusBadRequest, "region is required")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": "arn:aws:iam::000000000000:role/ats-" + region},
			"Action":    "sts:AssumeRole",
			"Condition": map[string]any{"StringEquals": map[string]any{"sts:ExternalId": "ats-simulator"}},
		}},
	})
}
