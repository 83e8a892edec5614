package transfer

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Input is a value of the run that an agent takes from its host when the user's settings do
// not give it (Info.Inputs). The host (cmd/aslmcli, cmd/asession) knows how to get each kind
// of input; it never needs to know which agent takes which (see Settings).
type Input string

// The inputs, and the settings keys they fill.
const (
	// InputHTTP: the run's HTTP settings (proxy, TLS verification, timeouts, retries), under
	// KeyHTTP, as the value the host has (a *rest.Settings).
	InputHTTP Input = "http"
	// InputSSH: how SSH host keys are checked, under KeyKnownHosts (the known_hosts files, new
	// hosts are added to the first) and KeyStrictHostKey (yes, accept-new or no).
	InputSSH Input = "ssh"
	// InputNode: the node that runs the transfer, when the settings have no "url": the "url",
	// "username" and "password" of the command's node (its --url...), else of the default node
	// preset.
	InputNode Input = "node"
)

// Settings keys filled by inputs.
const (
	KeyHTTP          = "rest_settings"
	KeyKnownHosts    = "known_hosts"
	KeyStrictHostKey = "strict_host_key_checking"
)

// nodeKeys are the settings InputNode fills.
var nodeKeys = []string{"url", "username", "password"}

// Info describes an agent to the registry: what help, completion and the command line show
// of it, and how to make it.
type Info struct {
	Name    string   // the --transfer value (direct, node, connect, httpgw, sftp)
	Aliases []string // other --transfer values (ascp and fasp for direct)
	Help    string   // one line: what the agent does
	// Options are the agent's settings (OptionsOf of its settings struct); those marked CLI
	// are command-line options too.
	Options []Option
	// Inputs are the run's values the agent takes when its settings lack them.
	Inputs []Input
	// New makes the agent from its settings (Typed decodes them into the agent's struct).
	New func(settings map[string]any) (Agent, error)
	// ChoosesFiles tells that the agent lets the user choose the files of an upload whose spec
	// has no paths (Connect's file dialog): a command may then start an upload without files.
	ChoosesFiles bool
}

// Takes tells whether the agent takes an input.
func (i Info) Takes(in Input) bool {
	for _, x := range i.Inputs {
		if x == in {
			return true
		}
	}
	return false
}

// Typed returns an Info.New that decodes the settings into a T (Decode: unknown keys and
// wrong types are errors wrapping ErrSettings) and builds the agent from it.
func Typed[T any](build func(T) (Agent, error)) func(map[string]any) (Agent, error) {
	return func(settings map[string]any) (Agent, error) {
		var t T
		if err := Decode(settings, &t); err != nil {
			return nil, err
		}
		return build(t)
	}
}

// ErrUnknownAgent is the error of New for a name no agent registered.
var ErrUnknownAgent = errors.New("no transfer agent")

var (
	mu       sync.Mutex
	registry = map[string]Info{}
	aliases  = map[string]string{}
)

// Register makes an agent available by its name and aliases; agents register in their
// package's init. It panics on a name or alias taken, and on a command-line option that
// another agent declares with another type: both are programming errors.
func Register(info Info) {
	mu.Lock()
	defer mu.Unlock()
	if info.Name == "" || info.New == nil {
		panic("transfer.Register: an agent needs a name and New")
	}
	for _, n := range append([]string{info.Name}, info.Aliases...) {
		if _, taken := registry[n]; taken {
			panic(fmt.Sprintf("transfer.Register: %q is already an agent", n))
		}
		if _, taken := aliases[n]; taken {
			panic(fmt.Sprintf("transfer.Register: %q is already an alias", n))
		}
	}
	for _, o := range info.Options {
		if !o.CLI {
			continue
		}
		for _, other := range registry {
			for _, p := range other.Options {
				if p.CLI && p.Name == o.Name && p.Type != o.Type {
					panic(fmt.Sprintf("transfer.Register: option --%s of %s is also an option of %s, of another type", o.Name, info.Name, other.Name))
				}
			}
		}
	}
	registry[info.Name] = info
	for _, a := range info.Aliases {
		aliases[a] = info.Name
	}
}

// Lookup returns the Info of an agent by name or alias.
func Lookup(name string) (Info, bool) {
	mu.Lock()
	defer mu.Unlock()
	if a, ok := aliases[name]; ok {
		name = a
	}
	i, ok := registry[name]
	return i, ok
}

// Infos lists the registered agents, sorted by name.
func Infos() []Info {
	mu.Lock()
	defer mu.Unlock()
	out := make([]Info, 0, len(registry))
	for _, i := range registry {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Names lists the registered agents, sorted (aliases left out).
func Names() []string {
	var out []string
	for _, i := range Infos() {
		out = append(out, i.Name)
	}
	return out
}

// New returns the agent of a name (or alias: ascp is direct), made from its settings. Errors:
// ErrUnknownAgent for a name no agent has, ErrSettings for settings that do not fit the agent
// (both the caller's mistakes), else why the agent cannot run here (no ascp...).
func New(name string, settings map[string]any) (Agent, error) {
	info, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (available: %v)", ErrUnknownAgent, name, Names())
	}
	a, err := info.New(settings)
	if err != nil && errors.Is(err, ErrSettings) {
		return nil, fmt.Errorf("%s agent: %w", info.Name, err)
	}
	return a, err
}
