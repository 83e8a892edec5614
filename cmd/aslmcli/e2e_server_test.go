package main

import (
	"crypto/md5"
	binenc "encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/products/server/servertest"
)

// serverArgs are the connection options of the test's sshd, logging in with its key.
func serverArgs(srv *sshtest.Server) []string {
	return []string{"--url=ssh://127.0.0.1:" + strconv.Itoa(srv.Port), "--username=" + srv.User, "--ssh-keys=" + srv.ClientKey}
}

func md5File(t *testing.T, p string) string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// serverFileCommands runs every file command of the server plugin and checks its effect on
// disk (the sshd runs on this machine); access is what `server info` must report.
func serverFileCommands(t *testing.T, e *env, args []string, access string) {
	run := func(a ...string) string { return e.ok(append(a, args...)...) }
	root := filepath.Join(e.dir, "srv dir ü")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "hello wörld.txt"), []byte("hello"), 0o644)
	run("server", "mkdir", filepath.Join(root, "new folder"), filepath.Join(root, "two"))
	for _, d := range []string{"new folder", "two"} {
		if fi, err := os.Stat(filepath.Join(root, d)); err != nil || !fi.IsDir() {
			t.Fatalf("mkdir %s: %v", d, err)
		}
	}
	out := run("server", "browse", root, "--format=csv", "--fields=name,type,size")
	if want := "hello wörld.txt,file,5\nnew folder,directory,0\ntwo,directory,0\n"; !strings.HasSuffix(out, want) {
		// folder sizes vary by file system: compare names and types only
		got := lines(out)
		if len(got) != 3 || !strings.HasPrefix(got[0], "hello wörld.txt,file,5") || !strings.HasPrefix(got[1], "new folder,directory") {
			t.Fatalf("browse:\n%s", out)
		}
	}
	if out := run("server", "ls", root, "--format=json", "--fields=name"); !strings.Contains(out, `"hello wörld.txt"`) {
		t.Fatalf("ls: %s", out)
	}
	if out := run("server", "md5sum", filepath.Join(root, "hello wörld.txt"), "--format=json"); !strings.Contains(out, `"md5sum":"5d41402abc4b2a76b9719d911017c592"`) {
		t.Fatalf("md5sum: %s", out)
	}
	if out := run("server", "du", root, "--format=json"); !strings.Contains(out, `"files":1`) || !strings.Contains(out, `"size":5`) || !strings.Contains(out, `"dirs":2`) {
		t.Fatalf("du: %s", out)
	}
	if out := run("server", "df", root, "--format=json"); !strings.Contains(out, `"total":`) {
		t.Fatalf("df: %s", out)
	}
	if out := run("server", "info", "--format=json"); !strings.Contains(out, `"access":"`+access+`"`) {
		t.Fatalf("info: %s", out)
	}
	if out := run("server", "info", filepath.Join(root, "two"), "--format=json"); !strings.Contains(out, `"type":"directory"`) {
		t.Fatalf("info path: %s", out)
	}
	run("server", "cp", filepath.Join(root, "hello wörld.txt"), filepath.Join(root, "two", "copy.txt"))
	if b, _ := os.ReadFile(filepath.Join(root, "two", "copy.txt")); string(b) != "hello" {
		t.Fatalf("cp: %q", b)
	}
	run("server", "mv", filepath.Join(root, "two", "copy.txt"), filepath.Join(root, "moved.txt"))
	run("server", "rename", filepath.Join(root, "moved.txt"), filepath.Join(root, "renamed.txt"))
	if _, err := os.Stat(filepath.Join(root, "renamed.txt")); err != nil {
		t.Fatalf("mv/rename: %v", err)
	}
	run("server", "delete", filepath.Join(root, "renamed.txt"))
	run("server", "rm", filepath.Join(root, "new folder"))
	for _, p := range []string{"renamed.txt", "new folder"} {
		if _, err := os.Stat(filepath.Join(root, p)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("delete %s: %v", p, err)
		}
	}
	r := e.run(append([]string{"server", "delete", filepath.Join(root, "missing")}, args...)...)
	e.check(r, 1, "missing", nil)
}

func TestServerCommandsAscmd(t *testing.T) {
	srv := sshtest.StartWith(t, sshtest.Options{Path: servertest.AscmdDouble(t)})
	e := newEnv(t)
	serverFileCommands(t, e, serverArgs(srv), "ascmd")
}

func TestServerCommandsSFTP(t *testing.T) {
	srv := sshtest.Start(t)
	e := newEnv(t)
	serverFileCommands(t, e, serverArgs(srv), "sftp")
}

func TestServerLocalURL(t *testing.T) {
	e := newEnv(t)
	serverFileCommands(t, e, []string{"--url=local://"}, "local")
	e.fails(2, "local:// server has file operations only", "server", "upload", e.write("a.txt", "a"), "--url=local://")
}

