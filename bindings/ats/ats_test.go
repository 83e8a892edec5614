package ats_test

import (
	"path/filepath"
	"testing"

	bats "github.com/asperalm/aslmcli/bindings/ats"
	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
)

// The Lua API of aspera.ats against its simulator: access keys, the key's node client and
// root id, lazy listing, the repository option, and the error kinds.
func TestLuaAPI(t *testing.T) {
	w := bindtest.New(t, []kit.Module{bats.Module, node.Module})
	repo := filepath.Join(t.TempDir(), "keys.json")
	got := w.String(`
		local ats = require("aspera.ats")
		local sim = ats.simulator{root = ...}
		local c = sim:credentials()
		local a = ats.new{url = sim:url(), ats_key = c.ats_key, ats_secret = c.ats_secret,
			ibm_api_key = c.ibm_api_key, iam_url = c.iam_url, repository = select(2, ...)}
		local k = a:create_access_key({id = "k1", storage = {type = "azure_sas",
			credentials = {shared_access_signature = "sv=x"}, path = "/in"}}, {cloud = "azure", region = "eastus"})
		a:create_access_key({storage = {type = "google_gcs", bucket = "g", credentials = {}}}, {cloud = "google", region = "us-central1"})
		local n, root = a:node("k1")
		n:create_in(root, "docs", "folder")
		local names = {}
		for f in n:each_child(root) do names[#names + 1] = f.name end
		local ids = {}
		for key in a:each_access_key{max = 1} do ids[#ids + 1] = key.id end
		local created = a:create_api_key{ats_description = "lua"}
		local stored = a:repository()
		return table.concat({k.transfer_server_id == a:cluster("azure", "eastus").id and "cluster ok" or "cluster?",
			table.concat(names, ","), table.concat(ids, ","), #ats.clouds(),
			stored[1].ats_id == created.ats_id and "stored" or "not stored", tostring(a:forget_api_key(created.ats_id))}, " ")
	`, t.TempDir(), repo)
	if got != "cluster ok docs k1 6 stored true" {
		t.Fatalf("got %q", got)
	}
	w.Fail("usage", "--cloud and --region", `
		local ats = require("aspera.ats")
		local sim = ats.simulator{}
		local c = sim:credentials()
		ats.new{url = sim:url(), ats_key = c.ats_key, ats_secret = c.ats_secret}:create_access_key({storage = {type = "aws_s3"}})
	`)
	w.Fail("usage", "no ATS API key", `
		local ats = require("aspera.ats")
		local sim = ats.simulator{}
		ats.new{url = sim:url()}:subscriptions()
	`)
	err := w.Fail("http", "no access key", `
		local ats = require("aspera.ats")
		local sim = ats.simulator{}
		sim:client():access_key("nope")
	`)
	if err.Status != 404 {
		t.Errorf("status %d", err.Status)
	}
}
