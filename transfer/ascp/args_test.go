package ascp

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/transfer/spec"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// argGolden is what one field becomes: its arguments (in order) and its environment.
type argGolden struct {
	value any
	args  []string
	env   []string
}

// goldens has one entry per schema field with an ascp mapping; TestEveryMappedFieldHasAGolden
// fails when the schema gains one.
var goldens = map[string]argGolden{
	"apply_local_docroot":            {true, []string{"--apply-local-docroot"}, nil},
	"cipher":                         {"aes-256-gcm", []string{"-c", "aes256gcm"}, nil},
	"content_protection":             {"encrypt", []string{"--file-crypt", "encrypt"}, nil},
	"content_protection_password":    {"fp", nil, []string{"ASPERA_SCP_FILEPASS=fp"}},
	"cookie":                         {"c00kie", nil, []string{"ASPERA_SCP_COOKIE=c00kie"}},
	"create_dir":                     {true, []string{"-d"}, nil},
	"delete_before_transfer":         {true, []string{"--delete-before-transfer"}, nil},
	"dgram_size":                     {float64(1400), []string{"-Z", "1400"}, nil},
	"direction":                      {"receive", []string{"--mode", "recv"}, nil},
	"exclude_newer_than":             {"100", []string{"--exclude-newer-than", "100"}, nil},
	"exclude_older_than":             {"200", []string{"--exclude-older-than", "200"}, nil},
	"fail_bad_filepass":              {true, []string{"--fail-bad-filepass"}, nil},
	"fasp_port":                      {float64(33001), []string{"-O", "33001"}, nil},
	"file_checksum":                  {"md5", []string{"--file-checksum", "md5"}, nil},
	"http_fallback":                  {"force", []string{"-y", "F"}, nil},
	"http_fallback_port":             {float64(8080), []string{"-t", "8080"}, nil},
	"https_fallback_port":            {float64(8443), []string{"-t", "8443"}, nil},
	"keepalive":                      {true, []string{"--keepalive"}, nil},
	"min_rate_kbps":                  {float64(100), []string{"-m", "100"}, nil},
	"move_after_transfer":            {"/done", []string{"--move-after-transfer", "/done"}, nil},
	"multi_session_threshold":        {float64(5000), []string{"--multi-session-threshold", "5000"}, nil},
	"overwrite":                      {"diff", []string{"--overwrite", "diff"}, nil},
	"precalculate_job_size":          {false, []string{"--precalculate-disable"}, nil},
	"preserve_access_time":           {true, []string{"--preserve-access-time"}, nil},
	"preserve_acls":                  {"native", []string{"--preserve-acls", "native"}, nil},
	"preserve_creation_time":         {true, []string{"--preserve-creation-time"}, nil},
	"preserve_extended_attrs":        {"metafile", []string{"--preserve-xattrs", "metafile"}, nil},
	"preserve_file_owner_gid":        {true, []string{"--preserve-file-owner-gid"}, nil},
	"preserve_file_owner_uid":        {true, []string{"--preserve-file-owner-uid"}, nil},
	"preserve_modification_time":     {true, []string{"--preserve-modification-time"}, nil},
	"preserve_remote_acls":           {"native", []string{"--remote-preserve-acls", "native"}, nil},
	"preserve_remote_extended_attrs": {"native", []string{"--remote-preserve-xattrs", "native"}, nil},
	"preserve_source_access_time":    {true, []string{"--preserve-source-access-time"}, nil},
	"preserve_times":                 {true, []string{"-p"}, nil},
	"proxy":                          {"dnat://proxy:9091", []string{"--proxy", "dnat://proxy:9091"}, nil},
	"rate_policy":                    {"fair", []string{"--policy", "fair"}, nil},
	"remote_host":                    {"h.example.com", []string{"--host", "h.example.com"}, nil},
	"remote_password":                {"pw", nil, []string{"ASPERA_SCP_PASS=pw"}},
	"remote_user":                    {"xfer", []string{"--user", "xfer"}, nil},
	"remove_after_transfer":          {true, []string{"--remove-after-transfer"}, nil},
	"remove_empty_directories":       {true, []string{"--remove-empty-directories"}, nil},
	"remove_empty_source_directory":  {true, []string{"--remove-empty-source-directory"}, nil},
	"remove_skipped":                 {true, []string{"--remove-skipped"}, nil},
	"resume_policy":                  {"sparse_csum", []string{"-k", "2"}, nil},
	"save_before_overwrite":          {true, []string{"--save-before-overwrite"}, nil},
	"skip_duplicate_check":           {true, []string{"--skip-dir-traversal-dupes"}, nil},
	"skip_special_files":             {true, []string{"--skip-special-files"}, nil},
	"source_root":                    {"/src", []string{"--source-prefix64", b64("/src")}, nil},
	"src_base":                       {"/base", []string{"--src-base64", b64("/base")}, nil},
	"src_base64":                     {b64("/b"), []string{"--src-base64", b64("/b")}, nil},
	"ssh_port":                       {float64(33001), []string{"-P", "33001"}, nil},
	"ssh_private_key":                {"-----BEGIN KEY-----", nil, []string{"ASPERA_SCP_KEY=-----BEGIN KEY-----"}},
	"ssh_private_key_passphrase":     {"pp", nil, []string{"ASPERA_SCP_PASS=pp"}},
	"ssh_private_key_path":           {"/k/id_rsa", []string{"-i", "/k/id_rsa"}, nil},
	"sshfp":                          {"SHA256:abc", []string{"--check-sshfp", "SHA256:abc"}, nil},
	"symlink_policy":                 {"follow", []string{"--symbolic-links", "follow"}, nil},
	"tags":                           {map[string]any{"a": "b"}, []string{"--tags64", b64(`{"a":"b"}`)}, nil},
	"tags64":                         {b64(`{"x":1}`), []string{"--tags64", b64(`{"x":1}`)}, nil},
	"target_rate_kbps":               {float64(500000), []string{"-l", "500000"}, nil},
	"token":                          {"ATV7_tok", nil, []string{"ASPERA_SCP_TOKEN=ATV7_tok"}},
	"use_system_ssh":                 {true, []string{"-SSH"}, nil},
	// special fields with an ascp rendering
	"delete_source": {true, []string{"--remove-after-transfer", "--remove-empty-directories", "--remove-empty-source-directory"}, nil},
	"ssh_args":      {[]any{"-o", "Foo=bar"}, []string{"--ssh-arg", "-o", "--ssh-arg", "Foo=bar"}, nil},
}

