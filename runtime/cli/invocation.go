package cli

import (
	"fmt"
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
	// values holds the arguments decoded by Check, by position (nil: not decoded yet)
	values  []any
	decoded []bool
}

// NewInvocation returns an invocation over the remaining positional arguments.
func NewInvocation(plugin string, cmd *Command, words, args []string, store *Store) *Invocation {
	return &Invocation{Plugin: plugin, Command: cmd, Words: words, Store: store, args: args}
}

// Check validates the arguments before the command runs, so that it never starts its work
// with arguments it would refuse later: their count and command words against the command's
// usage (see the usage grammar in usage.go), and every value is decoded (a bad extended value
// fails here). Arguments that run out are accepted when they can still be asked on a terminal.
// A usage that does not follow the grammar is an error of kind plugin.
func (inv *Invocation) Check() error {
	elems, err := usageSyntax(inv.Command.Usage)
	if err != nil {
		return &runtime.Error{Kind: runtime.KindPlugin, Message: fmt.Sprintf("plugin %s: command %s: usage %q: %v",
			inv.Plugin, strings.Join(inv.Command.Path(), " "), inv.Command.Usage, err)}
	}
	rest := inv.args[inv.pos:]
	m, ok := matchUsage(elems, rest, inv.Store.Prompter != nil)
	if !ok {
		return m.err(inv.usageHint())
	}
	inv.values, inv.decoded = make([]any, len(inv.args)), make([]bool, len(inv.args))
	for i, name := range m.names {
		if name == "" {
			continue
		}
		p := inv.pos + i
		v, err := inv.decodeArg(name, inv.args[p])
		if err != nil {
			return err
		}
		inv.values[p], inv.decoded[p] = v, true
	}
	return nil
}

// usageHint is the synopsis of the command, shown under its usage errors.
func (inv *Invocation) usageHint() string {
	s := "usage: aslmcli " + strings.Join(inv.Command.Path(), " ")
	if inv.Command.Usage != "" {
		s += " " + inv.Command.Usage
	}
	return s
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
		p := inv.pos
		inv.pos++
		if inv.decoded != nil && inv.decoded[p] {
			return inv.values[p], nil
		}
		return inv.decodeArg(name, inv.args[p])
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
