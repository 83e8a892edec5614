package cli

import (
	"strings"
)

// Given is one option found on the command line.
type Given struct {
	Name     string // canonical name when declared, else the normalized name as written
	Value    string // raw value (an extended value, not decoded)
	HasValue bool   // false for a flag or a bare boolean
	Written  string // the option as written, for messages
	Known    bool   // declared
}

// Line is a parsed command line: positional words and options, in order.
type Line struct {
	Words []string
	Given []Given
	// Index holds the position in argv of each word.
	Index []int
}

// Has reports whether option name was given.
func (l *Line) Has(name string) bool {
	for _, g := range l.Given {
		if g.Name == name {
			return true
		}
	}
	return false
}

// ParseOptions tunes Parse.
type ParseOptions struct {
	// IsWord reports, for an undeclared long option written without "=value", whether the
	// next token is a command word (then the option has no value); otherwise the next token
	// is its value. It sees the line parsed so far. Nil: undeclared options never take the
	// next token.
	IsWord func(l *Line, next string) bool
	// Lenient keeps unknown short options (Known=false, no value) instead of failing: used
	// before the plugin, which may declare them, is loaded.
	Lenient bool
}

// Parse splits argv into words and options. Declared options are resolved by exact name,
// alias or unique prefix; undeclared ones are kept with Known=false for the caller to judge.
// Errors: an ambiguous prefix, an unknown short option, a missing value.
func Parse(argv []string, decls *Decls, po ParseOptions) (*Line, error) {
	l := &Line{}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "--":
			for j := i + 1; j < len(argv); j++ {
				l.Words, l.Index = append(l.Words, argv[j]), append(l.Index, j)
			}
			return l, nil
		case isWord(a):
			l.Words, l.Index = append(l.Words, a), append(l.Index, i)
			continue
		}
		var (
			g   Given
			n   int
			err error
		)
		if strings.HasPrefix(a, "--") {
			g, n, err = parseLong(argv, i, decls, po, l)
		} else {
			g, n, err = parseShort(argv, i, decls, po.Lenient)
		}
		if err != nil {
			return nil, err
		}
		l.Given = append(l.Given, g)
		i += n
	}
	return l, nil
}

func isWord(a string) bool {
	if a == "-" || !strings.HasPrefix(a, "-") {
		return true
	}
	// negative numbers are words
	c := a[1]
	return c >= '0' && c <= '9' || c == '.'
}

var boolWords = map[string]bool{"yes": true, "no": true, "true": true, "false": true, "on": true, "off": true}

// parseLong reads "--name[=value]" at argv[i]; n is the count of extra tokens consumed.
func parseLong(argv []string, i int, decls *Decls, po ParseOptions, l *Line) (g Given, n int, err error) {
	a := argv[i]
	name, value, hasValue := strings.Cut(a[2:], "=")
	g = Given{Name: Normalize(name), Value: value, HasValue: hasValue, Written: "--" + name}
	if name == "" {
		return g, 0, usagef("invalid option %q", a)
	}
	o, err := decls.Lookup(g.Name)
	if err != nil {
		return g, 0, err
	}
	next, hasNext := "", i+1 < len(argv)
	if hasNext {
		next = argv[i+1]
	}
	if o == nil {
		if !hasValue && hasNext && po.IsWord != nil && !po.IsWord(l, next) && isWord(next) {
			g.Value, g.HasValue, n = next, true, 1
		}
		return g, n, nil
	}
	g.Name, g.Known = o.Name, true
	if hasValue {
		return g, 0, nil
	}
	switch o.Type {
	case Flag:
		return g, 0, nil
	case Bool:
		if hasNext && boolWords[strings.ToLower(next)] {
			g.Value, g.HasValue = next, true
			return g, 1, nil
		}
		return g, 0, nil
	}
	if !hasNext {
		return g, 0, Usage("write "+FlagName(o.Name)+"=VALUE", "option %s needs a value", FlagName(o.Name))
	}
	g.Value, g.HasValue = next, true
	return g, 1, nil
}

// parseShort reads "-X", "-X value" or "-Xvalue" at argv[i].
func parseShort(argv []string, i int, decls *Decls, lenient bool) (g Given, n int, err error) {
	a := argv[i]
	letter := a[1:2]
	o := decls.Short(letter)
	if o == nil && lenient {
		return Given{Name: letter, Written: a, Value: a[2:], HasValue: len(a) > 2}, 0, nil
	}
	if o == nil {
		return g, 0, Usage("see --help for the options", "unknown option -%s", letter)
	}
	g = Given{Name: o.Name, Written: "-" + letter, Known: true}
	attached := a[2:]
	if o.Type == Flag || o.Type == Bool {
		if attached != "" {
			return g, 0, usagef("option -%s takes no value (got %q)", letter, a)
		}
		return g, 0, nil
	}
	if attached != "" {
		g.Value, g.HasValue = strings.TrimPrefix(attached, "="), true
		return g, 0, nil
	}
	if i+1 >= len(argv) {
		return g, 0, usagef("option -%s needs a value", letter)
	}
	g.Value, g.HasValue = argv[i+1], true
	return g, 1, nil
}