// base is the smallest spec: its own arguments are removed from what a argGolden checks.
func base() spec.Spec {
	return spec.Spec{"paths": []any{map[string]any{"source": "a"}}, "destination_root": "/d"}
}

func TestEveryMappedFieldHasAGolden(t *testing.T) {
	var missing []string
	for name, f := range spec.Fields() {
		mapped := (f.Option != "" || f.EnvVar != "") && f.For("direct")
		special := map[string]bool{"paths": true, "destination_root": true, "multi_session": true, "wss_enabled": true, "wss_port": true, "use_ascp4": true}
		if mapped && !special[name] {
			if _, ok := goldens[name]; !ok {
				missing = append(missing, name)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("fields without a argGolden test: %v", missing)
	}
}

func TestGoldenArguments(t *testing.T) {
	for name, g := range goldens {
		s := base()
		s[name] = g.value
		inv, err := Build(s, BuildOptions{Ascp: "/nowhere/ascp", NoList: true})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		// what the base spec gives: --dest64 a <dest>
		tailArgs := []string{"--dest64", "a", b64("/d")}
		if !reflect.DeepEqual(inv.Args[len(inv.Args)-3:], tailArgs) {
			t.Errorf("%s: tail %v", name, inv.Args)
			continue
		}
		if inv.Args[0] != "-q" {
			t.Errorf("%s: no -q first: %v", name, inv.Args)
			continue
		}
		got := inv.Args[1 : len(inv.Args)-3]
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, g.args) || !reflect.DeepEqual(inv.Env, g.env) {
			t.Errorf("%s = %v: args %q env %q, want %q %q", name, g.value, got, inv.Env, g.args, g.env)
		}
		for _, a := range inv.Args {
			for _, e := range g.env {
				if strings.Contains(a, strings.SplitN(e, "=", 2)[1]) {
					t.Errorf("%s: a secret is in argv: %q", name, a)
				}
			}
		}
	}
}

func TestBuildFileListsAndOrder(t *testing.T) {
	dir := t.TempDir()
	s := spec.Spec{"direction": "send", "remote_host": "h", "paths": []any{map[string]any{"source": "a b"}, map[string]any{"source": "é/c"}},
		"destination_root": "/dest", "EX_ascp_args": []any{"-L", "/logs"}, "multi_session": float64(3), "title": "for node only"}
	inv, err := Build(s, BuildOptions{Ascp: "/x/ascp", TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Clean) != 1 {
		t.Fatalf("clean %v", inv.Clean)
	}
	list := inv.Clean[0]
	want := []string{"-q", "--mode", "send", "--host", "h", "-L", "/logs", "--dest64", "--file-list=" + list, b64("/dest")}
	if !reflect.DeepEqual(inv.Args, want) {
		t.Fatalf("args %q\nwant %q", inv.Args, want)
	}
	b, _ := os.ReadFile(list)
	st, _ := os.Stat(list)
	if string(b) != "a b\né/c" || st.Mode().Perm() != 0o600 {
		t.Fatalf("list %q mode %v", b, st.Mode())
	}
	// pairs
	s["paths"] = []any{map[string]any{"source": "a", "destination": "x"}, map[string]any{"source": "b", "destination": "y"}}
	inv, _ = Build(s, BuildOptions{TempDir: dir})
	b, _ = os.ReadFile(inv.Clean[0])
	if !strings.HasPrefix(inv.Args[len(inv.Args)-2], "--file-pair-list=") || string(b) != "a\nx\nb\ny" {
		t.Fatalf("pairs %q %q", inv.Args, b)
	}
	for _, bad := range []spec.Spec{
		{"paths": []any{map[string]any{"source": "a", "destination": "x"}, map[string]any{"source": "b"}}},
		{"paths": []any{}},
		{"paths": []any{map[string]any{"source": "a"}}, "resume_policy": "fast"},
		{"paths": []any{map[string]any{"source": "a"}}, "create_dir": "yes"},
		{"paths": []any{map[string]any{"source": "a"}}, "EX_ascp_args": []any{1}},
	} {
		if _, err := Build(bad, BuildOptions{TempDir: dir}); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("file lists left by failed builds: %d", len(entries))
	}
}

func TestTokenUsesTheBypassKey(t *testing.T) {
	dir := t.TempDir()
	ascpPath := filepath.Join(dir, "bin", "ascp")
	key := filepath.Join(dir, "etc", "aspera_tokenauth_id_rsa")
	write(t, ascpPath, "")
	write(t, key, "key")
	s := base()
	s["token"] = "ATV7_x"
	inv, _ := Build(s, BuildOptions{Ascp: ascpPath, NoList: true})
	if !reflect.DeepEqual(inv.Args[1:3], []string{"-i", filepath.Join(dir, "bin", "..", "etc", "aspera_tokenauth_id_rsa")}) {
		t.Fatalf("args %q", inv.Args)
	}
	s["remote_password"] = "pw"
	inv, _ = Build(s, BuildOptions{Ascp: ascpPath, NoList: true})
	if inv.Args[1] == "-i" {
		t.Fatal("the bypass key is used with a password")
	}
}

func TestBuildExtensionsAndWSS(t *testing.T) {
	s := base()
	s["transfer_info"] = map[string]any{"quiet": false, "file_list": false, "ssh_key_paths": []any{"/k1", "/k2"},
		"ssh_key_value": "PEMKEY", "fasp_proxy_url": "dnat://p:9091", "http_proxy_url": "http://h:8080"}
	s["EX_at_rest_password"] = "atrest"
	inv, err := Build(s, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-i", "/k1", "-i", "/k2", "--proxy", "dnat://p:9091", "-x", "http://h:8080", "--dest64", "a", b64("/d")}
	if !reflect.DeepEqual(inv.Args, want) || !reflect.DeepEqual(inv.Env, []string{"ASPERA_SCP_KEY=PEMKEY", "ASPERA_SCP_FILEPASS=atrest"}) {
		t.Fatalf("args %q env %q", inv.Args, inv.Env)
	}
	// WebSocket: wss_port becomes the ssh port, fasp_port and sshfp go
	s = base()
	for k, v := range map[string]any{"wss_enabled": true, "wss_port": float64(443), "fasp_port": float64(33001), "ssh_port": float64(33001), "sshfp": "SHA256:x"} {
		s[k] = v
	}
	inv, _ = Build(s, BuildOptions{NoList: true})
	if got := strings.Join(inv.Args, " "); got != "-q -P 443 --ws-connect --dest64 a "+b64("/d") {
		t.Fatalf("wss: %s", got)
	}
	s["transfer_info"] = map[string]any{"wss": false}
	inv, _ = Build(s, BuildOptions{NoList: true})
	if got := strings.Join(inv.Args, " "); got != "-q -O 33001 -P 33001 --check-sshfp SHA256:x --dest64 a "+b64("/d") {
		t.Fatalf("wss off: %s", got)
	}
}

// TestProxyPasswordInTheEnvironment: the password of a proxy URL (the spec's proxy, or
// fasp_proxy_url) goes to ASPERA_PROXY_PASS, the URL without it to --proxy.
func TestProxyPasswordInTheEnvironment(t *testing.T) {
	s := base()
	s["proxy"] = "dnats://bob:s3cret@px.example.com:9092"
	inv, err := Build(s, BuildOptions{NoList: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(inv.Args, " "); !strings.Contains(got, "--proxy dnats://bob@px.example.com:9092 ") || strings.Contains(got, "s3cret") ||
		!reflect.DeepEqual(inv.Env, []string{"ASPERA_PROXY_PASS=s3cret"}) {
		t.Fatalf("args %q env %q", inv.Args, inv.Env)
	}
	if s["proxy"] != "dnats://bob:s3cret@px.example.com:9092" {
		t.Fatal("the caller's spec was changed")
	}
	s = base()
	s["EX_fasp_proxy_url"] = "dnat://al:pw@p:9091"
	inv, _ = Build(s, BuildOptions{NoList: true})
	if got := strings.Join(inv.Args, " "); !strings.Contains(got, "--proxy dnat://al@p:9091 ") || !reflect.DeepEqual(inv.Env, []string{"ASPERA_PROXY_PASS=pw"}) {
		t.Fatalf("fasp_proxy_url: args %q env %q", inv.Args, inv.Env)
	}
	s = base()
	s["proxy"] = "dnat://p:9091" // no password: as is
	if inv, _ = Build(s, BuildOptions{NoList: true}); !strings.Contains(strings.Join(inv.Args, " "), "--proxy dnat://p:9091 ") || len(inv.Env) != 0 {
		t.Fatalf("no password: args %q env %q", inv.Args, inv.Env)
	}
}
