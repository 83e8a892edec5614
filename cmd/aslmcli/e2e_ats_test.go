package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// atsEnv starts `aslmcli ats simulator` over a storage folder of the test and makes its
// second line (the options that reach it) the default ats preset, as a user would.
func atsEnv(t *testing.T, simArgs ...string) (e *env, root string, opts []string, sim *exec.Cmd) {
	t.Helper()
	e = newEnv(t)
	root = filepath.Join(e.dir, "storage")
	lines, sim := productSimulator(t, e, "ats", 2, append([]string{"--root=" + root}, simArgs...)...)
	opts = strings.Fields(lines[1])
	if len(opts) != 5 || opts[0] != "--url="+lines[0] || !strings.HasPrefix(opts[1], "--ats-key=") {
		t.Fatalf("credentials line %q", lines[1])
	}
	e.ok(append([]string{"config", "preset", "update", "ats_sim"}, opts...)...)
	e.ok("config", "preset", "set", "default", "ats", "ats_sim")
	return e, root, opts, sim
}

// shell runs a line of the manual with sh, aslmcli on the PATH.
func (e *env) shell(line string) string {
	e.t.Helper()
	r := e.exec(exec.Command("/bin/sh", "-c", line), "")
	if r.code != 0 {
		e.t.Fatalf("%s: %v", line, r)
	}
	return r.out
}