func TestServerHostKeys(t *testing.T) {
	srv := sshtest.Start(t)
	e := newEnv(t)
	args := append([]string{"server", "browse", "/"}, serverArgs(srv)...)
	// first use: the host is added to HOME/known_hosts, with a log line giving its fingerprint
	r := e.run(args...)
	if r.code != 0 || !strings.Contains(r.err, "new SSH host added to known_hosts") || !strings.Contains(r.err, "SHA256:") {
		t.Fatalf("first use: %v", r)
	}
	known := e.read(filepath.Join(e.home, "known_hosts"))
	if !strings.Contains(known, srv.KnownHostsLine()) {
		t.Fatalf("known_hosts %q lacks %q", known, srv.KnownHostsLine())
	}
	// second use: known, silent
	if r := e.run(args...); r.code != 0 || strings.Contains(r.err, "known_hosts") {
		t.Fatalf("second use: %v", r)
	}
	// strict: an unknown host is refused, by the file operations and by the sftp agent
	os.Remove(filepath.Join(e.home, "known_hosts"))
	strict := `--ssh-options=@json:{"strict_host_key_checking":"yes"}`
	e.fails(1, "unknown host key", append(args, strict)...)
	up := append([]string{"server", "upload", e.write("s.txt", "s"), "--to-folder=" + filepath.Join(e.dir, "up"), "--transfer=sftp"}, serverArgs(srv)...)
	e.fails(1, "unknown host key", append(up, strict)...)
	if _, err := os.Stat(filepath.Join(e.home, "known_hosts")); err == nil {
		t.Fatal("strict checking must not add the host")
	}
	e.ok(up...) // accept-new: the sftp agent adds it to HOME/known_hosts
	if !strings.Contains(e.read(filepath.Join(e.home, "known_hosts")), srv.KnownHostsLine()) {
		t.Fatal("the sftp agent did not record the host")
	}
	os.Remove(filepath.Join(e.home, "known_hosts"))
	// a changed key (the server was "reinstalled"): refused even with accept-new
	other := sshtest.Start(t)
	line := strings.Replace(other.KnownHostsLine(), strconv.Itoa(other.Port), strconv.Itoa(srv.Port), 1)
	os.WriteFile(filepath.Join(e.home, "known_hosts"), []byte(line+"\n"), 0o600)
	e.fails(1, "host key CHANGED", args...)
	// no checking when asked
	e.ok(append(args, `--ssh-options=@json:{"strict_host_key_checking":"no"}`)...)
	e.fails(2, "strict_host_key_checking", append(args, `--ssh-options=@json:{"strict_host_key_checking":"maybe"}`)...)
}

func TestServerPasswordAuth(t *testing.T) {
	srv := sshtest.Start(t)
	e := newEnv(t)
	url := "--url=ssh://127.0.0.1:" + strconv.Itoa(srv.Port)
	// a wrong password: one clear line, exit 1 (root never logs in with a password here)
	r := e.fails(1, "ERROR: ssh: authentication failed for "+srv.User+"@"+srv.Addr+" (methods tried: password)", "server", "browse", "/", url, "--username="+srv.User, "--password=wrong")
	if strings.Contains(r.err, "wrong") || strings.Count(r.err, "ERROR") != 1 {
		t.Fatalf("the error must be one line without the password: %v", r)
	}
	user, password := sshtest.PasswordLogin(t)
	home := "/home/" + user
	out := e.ok("server", "browse", home, url, "--username="+user, "--password="+password, "--format=json")
	if !strings.HasPrefix(out, "[") {
		t.Fatalf("browse: %s", out)
	}
	e.fails(1, "authentication failed", "server", "browse", home, url, "--username="+user, "--password="+password+"x")
	// and a transfer with the password: upload then download with the sftp agent
	src := e.write("pw up é.txt", "sent with a password")
	dest := home + "/aslm-pw-" + strconv.Itoa(srv.Port)
	t.Cleanup(func() { os.RemoveAll(dest) })
	e.ok("server", "upload", src, "--to-folder="+dest, "--transfer=sftp", url, "--username="+user, "--password="+password)
	back := filepath.Join(e.dir, "back")
	e.ok("server", "download", dest+"/pw up é.txt", "--to-folder="+back, "--transfer=sftp", url, "--username="+user, "--password="+password)
	if b := e.read(filepath.Join(back, "pw up é.txt")); b != "sent with a password" {
		t.Fatalf("round trip: %q", b)
	}
}

