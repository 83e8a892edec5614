package ats_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/ats"
	"github.com/asperalm/aslmcli/products/ats/atssim"
	"github.com/asperalm/aslmcli/products/ats/internal/atstest"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

var ctx = context.Background()

// env starts a simulator under the contract check; o gets the simulator's URL and HTTP
// settings without retries.
func env(t *testing.T) (*atssim.Server, *openapitest.Contract) {
	t.Helper()
	return atstest.Start(t, atssim.Config{})
}

func client(t *testing.T, s *atssim.Server, o ats.Options) *ats.Client {
	t.Helper()
	o.URL = s.URL
	o.Env = oauth.Env{HTTP: &rest.Settings{RetryMax: -1}}
	c, err := ats.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// keyed is a client with the simulator's ATS API key.
func keyed(t *testing.T, s *atssim.Server) *ats.Client {
	cr := s.Credentials()
	return client(t, s, ats.Options{ATSKey: cr.ATSKey, ATSSecret: cr.ATSSecret})
}

func status(err error) int {
	var re *rest.Error
	if errors.As(err, &re) {
		return re.Status
	}
	return 0
}

// The manual's AWS and Swift examples.
var (
	awsKey = ats.Object{"id": "testkey3", "name": "laurent key AWS", "storage": map[string]any{"type": "aws_s3", "bucket": "my-bucket",
		"credentials": map[string]any{"access_key_id": "AKIA_MY_API_KEY", "secret_access_key": "my/secret/here"}, "path": "/laurent"}}
	swiftKey = ats.Object{"id": "testkey2", "name": "laurent key", "storage": map[string]any{"type": "softlayer_swift", "container": "laurent",
		"credentials": map[string]any{"api_key": "my_api_key_here", "username": "my_username_here"}, "path": "/"}}
)

func TestClusters(t *testing.T) {
	s, _ := env(t)
	c := client(t, s, ats.Options{})
	all, err := c.Servers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clouds := map[string]bool{}
	for _, v := range all {
		clouds[v.(map[string]any)["cloud"].(string)] = true
	}
	if len(clouds) != len(ats.Clouds) {
		t.Errorf("clusters of %d clouds, want %d: %v", len(clouds), len(ats.Clouds), clouds)
	}
	one, err := c.Server(ctx, "aws", "eu-west-1")
	if err != nil || one["id"] != "1f412ae7-869a-445c-9c05-02ad16813be2" {
		t.Fatalf("aws eu-west-1 = %v, %v", one, err)
	}
	byID, err := c.ServerByID(ctx, "1f412ae7", true)
	if err != nil || byID["region"] != "eu-west-1" {
		t.Errorf("by id prefix: %v, %v", byID, err)
	}
	if _, err := c.ServerByID(ctx, "1f412ae7", false); !errors.Is(err, ats.ErrNotFound) {
		t.Errorf("exact id of a prefix: %v", err)
	}
	if _, err := c.Server(ctx, "aws", "mars-1"); status(err) != 404 {
		t.Errorf("unknown region: %v", err)
	}
	if _, err := c.Server(ctx, "", "eu-west-1"); !errors.Is(err, ats.ErrUsage) {
		t.Errorf("no cloud: %v", err)
	}
	if got := ats.CloudList(); len(got) != 6 || got[5].(ats.Object)["name"] != "IBM Cloud" {
		t.Errorf("clouds: %v", got)
	}
}

func TestAccessKeyLifeCycle(t *testing.T) {
	s, contract := env(t)
	c := keyed(t, s)
	k, err := c.CreateAccessKey(ctx, awsKey, "aws", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if k["id"] != "testkey3" || k["transfer_server_id"] != "1f412ae7-869a-445c-9c05-02ad16813be2" || k["secret"] == "" {
		t.Fatalf("created: %v", k)
	}
	if _, ok := awsKey["transfer_server_id"]; ok {
		t.Error("CreateAccessKey changed the caller's parameters")
	}
	if _, err := c.CreateAccessKey(ctx, awsKey, "aws", "eu-west-1"); status(err) != 409 {
		t.Errorf("same id again: %v", err)
	}
	// Swift: the cluster's authentication endpoint is filled in (else the simulator says 400)
	if _, err := c.CreateAccessKey(ctx, swiftKey, "softlayer", "ams"); err != nil {
		t.Fatal(err)
	}
	// IBM COS by transfer_server_id: the endpoint comes from the cluster
	sl, err := c.Server(ctx, "softlayer", "dal")
	if err != nil {
		t.Fatal(err)
	}
	cos := ats.Object{"transfer_server_id": sl["id"], "storage": map[string]any{"type": "ibm-s3", "bucket": "b",
		"credentials": map[string]any{"access_key_id": "a", "secret_access_key": "s"}}}
	if k, err := c.CreateAccessKey(ctx, cos, "", ""); err != nil || !strings.HasPrefix(k["id"].(string), "ak_") {
		t.Fatalf("ibm-s3: %v, %v", k, err)
	}
	if _, err := c.CreateAccessKey(ctx, ats.Object{"storage": map[string]any{"type": "aws_s3"}}, "", ""); !errors.Is(err, ats.ErrUsage) {
		t.Errorf("no cluster: %v", err)
	}
	if _, err := c.CreateAccessKey(ctx, ats.Object{"storage": map[string]any{"type": "aws_s3"}}, "aws", "us-east-1"); status(err) != 400 {
		t.Errorf("no bucket: %v", err)
	}

	// lazy listing, two keys a page
	small := client(t, s, ats.Options{ATSKey: s.Credentials().ATSKey, ATSSecret: s.Credentials().ATSSecret, PageSize: 2})
	it, err := small.AccessKeys(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		ids = append(ids, v.(map[string]any)["id"].(string))
	}
	if it.Err() != nil || len(ids) != 3 || ids[0] != "testkey3" || ids[1] != "testkey2" || it.Pages() != 2 {
		t.Errorf("list: %v (%d pages), %v", ids, it.Pages(), it.Err())
	}
	it, _ = small.AccessKeys(ctx, 1)
	if _, ok := it.Next(); !ok {
		t.Error("max 1: nothing")
	}
	if _, ok := it.Next(); ok {
		t.Error("max 1: more than one")
	}

	if err := c.ModifyAccessKey(ctx, "testkey3", ats.Object{"name": "renamed"}); err != nil {
		t.Fatal(err)
	}
	if k, err := c.AccessKey(ctx, "testkey3"); err != nil || k["name"] != "renamed" {
		t.Errorf("modified: %v, %v", k, err)
	}
	if err := c.DeleteAccessKey(ctx, "testkey3"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AccessKey(ctx, "testkey3"); status(err) != 404 {
		t.Errorf("deleted key: %v", err)
	}
	if err := c.DeleteAccessKey(ctx, "testkey3"); status(err) != 404 {
		t.Errorf("delete twice: %v", err)
	}
	seen := strings.Join(contract.Seen(), "\n")
	for _, op := range []string{"POST /pub/v1/access_keys", "GET /pub/v1/access_keys", "PUT /pub/v1/access_keys/{id}", "DELETE /pub/v1/access_keys/{id}"} {
		if !strings.Contains(seen, op+":") {
			t.Errorf("%s not exercised: %s", op, seen)
		}
	}
}

// An access key created through ATS browses its storage on the cluster's node.
func TestAccessKeyNode(t *testing.T) {
	s, _ := env(t)
	c := keyed(t, s)
	if _, err := c.CreateAccessKey(ctx, swiftKey, "softlayer", "ams"); err != nil {
		t.Fatal(err)
	}
	// the key's storage is a folder of the node: put a file there
	folder := filepath.Join(s.Root(), "softlayer_swift", "laurent")
	if err := os.WriteFile(filepath.Join(folder, "hello.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	kn, err := c.Node(ctx, "testkey2", "")
	if err != nil {
		t.Fatal(err)
	}
	it := kn.Node.Files(ctx, kn.RootFileID, nil, 0)
	var names []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		names = append(names, v.(map[string]any)["name"].(string))
	}
	if it.Err() != nil || len(names) != 1 || names[0] != "hello.txt" {
		t.Errorf("browse: %v, %v", names, it.Err())
	}
	wrong, err := c.Node(ctx, "testkey2", "wrong")
	if err != nil {
		t.Fatal(err)
	}
	it = wrong.Node.Files(ctx, wrong.RootFileID, nil, 0)
	if _, ok := it.Next(); ok || status(it.Err()) != 401 {
		t.Errorf("a wrong secret: %v", it.Err())
	}
	cl, err := c.AccessKeyServers(ctx, "testkey2", "")
	if err != nil || cl.(map[string]any)["region"] != "ams" {
		t.Errorf("cluster of the key: %v, %v", cl, err)
	}
	prov, err := c.Provisioned(ctx)
	if err != nil || len(prov.([]any)) != 1 {
		t.Errorf("provisioned: %v, %v", prov, err)
	}
}

func TestSubscriptionAndPolicy(t *testing.T) {
	s, _ := env(t)
	c := keyed(t, s)
	sub, err := c.Subscriptions(ctx)
	if err != nil || sub.(map[string]any)["name"] == nil {
		t.Errorf("subscriptions: %v, %v", sub, err)
	}
	if _, err := c.AWSTrustPolicy(ctx, "eu-west-1"); err != nil {
		t.Error(err)
	}
	if _, err := c.AWSTrustPolicy(ctx, ""); !errors.Is(err, ats.ErrUsage) {
		t.Errorf("no region: %v", err)
	}
	bad := client(t, s, ats.Options{ATSKey: "ats_x", ATSSecret: "nope"})
	if _, err := bad.Subscriptions(ctx); status(err) != 401 {
		t.Errorf("bad key: %v", err)
	}
	none := client(t, s, ats.Options{})
	if _, err := none.Subscriptions(ctx); !errors.Is(err, ats.ErrNoAPIKey) {
		t.Errorf("no key: %v", err)
	}
}

// API keys created with an IBM Cloud API key are stored, and the next client needs nothing.
func TestAPIKeysThroughIAM(t *testing.T) {
	s, contract := env(t)
	cr := s.Credentials()
	repo := filepath.Join(t.TempDir(), "home", ats.RepositoryFile)
	ibm := client(t, s, ats.Options{IBMAPIKey: cr.IBMAPIKey, IAMURL: cr.IAMURL, Repository: repo})
	inst, err := ibm.Instances(ctx)
	if err != nil || len(inst) != 1 || inst[0] != cr.Instance {
		t.Fatalf("instances: %v, %v", inst, err)
	}
	created, err := ibm.CreateAPIKey(ctx, ats.Object{"ats_description": "test"})
	if err != nil {
		t.Fatal(err)
	}
	id := created["ats_id"].(string)
	if fi, err := os.Stat(repo); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("repository: %v, %v", fi, err)
	}
	if keys, err := ats.Repository(repo).Keys(); err != nil || len(keys) != 1 || keys[0]["ats_secret"] != created["ats_secret"] ||
		keys[0]["subscription_name"] == nil || keys[0]["organization_name"] == nil {
		t.Fatalf("stored: %v, %v", keys, err)
	}
	// a client with nothing but the repository uses the stored key
	stored := client(t, s, ats.Options{Repository: repo})
	if _, err := stored.Subscriptions(ctx); err != nil {
		t.Fatalf("with the stored key: %v", err)
	}
	ids, err := stored.APIKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range ids {
		got = append(got, v.(string))
	}
	sort.Strings(got)
	if len(got) != 2 || (got[0] != id && got[1] != id) {
		t.Errorf("api keys: %v", got)
	}
	if k, err := ibm.APIKey(ctx, id); err != nil || k["ats_description"] != "test" || k["ats_secret"] != nil {
		t.Errorf("show: %v, %v", k, err)
	}
	if err := ibm.DeleteAPIKey(ctx, id); err != nil {
		t.Fatal(err)
	}
	if keys, err := ats.Repository(repo).Keys(); err != nil || len(keys) != 0 {
		t.Errorf("repository after delete: %v, %v", keys, err)
	}
	if _, err := client(t, s, ats.Options{Repository: repo}).Subscriptions(ctx); !errors.Is(err, ats.ErrNoAPIKey) {
		t.Errorf("empty repository: %v", err)
	}
	wrong := client(t, s, ats.Options{IBMAPIKey: "nope", IAMURL: cr.IAMURL})
	if _, err := wrong.Instances(ctx); err == nil || strings.Contains(err.Error(), "nope") {
		t.Errorf("wrong IBM key: %v", err)
	}
	if _, err := client(t, s, ats.Options{}).Instances(ctx); !errors.Is(err, ats.ErrUsage) {
		t.Errorf("no IBM key: %v", err)
	}
	other := client(t, s, ats.Options{IBMAPIKey: cr.IBMAPIKey, IAMURL: cr.IAMURL, Instance: "other"})
	if _, err := other.APIKeys(ctx); status(err) != 404 {
		t.Errorf("unknown instance: %v", err)
	}
	seen := strings.Join(contract.Seen(), "\n")
	for _, op := range []string{"POST /identity/token", "GET /v2/instances", "POST /v2/api_keys", "GET /v2/api_keys/{id}", "DELETE /v2/api_keys/{id}", "GET /pub/v1/api_keys"} {
		if !strings.Contains(seen, op+":") {
			t.Errorf("%s not exercised: %s", op, seen)
		}
	}
}

func TestRepositorySelect(t *testing.T) {
	repo := ats.Repository(filepath.Join(t.TempDir(), ats.RepositoryFile))
	if _, err := repo.Select(""); !errors.Is(err, ats.ErrNoAPIKey) {
		t.Errorf("empty: %v", err)
	}
	for _, id := range []string{"ats_a", "ats_b"} {
		if err := repo.Add(ats.Object{"ats_id": id, "ats_secret": "s"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := repo.Select(""); !errors.Is(err, ats.ErrUsage) || !strings.Contains(err.Error(), "--ats-id") {
		t.Errorf("two keys, none chosen: %v", err)
	}
	if k, err := repo.Select("ats_b"); err != nil || k["ats_id"] != "ats_b" {
		t.Errorf("chosen: %v, %v", k, err)
	}
	if _, err := repo.Select("ats_c"); !errors.Is(err, ats.ErrUsage) {
		t.Errorf("unknown: %v", err)
	}
	if err := os.WriteFile(string(repo), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Keys(); err == nil {
		t.Error("a broken repository was read")
	}
}

// The original manual's Aspera ID sign-in: the page ATS redirects to is shown to the user
// (here a "browser" that follows the redirects to the local listener), the key comes back on
// the redirect URI and is stored.
func TestAPIKeyThroughAsperaID(t *testing.T) {
	s, contract := env(t)
	repo := filepath.Join(t.TempDir(), ats.RepositoryFile)
	var shown string
	browser := func(ctx context.Context, page string) error {
		shown = page
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, page, nil)
		if err != nil {
			return err
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		return res.Body.Close()
	}
	c, err := ats.New(ats.Options{URL: s.URL, Repository: repo, RedirectURI: "http://localhost:0/ats",
		Env: oauth.Env{HTTP: &rest.Settings{RetryMax: -1}, Open: browser}})
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.CreateAPIKeyAsperaID(ctx, "from the test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(shown, s.URL+"/asperaid/login?") || !strings.HasPrefix(key["ats_id"].(string), "ats_") || key["ats_description"] != "from the test" {
		t.Fatalf("page %q, key %v", shown, key)
	}
	// the next client needs nothing but the repository
	if _, err := client(t, s, ats.Options{Repository: repo}).Subscriptions(ctx); err != nil {
		t.Fatal(err)
	}
	if keys, _ := ats.Repository(repo).Keys(); len(keys) != 1 || keys[0]["organization_name"] != "Simulated Org" {
		t.Errorf("stored: %v", keys)
	}
	noBrowser := client(t, s, ats.Options{Repository: repo})
	if _, err := noBrowser.CreateAPIKeyAsperaID(ctx, "x"); !errors.Is(err, ats.ErrUsage) {
		t.Errorf("no browser: %v", err)
	}
	for _, op := range []string{"POST /pub/v1/api_keys", "GET /asperaid/login"} {
		if !strings.Contains(strings.Join(contract.Seen(), "\n"), op+":") {
			t.Errorf("%s not exercised", op)
		}
	}
}