// TestATSManualExamples runs every ats example of the original manual, verbatim but for the
// restored --params=@json:, against `aslmcli ats simulator`, in an order where each one has
// what it needs (the manual's sample list is sorted, not a sequence).
func TestATSManualExamples(t *testing.T) {
	e, root, _, sim := atsEnv(t)
	params := func(json string) string { return "--params=@json:" + json }
	created := func(id string) func(*testing.T, string) { return csvIs(id + "\n") }
	noKeys := func(t *testing.T, _ string) {
		t.Helper()
		if out := e.ok("ats", "access_key", "list", "--format=csv", "--fields=id"); out != "" {
			t.Fatalf("keys left: %q", out)
		}
	}
	deleteAll := "for k in $(aslmcli ats access_key list --field=id --format=csv);do aslmcli ats access_key id $k delete;done"
	rows := []manualRow{
		{`aslmcli ats access_key create --cloud=softlayer --region=ams [email protected]:'{"storage":{"type":"softlayer_swift","container":"_container_name_","credentials":{"api_key":"value","username":"_name_:_usr_name_"},"path":"/"},"id":"_optional_id_","name":"_optional_name_"}'`,
			[]string{"ats", "access_key", "create", "--cloud=softlayer", "--region=ams", params(`{"storage":{"type":"softlayer_swift","container":"_container_name_","credentials":{"api_key":"value","username":"_name_:_usr_name_"},"path":"/"},"id":"_optional_id_","name":"_optional_name_"}`), "--fields=id"},
			created("_optional_id_")},
		{`aslmcli ats access_key create --cloud=aws --region=eu-west-1 [email protected]:'{"id":"testkey3","name":"laurent key AWS","storage":{"type":"aws_s3","bucket":"my-bucket","credentials":{"access_key_id":"AKIA_MY_API_KEY","secret_access_key":"my/secret/here"},"path":"/laurent"}}'`,
			[]string{"ats", "access_key", "create", "--cloud=aws", "--region=eu-west-1", params(`{"id":"testkey3","name":"laurent key AWS","storage":{"type":"aws_s3","bucket":"my-bucket","credentials":{"access_key_id":"AKIA_MY_API_KEY","secret_access_key":"my/secret/here"},"path":"/laurent"}}`), "--fields=id,transfer_server_id"},
			csvIs("id,testkey3\ntransfer_server_id,1f412ae7-869a-445c-9c05-02ad16813be2\n")},
		{`aslmcli ats access_key create --cloud=azure --region=eastus [email protected]:'{"id":"testkeyazure","name":"laurent key azure","storage":{"type":"azure_sas","credentials":{"shared_access_signature":""},"path":"/"}}'`,
			[]string{"ats", "access_key", "create", "--cloud=azure", "--region=eastus", params(`{"id":"testkeyazure","name":"laurent key azure","storage":{"type":"azure_sas","credentials":{"shared_access_signature":""},"path":"/"}}`), "--fields=id"},
			created("testkeyazure")},
		{deleteAll, nil, noKeys},
		{`aslmcli ats access_key create --cloud=azure --region=eastus [email protected]:'{"id":"testkeyazure","name":"laurent key azure","storage":{"type":"azure","credentials":{"account":"myaccount","key":"myaccesskey","storage_endpoint":"myblob"},"path":"/"}}'`,
			[]string{"ats", "access_key", "create", "--cloud=azure", "--region=eastus", params(`{"id":"testkeyazure","name":"laurent key azure","storage":{"type":"azure","credentials":{"account":"myaccount","key":"myaccesskey","storage_endpoint":"myblob"},"path":"/"}}`), "--fields=id"},
			created("testkeyazure")},
		// the sample commands
		{`aslmcli ats access_key create --cloud=aws --region=eu-west-1 [email protected]:'{"id":"testkey3","name":"laurent key AWS","storage":{"type":"aws_s3","bucket":"sedemo-ireland","credentials":{"access_key_id":"AKIAIDSWKOSIM7XUVCJA","secret_access_key":"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"},"path":"/laurent"}}'`,
			[]string{"ats", "access_key", "create", "--cloud=aws", "--region=eu-west-1", params(`{"id":"testkey3","name":"laurent key AWS","storage":{"type":"aws_s3","bucket":"sedemo-ireland","credentials":{"access_key_id":"AKIAIDSWKOSIM7XUVCJA","secret_access_key":"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"},"path":"/laurent"}}`), "--fields=id,storage.bucket"},
			csvIs("id,testkey3\nstorage.bucket,sedemo-ireland\n")},
		{`aslmcli ats access_key create --cloud=softlayer --region=ams [email protected]:'{"id":"testkey2","name":"laurent key","storage":{"type":"softlayer_swift","container":"laurent","credentials":{"api_key":"my_api_key_here","username":"my_username_here"},"path":"/"}}'`,
			[]string{"ats", "access_key", "create", "--cloud=softlayer", "--region=ams", params(`{"id":"testkey2","name":"laurent key","storage":{"type":"softlayer_swift","container":"laurent","credentials":{"api_key":"my_api_key_here","username":"my_username_here"},"path":"/"}}`), "--fields=id"},
			func(t *testing.T, out string) {
				csvIs("testkey2\n")(t, out)
				// a file in the key's storage, for the browse below
				if err := os.WriteFile(filepath.Join(root, "softlayer_swift", "laurent", "report.txt"), []byte("0123456789"), 0o644); err != nil {
					t.Fatal(err)
				}
			}},
		{"aslmcli ats access_key id testkey2 node browse /", []string{"ats", "access_key", "id", "testkey2", "node", "browse", "/", "--fields=name,type,size"},
			csvIs("report.txt,file,10\n")},
		{"aslmcli ats access_key id testkey2 server", []string{"ats", "access_key", "id", "testkey2", "server", "--fields=cloud,region"},
			csvIs("cloud,softlayer\nregion,ams\n")},
		{"aslmcli ats access_key list --fields=name,id,secret", []string{"ats", "access_key", "list", "--fields=name,id,secret"},
			csvIs("laurent key azure,testkeyazure,***\nlaurent key AWS,testkey3,***\nlaurent key,testkey2,***\n")},
		{"aslmcli ats access_key id testkey2 delete", []string{"ats", "access_key", "id", "testkey2", "delete"}, csvIs("deleted testkey2\n")},
		{"aslmcli ats access_key id testkey3 delete", []string{"ats", "access_key", "id", "testkey3", "delete"}, csvIs("deleted testkey3\n")},
		{"aslmcli ats api_key list", []string{"ats", "api_key", "list"}, csvIs("ats_simulator_key\n")},
		{"aslmcli ats api_key repository list", []string{"ats", "api_key", "repository", "list", "--fields=ats_id,ats_secret"}, func(t *testing.T, out string) {
			// the key created (ascli's api_key create, with the preset's IBM API key) is there
			l := lines(out)
			if len(l) != 1 || !strings.HasPrefix(l[0], "ats_") || !strings.HasSuffix(l[0], ",***") {
				t.Fatalf("repository: %q", out)
			}
		}},
		{"aslmcli ats server id 1f412ae7-869a-445c-9c05-02ad16813be2", []string{"ats", "server", "id", "1f412ae7-869a-445c-9c05-02ad16813be2", "--fields=cloud,region"},
			csvIs("cloud,aws\nregion,eu-west-1\n")},
		{"aslmcli ats server list clouds", []string{"ats", "server", "list", "clouds"}, func(t *testing.T, out string) {
			if l := lines(out); len(l) != 6 || l[0] != "aws,Amazon Web Services" || l[5] != "softlayer,IBM Cloud" {
				t.Fatalf("clouds: %q", out)
			}
		}},
		{"aslmcli ats server list instance --cloud=aws --region=eu-west-1 ", []string{"ats", "server", "list", "instance", "--cloud=aws", "--region=eu-west-1", "--fields=id"},
			csvIs("1f412ae7-869a-445c-9c05-02ad16813be2\n")},
		{"aslmcli ats server list provisioned", []string{"ats", "server", "list", "provisioned", "--fields=cloud,region"}, csvIs("azure,eastus\n")},
		{"aslmcli ats subscriptions", []string{"ats", "subscriptions", "--fields=name"}, csvIs("ATS simulator subscription\n")},
		{deleteAll, nil, noKeys},
	}
	for _, r := range rows {
		if r.manual == "aslmcli ats api_key repository list" {
			e.ok("ats", "api_key", "create")
		}
		t.Run(r.manual, func(t *testing.T) {
			if r.args == nil { // a shell line of the manual
				r.check(t, e.shell(r.manual))
				return
			}
			r.check(t, e.ok(append(r.args, "--format=csv")...))
		})
	}
	stopsOnInterrupt(t, sim)
}

