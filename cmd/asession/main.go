// Command asession runs one transfer and reports every event as a JSON line on stdout: the
// original aslmcli manual's contract, for programs that drive transfers through a pipe.
//
//	asession [VALUE]
//
// VALUE is an extended value (default @json:@stdin:, the original @json:@stdin) holding a
// transfer spec, or an object {"spec": {...}, "agent": "direct", "settings": {...}}: settings
// are the agent's (aslmcli -h lists them; the sftp agent's known_hosts default to aslmcli's
// HOME/known_hosts, where new hosts are added, then ~/.ssh/known_hosts). -h or --help prints
// the usage.
//
// The spec is validated for the agent before anything starts. Every event is one JSON object
// on a line; the last line is the result {"type":"result",...}. Exit codes are aslmcli's: 0
// only when the transfer succeeded (the peer tool exits 0 on failure; this one does not), 1
// when it failed or could not run here (no ascp found: the input is right, the machine lacks
// a component, as in aslmcli), 2 when the input is wrong (not a spec, an invalid spec, an
// unknown agent or setting), 130 when interrupted (SIGINT/SIGTERM stop the transfer).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/asperalm/aslmcli/runtime/extval"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"

	// the agents register themselves
	_ "github.com/asperalm/aslmcli/transfer/ascp"
	_ "github.com/asperalm/aslmcli/transfer/connect"
	_ "github.com/asperalm/aslmcli/transfer/httpgw"
	_ "github.com/asperalm/aslmcli/transfer/node"
	_ "github.com/asperalm/aslmcli/transfer/sftp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// request is what asession is asked to do.
type request struct {
	Spec     spec.Spec
	Agent    string
	Settings map[string]any
}

func parse(args []string, stdin io.Reader) (request, error) {
	arg := "@json:@stdin:"
	switch len(args) {
	case 0:
	case 1:
		arg = args[0]
	default:
		return request{}, fmt.Errorf("one argument expected (a transfer spec as an extended value), got %d", len(args))
	}
	if strings.HasSuffix(arg, "@stdin") { // the original manual's spelling
		arg += ":"
	}
	v, err := extval.New(extval.Hooks{Stdin: stdin}).Decode(arg)
	if err != nil {
		return request{}, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return request{}, fmt.Errorf("a transfer spec (a JSON object) expected, got %T", v)
	}
	r := request{Agent: "direct", Settings: map[string]any{}}
	if s, ok := m["spec"].(map[string]any); ok {
		r.Spec = spec.Spec(s)
		if a, ok := m["agent"].(string); ok && a != "" {
			r.Agent = a
		}
		if st, ok := m["settings"].(map[string]any); ok {
			r.Settings = st
		}
	} else {
		r.Spec = spec.Spec(m)
	}
	return r, nil
}

// usage is the text of -h.
const usage = `Usage: asession [VALUE]

Runs one transfer and reports every event as a JSON line on stdout, the result last.
VALUE (default @json:@stdin:) is an extended value holding a transfer spec, or
{"spec": {...}, "agent": "direct", "settings": {...}} (agents and their settings: aslmcli -h).
Exit codes: 0 success, 1 the transfer failed or cannot run here, 2 bad input, 130 interrupted.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, usage)
		return 0
	}
	req, err := parse(args, stdin)
	if err != nil {
		fmt.Fprintln(stderr, "ERROR: usage:", err)
		return 2
	}
	if info, ok := transfer.Lookup(req.Agent); ok {
		req.Agent = info.Name
	}
	settings, err := transfer.Settings(req.Agent, req.Settings, transfer.Host{
		SSH: func() ([]string, string, error) { return knownHosts(), "", nil },
	})
	if err != nil {
		fmt.Fprintln(stderr, "ERROR: usage:", err)
		return 2
	}
	if err := req.Spec.Validate(req.Agent); err != nil {
		fmt.Fprintln(stderr, "ERROR: usage:", strings.ReplaceAll(err.Error(), "\n", "; "))
		return 2
	}
	agent, err := transfer.New(req.Agent, settings)
	if err != nil {
		if errors.Is(err, transfer.ErrUnknownAgent) || errors.Is(err, transfer.ErrSettings) {
			fmt.Fprintln(stderr, "ERROR: usage:", strings.ReplaceAll(err.Error(), "\n", "; "))
			return 2
		}
		fmt.Fprintln(stderr, "ERROR: config:", err)
		return 1
	}
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	emit := func(v any) {
		mu.Lock()
		defer mu.Unlock()
		_ = enc.Encode(v)
	}
	job, err := agent.Start(ctx, req.Spec, transfer.Options{OnEvent: func(e transfer.Event) { emit(e) }})
	if err != nil {
		emit(map[string]any{"type": "result", "status": string(transfer.Failed), "agent": agent.Name(), "errors": []string{err.Error()}})
		fmt.Fprintln(stderr, "ERROR: transfer:", err)
		return 1
	}
	res, err := job.Wait(ctx)
	emit(struct {
		Type string `json:"type"`
		transfer.Result
	}{"result", res})
	switch {
	case err == nil && res.Status == transfer.Succeeded:
		return 0
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		fmt.Fprintln(stderr, "ERROR: interrupted")
		return 130
	default:
		fmt.Fprintln(stderr, "ERROR: transfer:", err)
		return 1
	}
}

// knownHosts are the known_hosts files of aslmcli: HOME/known_hosts (ASLMCLI_HOME, else
// ~/.aspera/aslmcli), then ~/.ssh/known_hosts.
func knownHosts() []string {
	var l []string
	h, _ := os.UserHomeDir()
	home := os.Getenv("ASLMCLI_HOME")
	if home == "" && h != "" {
		home = filepath.Join(h, ".aspera", "aslmcli")
	}
	if home != "" {
		l = append(l, filepath.Join(home, "known_hosts"))
	}
	if h != "" {
		l = append(l, filepath.Join(h, ".ssh", "known_hosts"))
	}
	return l
}
