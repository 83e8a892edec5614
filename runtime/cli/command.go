package cli

import (
	"sort"
	"strings"
)

// Command is a node of a plugin's command tree: the plugin itself at the root, then its
// sub-commands. A node runs when it has no sub-commands, or when the next word names none of
// them and it has Run (then Run reads the remaining words itself).
type Command struct {
	Name  string
	Help  string // one line
	Usage string // synopsis of the arguments, e.g. "NAME PARAM VALUE"
	// Long is an optional longer description shown on the command's help page.
	Long       string
	Options    []*Option
	Commands   map[string]*Command
	Run        func(inv *Invocation) error
	AnyOptions bool // accepts options it does not declare (config preset update)
	// UntilInterrupted commands run until Ctrl-C (or SIGTERM), their normal stop (a
	// simulator): an interruption ends them with exit code 0 and no error line.
	UntilInterrupted bool
	Parent           *Command
}

// Add attaches sub-commands and returns c.
func (c *Command) Add(subs ...*Command) *Command {
	if c.Commands == nil {
		c.Commands = map[string]*Command{}
	}
	for _, s := range subs {
		s.Parent = c
		c.Commands[s.Name] = s
	}
	return c
}

// Names returns the sub-command names, sorted.
func (c *Command) Names() []string {
	names := make([]string, 0, len(c.Commands))
	for n := range c.Commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Path returns the command words from the plugin down to c (the plugin name first).
func (c *Command) Path() []string {
	if c.Parent == nil {
		return []string{c.Name}
	}
	return append(c.Parent.Path(), c.Name)
}

// TreeOptions returns the options declared anywhere in the tree under c (c included): they
// tell the parser which options take a value before the command is known.
func (c *Command) TreeOptions() []*Option {
	out := append([]*Option(nil), c.Options...)
	for _, n := range c.Names() {
		out = append(out, c.Commands[n].TreeOptions()...)
	}
	return out
}

// PathOptions returns the options declared by c and its ancestors.
func (c *Command) PathOptions() []*Option {
	var out []*Option
	for n := c; n != nil; n = n.Parent {
		out = append(out, n.Options...)
	}
	return out
}

// AcceptsAny reports whether c or an ancestor accepts undeclared options.
func (c *Command) AcceptsAny() bool {
	for n := c; n != nil; n = n.Parent {
		if n.AnyOptions {
			return true
		}
	}
	return false
}

// Walk follows words (unique prefixes accepted) from root down the tree. It returns the
// command reached and how many words it consumed. A word that names no sub-command is an
// error unless the node has Run.
func Walk(root *Command, words []string) (*Command, int, error) {
	c, i := root, 0
	for len(c.Commands) > 0 && i < len(words) {
		name, err := Match("command", words[i], c.Names())
		if err != nil {
			if c.Run != nil {
				break
			}
			return c, i, withHint(err, c)
		}
		c = c.Commands[name]
		i++
	}
	return c, i, nil
}

func withHint(err error, c *Command) error {
	re := Classify(err)
	if re.Hint == "" {
		re.Hint = "aslmcli " + strings.Join(c.Path(), " ") + " -h lists the commands"
	}
	return re
}