// TestATSAscliSpellings runs ascli's ats commands against the simulator.
func TestATSAscliSpellings(t *testing.T) {
	e, _, opts, _ := atsEnv(t)
	run := func(args ...string) string { return e.ok(append(append([]string{"ats"}, args...), "--format=csv")...) }
	if out := run("cluster", "clouds", "--fields=id"); out != "aws\nazure\ngoogle\nlimelight\nrackspace\nsoftlayer\n" {
		t.Fatalf("clouds %q", out)
	}
	if l := lines(run("cluster", "list")); len(l) != 9 || l[1] != "1f412ae7-869a-445c-9c05-02ad16813be2,aws,eu-west-1" {
		t.Fatalf("cluster list %q", l)
	}
	if out := run("cluster", "show", "--cloud=softlayer", "--region=ams", "--fields=swift_authentication_endpoint"); !strings.HasPrefix(out, "https://ams.") {
		t.Fatalf("cluster show --cloud --region %q", out)
	}
	if out := run("cluster", "show", "1f412ae7-869a-445c-9c05-02ad16813be2", "--fields=region"); out != "eu-west-1\n" {
		t.Fatalf("cluster show ID %q", out)
	}
	// access keys: ascli passes the parameters as an argument too; IBM COS gets its endpoint
	out := run("access_key", "create", `@json:{"id":"cos1","storage":{"type":"ibm-s3","bucket":"b1","credentials":{"access_key_id":"a","secret_access_key":"s"},"path":"/in"}}`,
		"--cloud=softlayer", "--region=dal", "--fields=id,storage.endpoint")
	if !strings.HasPrefix(out, "id,cos1\nstorage.endpoint,https://s3.dal.") {
		t.Fatalf("create ibm-s3 %q", out)
	}
	if out := run("access_key", "show", "cos1", "--fields=storage.bucket"); out != "b1\n" {
		t.Fatalf("show %q", out)
	}
	if out := run("access_key", "modify", "cos1", `@json:{"name":"renamed"}`); out != "modified\n" {
		t.Fatalf("modify %q", out)
	}
	if out := run("access_keys", "list", "--fields=name,id"); out != "renamed,cos1\n" {
		t.Fatalf("list %q", out)
	}
	if out := run("access_key", "node", "cos1", "mkdir", "/sub", "--fields=name,type"); out != "name,sub\ntype,folder\n" {
		t.Fatalf("node mkdir %q", out)
	}
	if out := run("access_key", "node", "cos1", "browse", "/", "--fields=name"); out != "sub\n" {
		t.Fatalf("node browse %q", out)
	}
	if out := run("access_key", "cluster", "cos1", "--fields=region"); out != "dal\n" {
		t.Fatalf("cluster of the key %q", out)
	}
	// API keys in IBM Cloud (the preset holds --ibm-api-key and --iam-url)
	inst := strings.TrimSpace(run("api_key", "instances"))
	if !strings.HasPrefix(inst, "ats-instance-") {
		t.Fatalf("instances %q", inst)
	}
	var key map[string]any
	if err := json.Unmarshal([]byte(e.ok("ats", "api_key", "create", `@json:{"ats_description":"ci"}`, "--format=json", "--show-secrets=yes")), &key); err != nil {
		t.Fatal(err)
	}
	id, _ := key["ats_id"].(string)
	if !strings.HasPrefix(id, "ats_") || key["ats_secret"] == "" {
		t.Fatalf("api_key create %v", key)
	}
	if out := run("api_keys", "list"); !strings.Contains(out, id+"\n") {
		t.Fatalf("api_key list %q", out)
	}
	if out := run("api_key", "show", id, "--fields=ats_description,instance_id"); out != "ats_description,ci\ninstance_id,"+inst+"\n" {
		t.Fatalf("api_key show %q", out)
	}
	// the stored key works alone: no --ats-key, --ats-secret nor preset
	if out := e.ok("ats", "subscriptions", "-N", opts[0], "--fields=name", "--format=csv"); out != "ATS simulator subscription\n" {
		t.Fatalf("with the stored key %q", out)
	}
	if out := run("api_key", "delete", id); out != "deleted "+id+"\n" {
		t.Fatalf("api_key delete %q", out)
	}
	if out := run("aws_trust_policy", "--region=eu-west-1", "--fields=Version"); out != "2012-10-17\n" {
		t.Fatalf("aws_trust_policy %q", out)
	}
	if out := run("access_key", "delete", "cos1"); out != "deleted cos1\n" {
		t.Fatalf("delete %q", out)
	}
}

