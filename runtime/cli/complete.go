package cli

import (
	"sort"
	"strings"
)

// Completer is what Complete needs to know about the running tool: the host (cmd/aslmcli)
// fills it from its catalog, option declarations and configuration file. It is asked
// nothing that writes or reaches the network.
type Completer struct {
	Plugins []string  // plugin names (built-in and the user's)
	Global  []*Option // the global options
	Presets []string  // preset names of the configuration file
	// Plugin returns the command tree of a plugin (nil when it cannot be loaded).
	Plugin func(name string) *Command
}

// Complete returns the candidates for the last of words (the word under the cursor, "" for
// a new word), words being the command line without the program name, as the shell split
// it. Candidates are whole words that start with the last word, sorted, one per element:
// plugin names, then command words of the plugin's tree (unique prefixes of earlier words
// are followed, as when running), option names of the command reached ("--name=" for an
// option that takes a value, "--name" for a flag), an option's values after "--name=" or
// "--name " (enumerations, yes/no of booleans, preset names of -P/--preset). Arguments of a
// command are completed only where its usage has literal words (bash|zsh|fish); file names,
// ids and other values are not (no candidate).
func Complete(words []string, c Completer) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur := words[len(words)-1]
	st := completionState{c: c, decls: NewDecls(c.Global...)}
	pending := st.walk(words[:len(words)-1])
	switch {
	case pending != nil:
		return filter(st.values(pending, ""), cur)
	case cur == "--":
		return nil
	case strings.HasPrefix(cur, "--"):
		if name, _, hasValue := strings.Cut(cur[2:], "="); hasValue {
			o, _ := st.decls.Lookup(Normalize(name))
			return filter(st.values(o, "--"+name+"="), cur) // the name as written
		}
		return filter(st.optionNames(), cur)
	case strings.HasPrefix(cur, "-") && len(cur) >= 2:
		if o := st.decls.Short(cur[1:2]); o != nil && o.Type != Flag && o.Type != Bool {
			return filter(st.values(o, cur[:2]), cur)
		}
		return nil
	case strings.HasPrefix(cur, "-"):
		return filter(st.optionNames(), cur)
	case st.plugin == "" && !st.args:
		return filter(c.Plugins, cur)
	case st.cmd != nil && !st.args:
		return filter(append(st.cmd.Names(), usageLiterals(st.cmd.Usage, 0)...), cur)
	case st.cmd != nil:
		return filter(usageLiterals(st.cmd.Usage, st.nargs), cur)
	}
	return nil
}

// usageLiterals returns the command words that a usage accepts as argument number n (from
// 0): its literal words at that place (bash|zsh|fish, ID|self). Only a place that follows
// fixed single arguments has a known position; any other gives none.
func usageLiterals(usage string, n int) []string {
	elems, err := usageSyntax(usage)
	if err != nil {
		return nil
	}
	for i, e := range elems {
		if e.optional || e.repeat || e.free {
			return nil
		}
		var words []string
		for _, alt := range e.alts {
			if len(alt) != 1 || alt[0].alts != nil || alt[0].optional || alt[0].repeat {
				return nil
			}
			if alt[0].literal {
				words = append(words, alt[0].word)
			}
		}
		if e.alts == nil && e.literal {
			words = []string{e.word}
		}
		if i == n {
			return words
		}
	}
	return nil
}

// completionState is the command line understood so far.
type completionState struct {
	c      Completer
	decls  *Decls
	plugin string   // the plugin named, "" before
	cmd    *Command // the command reached, nil when the plugin has no tree
	args   bool     // a word named no sub-command: the rest are arguments
	nargs  int      // arguments read so far
}

// walk reads the complete words before the cursor. It returns the option whose value is
// the next word (the word under the cursor), or nil.
func (st *completionState) walk(words []string) *Option {
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "--" {
			st.args = true
			continue
		}
		if len(w) > 1 && strings.HasPrefix(w, "-") && !st.args {
			o := st.option(w)
			switch {
			case o != nil && takesNextWord(o, w):
				if i == len(words)-1 {
					return o
				}
				i++
			case o != nil && o.Type == Bool && strings.HasPrefix(w, "--") && !strings.Contains(w, "=") &&
				i+1 < len(words) && boolWords[strings.ToLower(words[i+1])]:
				i++ // --flat-hash no
			}
			continue
		}
		st.word(w)
	}
	return nil
}

// option returns the declaration of an option word, nil when unknown.
func (st *completionState) option(w string) *Option {
	if strings.HasPrefix(w, "--") {
		o, _ := st.decls.Lookup(Normalize(strings.SplitN(w[2:], "=", 2)[0]))
		return o
	}
	return st.decls.Short(w[1:2])
}

// takesNextWord tells whether option o as written in w takes the next word as its value.
func takesNextWord(o *Option, w string) bool {
	if o.Type == Flag || o.Type == Bool { // a boolean takes "=yes" (the next word only if yes/no)
		return false
	}
	if strings.HasPrefix(w, "--") {
		return !strings.Contains(w, "=")
	}
	return len(w) == 2
}

// word takes a command word: the plugin, then the commands of its tree.
func (st *completionState) word(w string) {
	if st.plugin == "" {
		p, err := Match("plugin", w, st.c.Plugins)
		if err != nil {
			st.args = true
			return
		}
		st.plugin = p
		if st.c.Plugin != nil {
			st.cmd = st.c.Plugin(p)
		}
		if st.cmd != nil {
			st.decls.Add(st.cmd.TreeOptions()...)
		}
		return
	}
	if st.cmd == nil || st.args || len(st.cmd.Commands) == 0 {
		st.args = true
		st.nargs++
		return
	}
	name, err := Match("command", w, st.cmd.Names())
	if err != nil {
		st.args = true
		st.nargs++
		return
	}
	st.cmd = st.cmd.Commands[name]
}

// optionNames returns the option names valid at this point: the global ones and those of
// the command reached and its ancestors.
func (st *completionState) optionNames() []string {
	opts := append([]*Option(nil), st.c.Global...)
	if st.cmd != nil {
		opts = append(opts, st.cmd.PathOptions()...)
	}
	var out []string
	for _, o := range opts {
		n := FlagName(o.Name)
		if o.Type != Flag {
			n += "="
		}
		out = append(out, n)
	}
	return out
}

// values returns the known values of option o, each after prefix.
func (st *completionState) values(o *Option, prefix string) []string {
	if o == nil {
		return nil
	}
	var vs []string
	switch {
	case o.Name == OptPreset:
		vs = st.c.Presets
	case o.Type == Enum:
		vs = o.Values
	case o.Type == Bool:
		vs = []string{"no", "yes"}
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = prefix + v
	}
	return out
}

// filter keeps the candidates that start with prefix, sorted and each once.
func filter(cands []string, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}
