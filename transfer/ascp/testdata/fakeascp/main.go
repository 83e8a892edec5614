// Command fakeascp is a TEST DOUBLE of IBM Aspera's ascp, for the tests of the direct agent:
// it takes ascp's command line (-M port, -C i:n, --mode, --file-list, --dest64, sources and
// destination), connects to the management port like ascp, speaks the FASPMGR 2 protocol, and
// copies the files locally so that bytes really move. Its behaviour is scripted by
// FAKEASCP_SCRIPT:
//
//	ok             copy the files, report INIT, NOTIFICATION, STATS, STOP per file, DONE
//	retry:N:CODE   fail N times with ERROR CODE (retryable codes), counted in FAKEASCP_STATE, then ok
//	interrupt:CODE the first run (FAKEASCP_STATE absent) copies half of the bytes, then fails
//	               with ERROR CODE; later runs are ok (and resume the partial files)
//	fatal:CODE     fail with ERROR CODE
//	nodone         report progress and exit 0 without DONE or ERROR
//	slow           report progress every 20 ms until interrupted (SIGINT)
//	exit:N         no management port expected: exit with code N
//	bearer         fail with "Bearer token is expired" unless ASPERA_SCP_TOKEN is "Bearer fresh"
//
// Like ascp, it copies folders with their tree (a source folder f lands as DEST/f/...), shares
// the files among the sessions of -C i:n, resumes a destination file shorter than its source
// and keeps one as long (ascp's resume, without the checksum: internal/copytree). A source
// that does not exist fails the session with ERROR code 4 (NO_SUCH_FILE). FAKEASCP_RATE, when
// set, is the copy speed in bytes per second (so that a test can cancel a transfer midway);
// SIGINT ends the process at once.
//
// It refuses (exit 2) a command line that holds the value of an ASPERA_SCP_* or
// ASPERA_PROXY_PASS variable, or where --dest64 is not followed by the sources and the
// destination; in the slow script it records the management commands it receives (Type and
// Rate) in FAKEASCP_COMMANDS.
//
// FAKEASCP_ARGS, when set, is a file where it appends its argv (one per line) and the
// ASPERA_SCP_* and ASPERA_PROXY_PASS variables it received, then a "---" line, for the tests
// to check.
package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/asperalm/aslmcli/internal/copytree"
	"github.com/asperalm/aslmcli/transfer/ascp"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func main() {
	args := os.Args[1:]
	if p := os.Getenv("FAKEASCP_ARGS"); p != "" {
		var env []string
		for _, kv := range os.Environ() {
			if strings.HasPrefix(kv, "ASPERA_SCP_") || strings.HasPrefix(kv, "ASPERA_PROXY_PASS=") {
				env = append(env, "env:"+kv)
			}
		}
		sort.Strings(env)
		// appended, one block per run ending with "---" (sessions of a multi-session job share it)
		if f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			_, _ = f.WriteString(strings.Join(append(append([]string{}, args...), env...), "\n") + "\n---\n")
			f.Close()
		}
	}
	if len(args) == 1 && args[0] == "-A" {
		fmt.Println("ascp version 4.4.2.0 fakeascp (a test double)")
		return
	}
	var port, fileList, mode, prefix, session string
	dest64 := false
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-M" && i+1 < len(args):
			port = args[i+1]
			i++
		case a == "-C" && i+1 < len(args):
			session = args[i+1]
			i++
		case strings.HasPrefix(a, "--mode="):
			mode = strings.TrimPrefix(a, "--mode=")
		case strings.HasPrefix(a, "--file-list="):
			fileList = strings.TrimPrefix(a, "--file-list=")
		case a == "--source-prefix64" && i+1 < len(args):
			b, _ := base64.StdEncoding.DecodeString(args[i+1])
			prefix = string(b)
			i++
		case a == "--dest64":
			dest64 = true
		case a == "--":
		case strings.HasPrefix(a, "-") && !strings.Contains(a, "="):
			// other options: a switch stands alone, any other option takes the next argument
			if !switches[a] && i+1 < len(args) {
				i++
			}
		case strings.HasPrefix(a, "-"):
		default:
			pos = append(pos, a)
		}
	}
	_ = mode
	// the contract of the direct agent: no secret on the command line, and the destination
	// last, right after --dest64 or the file list
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if (strings.HasPrefix(name, "ASPERA_SCP_") || name == "ASPERA_PROXY_PASS") && value != "" {
			for _, a := range args {
				if strings.Contains(a, value) {
					fmt.Fprintf(os.Stderr, "fakeascp: the value of %s is on the command line\n", name)
					os.Exit(2)
				}
			}
		}
	}
	if i := indexOf(args, "--dest64"); i >= 0 && i < len(args)-3 && !strings.HasPrefix(args[i+1], "--file") {
		fmt.Fprintln(os.Stderr, "fakeascp: --dest64 must come right before the sources and the destination")
		os.Exit(2)
	}
	script := os.Getenv("FAKEASCP_SCRIPT")
	if strings.HasPrefix(script, "exit:") {
		code, _ := strconv.Atoi(strings.TrimPrefix(script, "exit:"))
		os.Exit(code)
	}
	if port == "" {
		fmt.Fprintln(os.Stderr, "fakeascp: no -M port")
		os.Exit(2)
	}
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeascp:", err)
		os.Exit(2)
	}
	defer conn.Close()
	send := func(typ string, kv ...string) {
		_ = ascp.Write(conn, ascp.Command(typ, kv...))
	}
	if len(pos) == 0 {
		fmt.Fprintln(os.Stderr, "fakeascp: no destination")
		os.Exit(2)
	}
	dest := pos[len(pos)-1]
	if dest64 {
		b, err := base64.StdEncoding.DecodeString(dest)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fakeascp: bad --dest64")
			os.Exit(2)
		}
		dest = string(b)
	}
	sources := pos[:len(pos)-1]
	if fileList != "" {
		b, err := os.ReadFile(fileList)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fakeascp:", err)
			os.Exit(2)
		}
		sources = append(sources, strings.Split(string(b), "\n")...) // one path per line, spaces kept
	}
	if prefix != "" {
		for i, s := range sources {
			sources[i] = filepath.Join(prefix, s)
		}
	}
	plan, total, planErr := copytree.Plan(sources, dest)
	plan, total = share(plan, total, session)
	send("INIT", "SessionId", fmt.Sprintf("fake-%d", os.Getpid()))
	send("NOTIFICATION", "PreTransferBytes", strconv.FormatInt(total, 10), "PreTransferFiles", strconv.Itoa(len(plan)))
	stopAt := int64(-1) // interrupt: the byte count where this run fails
	switch {
	case strings.HasPrefix(script, "retry:"):
		parts := strings.Split(script, ":")
		n, _ := strconv.Atoi(parts[1])
		state := os.Getenv("FAKEASCP_STATE")
		b, _ := os.ReadFile(state)
		done, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		if done < n {
			_ = os.WriteFile(state, []byte(strconv.Itoa(done+1)), 0o600)
			send("ERROR", "Code", parts[2], "Description", "simulated retryable failure")
			return
		}
	case script == "bearer":
		if os.Getenv("ASPERA_SCP_TOKEN") != "Bearer fresh" {
			send("ERROR", "Code", "19", "Description", "Bearer token is expired")
			return
		}
	case strings.HasPrefix(script, "interrupt:"):
		state := os.Getenv("FAKEASCP_STATE")
		if _, err := os.Stat(state); err != nil {
			_ = os.WriteFile(state, []byte("interrupted"), 0o600)
			stopAt = total / 2
		}
	case strings.HasPrefix(script, "fatal:"):
		send("ERROR", "Code", strings.TrimPrefix(script, "fatal:"), "Description", "simulated fatal failure")
		return
	case script == "slow":
		// commands from the agent (RATE...) are recorded in FAKEASCP_COMMANDS
		go func() {
			r := ascp.NewReader(conn)
			for {
				m, err := r.Next()
				if err != nil {
					return
				}
				if p := os.Getenv("FAKEASCP_COMMANDS"); p != "" {
					if f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
						fmt.Fprintf(f, "%s %s\n", m.Type(), m.Get("Rate"))
						f.Close()
					}
				}
			}
		}()
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
		var n int64
		for {
			select {
			case <-sig:
				send("ERROR", "Code", "28", "Description", "user canceled")
				return
			case <-time.After(20 * time.Millisecond):
				n += 1000
				send("STATS", "TransferBytes", strconv.FormatInt(n, 10), "StartByte", "0", "Rate", "8000000")
			}
		}
	}
	if planErr != nil {
		send("FILEERROR", "Description", planErr.Error(), "Code", "4")
		send("ERROR", "Code", "4", "Description", planErr.Error())
		return
	}
	rate, _ := strconv.ParseInt(os.Getenv("FAKEASCP_RATE"), 10, 64)
	chunk := 1 << 20
	if rate > 0 {
		chunk = int(max(1, min(rate/20, 1<<20))) // about 20 chunks a second
	}
	var moved int64
	for _, c := range plan {
		n, err := c.Copy(chunk, func(done int64) bool {
			send("STATS", "TransferBytes", strconv.FormatInt(moved+done, 10), "StartByte", "0", "Rate", "100000000")
			if rate > 0 {
				time.Sleep(time.Duration(int64(chunk) * int64(time.Second) / rate))
			}
			return stopAt < 0 || moved+done < stopAt
		})
		moved += n
		if errors.Is(err, copytree.ErrStopped) {
			code := strings.TrimPrefix(script, "interrupt:")
			send("ERROR", "Code", code, "Description", "simulated interruption", "TransferBytes", strconv.FormatInt(moved, 10))
			return
		}
		if err != nil {
			send("FILEERROR", "File", c.Src, "Description", err.Error(), "Code", "4")
			send("ERROR", "Code", "4", "Description", err.Error())
			return
		}
		send("STOP", "File", c.Dst, "Size", strconv.FormatInt(n, 10))
	}
	if script == "nodone" {
		return
	}
	send("DONE", "TransferBytes", strconv.FormatInt(moved, 10))
}

// share keeps the files of session "i:n" of a multi-session transfer (-C i:n): every n-th
// file from the i-th, as ascp shares files among sessions (it also splits large files, which
// the double does not).
func share(plan []copytree.File, total int64, session string) ([]copytree.File, int64) {
	is, ns, ok := strings.Cut(session, ":")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 2 || i < 1 || i > n {
		return plan, total
	}
	var mine []copytree.File
	total = 0
	for k, f := range plan {
		if k%n == i-1 {
			mine = append(mine, f)
			total += f.Size
		}
	}
	return mine, total
}

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return -1
}

// switches are the ascp options without a value, from the transfer spec schema.
var switches = func() map[string]bool {
	m := map[string]bool{"--remove-after-transfer": true, "--remove-empty-directories": true,
		"--remove-empty-source-directory": true, "-q": true}
	for _, f := range spec.Fields() {
		if f.Switch {
			m[f.Option] = true
			if f.False != "" {
				m[f.False] = true
			}
		}
	}
	return m
}()