// TestATSBadInput: usage errors exit 2 with one line and change nothing; secrets stay hidden.
func TestATSBadInput(t *testing.T) {
	e, _, opts, _ := atsEnv(t)
	e.fails(2, "--params", "ats", "access_key", "create", "--cloud=aws", "--region=eu-west-1")
	e.fails(2, "--cloud and --region", "ats", "access_key", "create", `--params=@json:{"storage":{"type":"aws_s3","bucket":"b","credentials":{}}}`)
	e.fails(2, "cloud", "ats", "cluster", "show")
	e.fails(2, "region", "ats", "aws_trust_policy")
	e.fails(1, "404", "ats", "access_key", "show", "nokey")
	e.fails(1, "storage.type", "ats", "access_key", "create", "--cloud=aws", "--region=eu-west-1", `--params=@json:{"storage":{"type":"floppy"}}`)
	e.fails(2, "no ATS API key", "ats", "access_key", "list", "-N", opts[0])
	e.fails(2, "ibm-api-key", "ats", "api_key", "instances", "-N", opts[0], opts[1], opts[2])
	// arguments are checked against the usage before anything is sent
	e.fails(2, "", "ats", "access_key", "create", `@json:{"storage":{"type":"azure_sas","credentials":{"shared_access_signature":""}}}`, "surplus", "--cloud=azure", "--region=eastus")
	e.fails(2, "", "ats", "access_key", "id", "k1", "node", "format", "/")
	e.fails(2, "", "ats", "server", "list", "instance", "extra", "--cloud=aws", "--region=eu-west-1")
	if out := e.ok("ats", "access_key", "list", "--format=csv", "--fields=id"); out != "" {
		t.Fatalf("bad input created keys: %q", out)
	}
	secret := strings.TrimPrefix(opts[2], "--ats-secret=")
	for _, args := range [][]string{{"ats", "subscriptions", "--show-config"}, {"config", "preset", "show", "ats_sim"}} {
		if out := e.ok(args...); strings.Contains(out, secret) {
			t.Fatalf("%v shows the secret: %s", args, out)
		}
	}
}