// TestServerTransferDirect: server upload/download with the default agent (direct: ascp, here
// its double) get the spec of the URL and credentials: host, ssh port, user, key files.
func TestServerTransferDirect(t *testing.T) {
	e := newEnv(t)
	e.setenv("FAKEASCP_SCRIPT=ok", "FAKEASCP_ARGS="+filepath.Join(e.dir, "argv.txt"))
	src := e.write("up/a b.txt", "alpha")
	dest := filepath.Join(e.dir, "remote")
	key := e.write("id_test", "not read by ascp's double")
	common := []string{"--url=ssh://127.0.0.1:33001", "--username=xfer1", "--ssh-keys=@json:[\"" + key + "\"]", "--ascp-path=" + fakeascp(t), "--format=csv", "--fields=status,agent,files"}
	if out := e.ok(append([]string{"server", "upload", src, "--to-folder=" + dest}, common...)...); out != "success,direct,1\n" {
		t.Fatalf("upload: %q", out)
	}
	argv := e.read(filepath.Join(e.dir, "argv.txt"))
	for _, want := range []string{"--mode\nsend", "--host\n127.0.0.1", "--user\nxfer1", "-P\n33001", "-i\n" + key} {
		if !strings.Contains(argv, want) {
			t.Fatalf("argv lacks %q:\n%s", want, argv)
		}
	}
	if e.read(filepath.Join(dest, "a b.txt")) != "alpha" {
		t.Fatal("upload did not arrive")
	}
	back := filepath.Join(e.dir, "back")
	if out := e.ok(append([]string{"server", "download", filepath.Join(dest, "a b.txt"), "--to-folder=" + back}, common...)...); out != "success,direct,1\n" {
		t.Fatalf("download: %q", out)
	}
	if e.read(filepath.Join(back, "a b.txt")) != "alpha" {
		t.Fatal("download did not arrive")
	}
	// a password reaches ascp in its environment, never on its command line
	os.Remove(filepath.Join(e.dir, "argv.txt"))
	e.ok("server", "upload", src, "--to-folder="+dest, "--url=ssh://127.0.0.1", "--password=s3cret-pw", "--ascp-path="+fakeascp(t), "--ts=@json:{\"overwrite\":\"always\"}")
	argv = e.read(filepath.Join(e.dir, "argv.txt"))
	if !strings.Contains(argv, "env:ASPERA_SCP_PASS=s3cret-pw") || !strings.Contains(argv, "--user\nxfer\n") || !strings.Contains(argv, "-P\n33001") {
		t.Fatalf("password, default user and port:\n%s", argv)
	}
}

// writeBig writes size bytes that differ at every offset (so a misplaced block changes the
// checksum), fast: a pseudo-random 1 MiB block stamped with its index.
func writeBig(t *testing.T, p string, size int64) {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(block); i += 8 {
		binenc.LittleEndian.PutUint64(block[i:], rng.Uint64())
	}
	for i := int64(0); i*int64(len(block)) < size; i++ {
		copy(block, strconv.FormatInt(i, 10)+"|")
		n := min(int64(len(block)), size-i*int64(len(block)))
		if _, err := f.Write(block[:n]); err != nil {
			t.Fatal(err)
		}
	}
}

// TestServerSFTPBigFile moves 1 GiB up and down with the sftp agent through the real sshd and
// compares checksums.
func TestServerSFTPBigFile(t *testing.T) {
	if testing.Short() {
		t.Skip("1 GiB transfer: not in -short")
	}
	srv := sshtest.Start(t)
	e := newEnv(t)
	src := filepath.Join(e.dir, "big.bin")
	writeBig(t, src, 1<<30)
	up, down := filepath.Join(e.dir, "remote"), filepath.Join(e.dir, "local")
	args := append(serverArgs(srv), "--transfer=sftp", "--format=csv", "--fields=status,agent,files,bytes")
	if out := e.ok(append([]string{"server", "upload", src, "--to-folder=" + up}, args...)...); out != "success,sftp,1,1073741824\n" {
		t.Fatalf("upload: %q", out)
	}
	if out := e.ok(append([]string{"server", "download", filepath.Join(up, "big.bin"), "--to-folder=" + down}, args...)...); out != "success,sftp,1,1073741824\n" {
		t.Fatalf("download: %q", out)
	}
	want := md5File(t, src)
	for _, p := range []string{filepath.Join(up, "big.bin"), filepath.Join(down, "big.bin")} {
		if got := md5File(t, p); got != want {
			t.Fatalf("%s: md5 %s, want %s", p, got, want)
		}
	}
}

