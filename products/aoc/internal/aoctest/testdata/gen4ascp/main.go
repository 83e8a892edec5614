// Command gen4ascp is a TEST DOUBLE of IBM Aspera's ascp for gen4 transfers (AoC's, and any
// transfer to a folder named by its file id): where the real ascp asks the node which folder
// tags.aspera.node.file_id is, this double asks the node simulator the same (GET
// /files/{file_id} with the spec's token, X-Aspera-AccessKey), maps the folder to the local
// storage of the access key, rewrites the remote side of the command line (the destination of
// an upload, the source prefix of a download) to that local folder, and hands over to the
// ascp double (fakeascp), which speaks the management protocol and copies the bytes. A
// download of the source "." (a whole folder, such as a package) is, as with ascp, one of
// the folder's contents: the double names its entries.
//
//	GEN4ASCP_NODES  JSON {"<access key>": {"url": "<node URL>", "root": "<local folder of its storage>"}}
//	GEN4ASCP_ASCP   path of the ascp double (transfer/ascp/ascptest) to run
//
// It refuses (exit 2) a transfer without the gen4 tags, of an access key it was not told
// about, or whose remote path climbs out of the folder: a test never writes outside the
// simulator's storage.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

type nodeOf struct {
	URL  string `json:"url"`
	Root string `json:"root"`
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "gen4ascp: "+format+"\n", a...)
	os.Exit(2)
}

func main() {
	args := os.Args[1:]
	if len(args) == 1 && args[0] == "-A" {
		fmt.Println("ascp version 4.4.2.0 gen4ascp (a test double)")
		return
	}
	var nodes map[string]nodeOf
	if err := json.Unmarshal([]byte(os.Getenv("GEN4ASCP_NODES")), &nodes); err != nil {
		fail("GEN4ASCP_NODES: %v", err)
	}
	mode, tags, destAt, prefixAt := "", -1, -1, -1
	for i, a := range args {
		switch {
		case a == "--mode" && i+1 < len(args):
			mode = args[i+1]
		case strings.HasPrefix(a, "--mode="):
			mode = strings.TrimPrefix(a, "--mode=")
		case a == "--tags64" && i+1 < len(args):
			tags = i + 1
		case a == "--source-prefix64" && i+1 < len(args):
			prefixAt = i + 1
		}
	}
	if tags < 0 {
		fail("no --tags64: not a gen4 transfer")
	}
	folder := localFolder(nodes, args[tags])
	destAt = len(args) - 1
	switch mode {
	case "send":
		dest, b64 := args[destAt], contains(args, "--dest64")
		if b64 {
			dest = decode(dest)
		}
		local := inside(folder, dest)
		if b64 {
			local = base64.StdEncoding.EncodeToString([]byte(local))
		}
		args[destAt] = local
	case "recv":
		args = expandDot(args, folder, prefixAt)
		if prefixAt >= 0 {
			args[prefixAt] = base64.StdEncoding.EncodeToString([]byte(inside(folder, decode(args[prefixAt]))))
		} else {
			args = append([]string{"--source-prefix64", base64.StdEncoding.EncodeToString([]byte(folder))}, args...)
		}
	default:
		fail("--mode %q", mode)
	}
	bin := os.Getenv("GEN4ASCP_ASCP")
	if err := syscall.Exec(bin, append([]string{bin}, args...), os.Environ()); err != nil {
		fail("run %s: %v", bin, err)
	}
}

// expandDot replaces a download's source "." (an argument or a line of --file-list) by the
// entries of the folder it names (below the source prefix, if any).
func expandDot(args []string, folder string, prefixAt int) []string {
	dir := folder
	if prefixAt >= 0 {
		dir = inside(folder, decode(args[prefixAt]))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail("%v", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	expand := func(l []string) []string {
		var out []string
		for _, s := range l {
			if s == "." || s == "./" {
				out = append(out, names...)
			} else {
				out = append(out, s)
			}
		}
		return out
	}
	for i, a := range args {
		if !strings.HasPrefix(a, "--file-list=") {
			continue
		}
		b, err := os.ReadFile(strings.TrimPrefix(a, "--file-list="))
		if err != nil {
			fail("%v", err)
		}
		f, err := os.CreateTemp("", "gen4ascp-list-")
		if err != nil {
			fail("%v", err)
		}
		_, _ = f.WriteString(strings.Join(expand(strings.Split(strings.TrimRight(string(b), "\n"), "\n")), "\n"))
		f.Close()
		args[i] = "--file-list=" + f.Name()
		return args
	}
	// positional sources: those before the destination that follow the last option
	last := len(args) - 1
	first := last
	for first > 0 && !strings.HasPrefix(args[first-1], "-") {
		first--
	}
	if first > 0 && args[first-1] != "--dest64" && args[first-1] != "--" {
		first++ // the first one was an option's value
	}
	return append(append(append([]string{}, args[:first]...), expand(args[first:last])...), args[last])
}

// localFolder returns the local folder of the tags' file id.
func localFolder(nodes map[string]nodeOf, tags64 string) string {
	var t struct {
		Aspera struct {
			Node struct {
				AccessKey string `json:"access_key"`
				FileID    string `json:"file_id"`
			} `json:"node"`
		} `json:"aspera"`
	}
	if err := json.Unmarshal([]byte(decode(tags64)), &t); err != nil {
		fail("tags: %v", err)
	}
	ak, id := t.Aspera.Node.AccessKey, t.Aspera.Node.FileID
	n, ok := nodes[ak]
	if !ok || id == "" {
		fail("tags.aspera.node: access key %q (file id %q) unknown", ak, id)
	}
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(n.URL, "/")+"/files/"+url.PathEscape(id), nil)
	if err != nil {
		fail("%v", err)
	}
	req.Header.Set("Authorization", os.Getenv("ASPERA_SCP_TOKEN"))
	req.Header.Set("X-Aspera-AccessKey", ak)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fail("node: %v", err)
	}
	defer resp.Body.Close()
	var e struct {
		Path string `json:"path"`
	}
	if resp.StatusCode != http.StatusOK {
		fail("node: GET /files/%s: %s", id, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		fail("node: %v", err)
	}
	return inside(n.Root, e.Path)
}

// inside returns the local path of the remote path p below root, refusing one that climbs out.
func inside(root, p string) string {
	local := filepath.Join(root, filepath.FromSlash(p))
	if rel, err := filepath.Rel(root, local); err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		fail("%q is outside %s", p, root)
	}
	return local
}

func decode(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		fail("base64: %v", err)
	}
	return string(b)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