// TestATSKeyTransfers: an access key created through ATS is a node access key: `node
// access_key do self` browses its storage with its id and secret, and `node upload` with the
// key and --transfer=node has the cluster's node move the bytes (the simulator's node runs the
// ascp double), with no transfer started on this side.
func TestATSKeyTransfers(t *testing.T) {
	e := newEnv(t)
	e.setenv("FAKEASCP_SCRIPT=ok")
	root := filepath.Join(e.dir, "storage")
	lines, _ := productSimulator(t, e, "ats", 2, "--root="+root, "--ascp-path="+fakeascp(t))
	opts := strings.Fields(lines[1])
	var key map[string]any
	out := e.ok(append([]string{"ats", "access_key", "create", "--cloud=aws", "--region=us-east-1", "--format=json", "--show-secrets=yes",
		`--params=@json:{"id":"bucketkey","storage":{"type":"aws_s3","bucket":"media","credentials":{"access_key_id":"a","secret_access_key":"s"},"path":"/"}}`}, opts...)...)
	if err := json.Unmarshal([]byte(out), &key); err != nil {
		t.Fatal(err)
	}
	secret, _ := key["secret"].(string)
	nodeURL := lines[0] + "/node"
	if err := os.WriteFile(filepath.Join(root, "aws_s3", "media", "in.txt"), []byte("from the bucket"), 0o644); err != nil {
		t.Fatal(err)
	}
	asKey := []string{"--url=" + nodeURL, "--username=bucketkey", "--password=" + secret, "--format=csv"}
	if out := e.ok(append([]string{"node", "access_key", "do", "self", "browse", "/", "--fields=name"}, asKey...)...); out != "in.txt\n" {
		t.Fatalf("node access_key do self browse: %q", out)
	}
	// the key's storage gets a file through the node agent: the cluster's node runs the
	// transfer (the simulator's node runs the ascp double), none is started on this side
	up := e.write("up/clip.mov", "bytes moved by the cluster")
	out = e.ok(append([]string{"node", "upload", up, "--to-folder=/", "--transfer=node", `--transfer-info=@json:{"poll":0.05}`,
		"--fields=status,agent"}, asKey...)...)
	if out != "success,node\n" {
		t.Fatalf("upload --transfer=node: %q", out)
	}
	if got, err := os.ReadFile(filepath.Join(root, "aws_s3", "media", "clip.mov")); err != nil || string(got) != "bytes moved by the cluster" {
		t.Fatalf("in the bucket: %q %v", got, err)
	}
	if out := e.ok(append([]string{"ats", "access_key", "node", "bucketkey", "browse", "/", "--format=csv", "--fields=name"}, opts...)...); out != "clip.mov\nin.txt\n" {
		t.Fatalf("ats access_key node browse: %q", out)
	}
}

// TestATSAsperaIDSignIn: the original manual's first use: with no ATS API key, `api_key create`
// shows the Aspera ID sign-in page (printed with --ui=text), the browser comes back to the
// local redirect with the key, which is stored; the next command uses it with no credentials.
func TestATSAsperaIDSignIn(t *testing.T) {
	e := newEnv(t)
	lines, _ := productSimulator(t, e, "ats", 2, "--root="+filepath.Join(e.dir, "storage"))
	url := "--url=" + lines[0]
	cmd := exec.Command(binary, "ats", "api_key", "create", url, "--redirect-uri=http://localhost:0/ats", "--ui=text",
		"--format=csv", "--fields=ats_id,ats_description")
	cmd.Env, cmd.Dir = e.vars, e.dir
	var stdout strings.Builder
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	r := bufio.NewReader(stderr)
	var page string
	for page == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no sign-in page shown: %v", err)
		}
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "http://") {
			page = l
		}
	}
	res, err := http.Get(page) // the browser: the sign-in page, then the local redirect
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Authentication complete") {
		t.Fatalf("browser page: %s", body)
	}
	_, _ = io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("api_key create: %v", err)
	}
	if out := stdout.String(); !strings.HasPrefix(out, "ats_id,ats_") || !strings.HasSuffix(out, "ats_description,created by aslmcli\n") {
		t.Fatalf("created %q", out)
	}
	if out := e.ok("ats", "subscriptions", url, "--fields=name", "--format=csv"); out != "ATS simulator subscription\n" {
		t.Fatalf("with the stored key %q", out)
	}
	if out := e.ok("ats", "api_key", "repository", "list", url, "--fields=organization_name", "--format=csv"); out != "Simulated Org\n" {
		t.Fatalf("repository %q", out)
	}
}

// TestATSTourExample runs scripts/examples/ats_tour.lua.
func TestATSTourExample(t *testing.T) {
	e := newEnv(t)
	script, _ := filepath.Abs("../../scripts/examples/ats_tour.lua")
	out := e.ok("run", script)
	for _, want := range []string{"simulator: http://127.0.0.1:", "cluster of aws eu-west-1: 1f412ae7-869a-445c-9c05-02ad16813be2 at http://",
		"access key tour_bucket on cluster 1f412ae7", "made folder incoming", "  folder   incoming", "tour_bucket  tour  aws_s3",
		"show no_such_key: http 404", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tour lacks %q:\n%s", want, out)
		}
	}
}