// TestServerSFTPDownloadResumes kills a download half-way (SIGKILL: nothing cleans up), then
// runs it again: the partial file is resumed, not rewritten, and ends identical to the source.
func TestServerSFTPDownloadResumes(t *testing.T) {
	srv := sshtest.Start(t)
	e := newEnv(t)
	size := int64(256 << 20)
	src := filepath.Join(e.dir, "remote", "movie.mxf")
	os.MkdirAll(filepath.Dir(src), 0o755)
	writeBig(t, src, size)
	down := filepath.Join(e.dir, "local")
	part := filepath.Join(down, "movie.mxf")
	args := append([]string{"server", "download", src, "--to-folder=" + down, "--transfer=sftp"}, serverArgs(srv)...)
	// kill the first run as soon as some of the file is there
	cmd := exec.Command(binary, args...)
	cmd.Env, cmd.Dir = e.vars, e.dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var have int64
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if fi, err := os.Stat(part); err == nil && fi.Size() >= 8<<20 {
			break
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	fi, err := os.Stat(part)
	if err != nil {
		t.Fatalf("no partial file: %v", err)
	}
	if have = fi.Size(); have == 0 || have >= size {
		t.Fatalf("the download was not caught mid-way (%d of %d bytes)", have, size)
	}
	// mark the partial file: a resume keeps the mark, a rewrite would erase it
	f, _ := os.OpenFile(part, os.O_RDWR, 0)
	orig := make([]byte, 1)
	f.ReadAt(orig, 0)
	f.WriteAt([]byte{orig[0] ^ 0xff}, 0)
	f.Close()
	e.ok(args...)
	f, _ = os.OpenFile(part, os.O_RDWR, 0)
	got := make([]byte, 1)
	f.ReadAt(got, 0)
	if got[0] != orig[0]^0xff {
		f.Close()
		t.Fatal("the partial file was rewritten, not resumed")
	}
	f.WriteAt(orig, 0)
	f.Close()
	if a, b := md5File(t, part), md5File(t, src); a != b {
		t.Fatalf("resumed file differs: %s != %s (partial was %d bytes)", a, b, have)
	}
}

// TestServerLuaModule drives aspera.server from a script: file operations, then an upload
// whose job object reports progress, against the real sshd.
func TestServerLuaModule(t *testing.T) {
	srv := sshtest.Start(t)
	e := newEnv(t)
	remote := filepath.Join(e.dir, "remote")
	src := e.write("up/data.bin", strings.Repeat("x", 300000))
	script := `
local server = require("aspera.server")
local s = server.new{url = arg[1], username = arg[2], ssh_keys = {arg[3]}}
assert(tostring(s):match("^aspera.server%(ssh://"), tostring(s))
assert(s:mkdir(arg[4] .. "/in"))
assert(s:access() == "sftp")
local events = 0
local job = s:upload({arg[5]}, {to_folder = arg[4] .. "/in", agent = "sftp", on_progress = function(ev) events = events + 1 end})
local r = job:wait()
assert(r.status == "success" and r.files == 1 and r.bytes == 300000, r.status)
assert(events > 0)
local l = s:ls(arg[4] .. "/in")
assert(#l == 1 and l[1].name == "data.bin" and l[1].size == 300000)
assert(s:md5sum(arg[4] .. "/in/data.bin").md5sum == arg[6])
local ok, err = pcall(s.ls, s, arg[4] .. "/missing")
assert(not ok and err.kind == "ssh", tostring(err))
local spec = s:transfer_spec()
assert(spec.remote_user == arg[2] and spec.EX_ssh_key_paths[1] == arg[3])
s:close()
print("done")
`
	out := e.ok("run", "-e", script, "ssh://127.0.0.1:"+strconv.Itoa(srv.Port), srv.User, srv.ClientKey, remote, src, md5File(t, src))
	if out != "done\n" {
		t.Fatalf("script: %q", out)
	}
	e.fails(2, "server.new: url is required", "run", "-e", `require("aspera.server").new{}`)
}

// TestServerWSS: an https:// URL with a token in --ts gives a WebSocket transfer (ascp
// --ws-connect on the URL's port); file operations are refused with a clear error.
func TestServerWSS(t *testing.T) {
	e := newEnv(t)
	e.setenv("FAKEASCP_SCRIPT=ok", "FAKEASCP_ARGS="+filepath.Join(e.dir, "argv.txt"))
	src := e.write("a.txt", "over wss")
	dest := filepath.Join(e.dir, "remote")
	e.ok("server", "upload", src, "--to-folder="+dest, "--url=https://127.0.0.1:9093",
		`--ts=@json:{"token":"Bearer abc"}`, "--ascp-path="+fakeascp(t))
	argv := e.read(filepath.Join(e.dir, "argv.txt"))
	for _, want := range []string{"--ws-connect", "-P\n9093", "--user\nxfer\n", "env:ASPERA_SCP_TOKEN=Bearer abc"} {
		if !strings.Contains(argv, want) {
			t.Fatalf("argv lacks %q:\n%s", want, argv)
		}
	}
	if e.read(filepath.Join(dest, "a.txt")) != "over wss" {
		t.Fatal("not uploaded")
	}
	e.fails(2, "allows transfers only", "server", "browse", "/", "--url=https://127.0.0.1:9093")
}
