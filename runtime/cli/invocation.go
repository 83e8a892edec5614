package cli

import (
	"strings"

	"github.com/asperalm/aslmcli/runtime"
)

// Invocation is one run of a command: what a command script reads its arguments and options
// from (the `cli` object of Lua scripts).
type Invocation struct {
	// Plugin is the plugin's name; Command the node being run.
	Plugin  string
	Command *Command
	// Words are the command words consumed so far (plugin excluded), canonical.
	Words []string
	Store *Store
	args  []string
	pos   int
}

// NewInvocation returns an invocation over the remaining positional arguments.
func NewInvocation(plugin string, cmd *Command, words, args []string, store *Store) *Invocation {
	return &Invocation{Plugin: plugin, Command: cmd, Words: words, Store: store, args: args}
}

// HasArgs reports whether positional arguments remain.
func (inv *Invocation) HasArgs() bool { return inv.pos < len(inv.args) }

// Peek returns the next raw argument without consuming it.
func (inv *Invocation) Peek() (string, bool) {
	if !inv.HasArgs() {
		return "", false
	}
	return inv.args[inv.pos], true
}

// NextCommand consumes the next word, which must be one of choices (a unique prefix is
// enough), and returns the full choice.
func (inv *Invocation) NextCommand(choices []string) (string, error) {
	if !inv.HasArgs() {
		return "", Usage("aslmcli "+strings.Join(append([]string{inv.Plugin}, inv.Words...), " ")+" -h shows the usage",
			"missing command (use one of: %s)", strings.Join(choices, ", "))
	}
	w, err := Match("command", inv.args[inv.pos], choices)
	if err != nil {
		return "", err
	}
	inv.pos++
	inv.Words = append(inv.Words, w)
	return w, nil
}

// NextArg consumes and decodes the next argument (an extended value). When none remains, an
// optional argument gives nil; a mandatory one is asked on a terminal, else it is a usage
// error naming it.
func (inv *Invocation) NextArg(name string, optional bool) (any, error) {
	if inv.HasArgs() {
		raw := inv.args[inv.pos]
		inv.pos++
		return inv.decodeArg(name, raw)
	}
	if optional {
		return nil, nil
	}
	if p := inv.Store.Prompter; p != nil {
		answer, err := p.Prompt(name, IsSecret(nil, name))
		if err != nil {
			return nil, err
		}
		if answer != "" {
			return inv.decodeArg(name, answer)
		}
	}
	return nil, Usage("aslmcli "+strings.Join(append([]string{inv.Plugin}, inv.Words...), " ")+" -h shows the usage",
		"missing argument %s", strings.ToUpper(name))
}

func (inv *Invocation) decodeArg(name, raw string) (any, error) {
	v, err := inv.Store.Decoder.Decode(raw)
	if err != nil {
		return nil, &runtime.Error{Kind: runtime.KindUsage, Message: "bad value for argument " + strings.ToUpper(name) + ": " + err.Error(), Err: err}
	}
	return v, nil
}

// Remaining consumes and decodes every remaining argument.
func (inv *Invocation) Remaining(name string) ([]any, error) {
	var out []any
	for inv.HasArgs() {
		v, err := inv.NextArg(name, true)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// RawRemaining consumes the remaining arguments and returns them as written (not decoded).
func (inv *Invocation) RawRemaining() []string {
	out := append([]string(nil), inv.args[inv.pos:]...)
	inv.pos = len(inv.args)
	return out
}

// Option returns the merged value of an option; mandatory options are asked or reported.
func (inv *Invocation) Option(name string, mandatory bool) (any, error) {
	if mandatory {
		return inv.Store.Require(name)
	}
	return inv.Store.GetOrAsk(name)
}

// Done fails when arguments were left unread.
func (inv *Invocation) Done() error {
	if !inv.HasArgs() {
		return nil
	}
	return Usage("aslmcli "+strings.Join(append([]string{inv.Plugin}, inv.Words...), " ")+" -h shows the usage",
		"unexpected argument %q", inv.args[inv.pos])
}
