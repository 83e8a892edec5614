package transfer

import "fmt"

// Host gives the values of a run to the agents that take them (Info.Inputs, Option.CLI). A nil
// function gives nothing: the agent then uses its own default.
type Host struct {
	// Option returns the value of a command-line option of an agent (Option.CLI), nil when the
	// user did not give it.
	Option func(name string) (any, error)
	// HTTP returns the run's HTTP settings (InputHTTP).
	HTTP func() (any, error)
	// SSH returns the known_hosts files and the strict host key checking policy ("" for the
	// agent's default) of SSH connections (InputSSH).
	SSH func() (knownHosts []string, strict string, err error)
	// Node returns the url, username and password of the node to use when the settings name
	// none (InputNode): the command's node, else the default node preset; nil when none.
	Node func() (map[string]any, error)
}

// Settings returns the settings of agent name for one run, in this order, a key given earlier
// never being replaced: the user's settings (given: --transfer-info, asession's "settings"),
// then the agent's command-line options that the host has a value for, then the agent's
// inputs. The result is a new map; given is not modified. An unknown agent is
// ErrUnknownAgent.
func Settings(name string, given map[string]any, h Host) (map[string]any, error) {
	info, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (available: %v)", ErrUnknownAgent, name, Names())
	}
	out := make(map[string]any, len(given)+4)
	for k, v := range given {
		out[k] = v
	}
	absent := func(k string) bool { return out[k] == nil }
	if h.Option != nil {
		for _, o := range info.Options {
			if !o.CLI || !absent(o.Name) {
				continue
			}
			v, err := h.Option(o.Name)
			if err != nil {
				return nil, err
			}
			if v != nil {
				out[o.Name] = v
			}
		}
	}
	for _, in := range info.Inputs {
		if err := fill(out, in, h); err != nil {
			return nil, fmt.Errorf("%s agent: %w", info.Name, err)
		}
	}
	return out, nil
}

// fill sets the keys of one input that out lacks.
func fill(out map[string]any, in Input, h Host) error {
	switch in {
	case InputHTTP:
		if out[KeyHTTP] != nil || h.HTTP == nil {
			return nil
		}
		v, err := h.HTTP()
		if err != nil {
			return err
		}
		out[KeyHTTP] = v
	case InputSSH:
		if h.SSH == nil || (out[KeyKnownHosts] != nil && out[KeyStrictHostKey] != nil) {
			return nil
		}
		files, strict, err := h.SSH()
		if err != nil {
			return err
		}
		if out[KeyKnownHosts] == nil && files != nil {
			out[KeyKnownHosts] = files
		}
		if out[KeyStrictHostKey] == nil && strict != "" {
			out[KeyStrictHostKey] = strict
		}
	case InputNode:
		if out["url"] != nil || h.Node == nil {
			return nil
		}
		node, err := h.Node()
		if err != nil {
			return err
		}
		if node["url"] == nil {
			return nil
		}
		for _, k := range nodeKeys {
			if out[k] == nil && node[k] != nil {
				out[k] = node[k]
			}
		}
	default:
		return fmt.Errorf("unknown input %q", in)
	}
	return nil
}
