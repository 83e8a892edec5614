package cli

import (
	"fmt"
	"strings"
	"unicode"
)

// The usage grammar: Command.Usage is the synopsis of a command's arguments, shown on its help
// page AND checked against the arguments before the command runs, so that a command never
// starts its work with arguments it will refuse later. It is a small subset of docopt:
//
//	NAME          one argument: a word starting with an upper-case letter (PATH, FILE.lua),
//	              <name>, or an extended value such as @json:{...}
//	word          a literal command word (lower case), matched like cli:next_command (unique
//	              prefixes accepted); its alternatives in one word: browse|show
//	A|B           one word that is A or B (ID|self)
//	[X]           X is optional
//	X...          one or more X; [X...] any number of X
//	(A B | C)     a group; " | " (with spaces) separates alternative sequences
//	--opt=V, [--opt=V], --OPTION=VALUE...
//	              options: ignored here (the option declarations are checked)
//	...           alone: any further arguments, read and checked by the script itself
//
// An empty usage means that the command takes no argument.

// usageElem is one element of a parsed usage.
type usageElem struct {
	word     string        // placeholder name or literal word
	literal  bool          // a command word rather than a value
	alts     [][]usageElem // a group: alternative sequences
	optional bool
	repeat   bool
	free     bool // a bare "...": every remaining argument, unchecked
}

// usageSyntax parses a usage text.
func usageSyntax(usage string) ([]usageElem, error) {
	p := &usageParser{toks: lexUsage(usage)}
	alts, err := p.alternatives("")
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.i].text)
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return []usageElem{{alts: alts}}, nil
}

// ValidateUsage reports whether usage follows the grammar, and why not.
func ValidateUsage(usage string) error {
	if _, err := usageSyntax(usage); err != nil {
		return fmt.Errorf("usage %q: %v", usage, err)
	}
	return nil
}

// ValidateTree checks the usage of every command of the tree under c.
func ValidateTree(c *Command) error {
	if err := ValidateUsage(c.Usage); err != nil {
		return fmt.Errorf("command %s: %w", strings.Join(c.Path(), " "), err)
	}
	for _, n := range c.Names() {
		if err := ValidateTree(c.Commands[n]); err != nil {
			return err
		}
	}
	return nil
}

type usageTok struct {
	text  string
	space bool // whitespace came before it
}

// lexUsage splits a usage into words and the punctuation ( ) [ ] | and "...". An extended
// value (@json:{...}) is one word up to the next space, less closing brackets of open groups.
func lexUsage(s string) []usageTok {
	var toks []usageTok
	depth, space := 0, true
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			space = true
			i++
			continue
		case c == '(' || c == '[':
			depth++
			toks = append(toks, usageTok{string(c), space})
			i++
		case c == ')' || c == ']':
			depth--
			toks = append(toks, usageTok{string(c), space})
			i++
		case strings.HasPrefix(s[i:], "..."):
			toks = append(toks, usageTok{"...", space})
			i += 3
		case c == '|' && (i+1 == len(s) || s[i+1] == ' ') && space:
			toks = append(toks, usageTok{"|", space})
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n()[]", rune(s[j])) && !strings.HasPrefix(s[j:], "...") {
				j++
			}
			end := i // the end of the word up to the next space
			for ; end < len(s) && !strings.ContainsRune(" \t\n", rune(s[end])); end++ {
			}
			if c == '@' || c == '-' || strings.Contains(s[i:end], "|@") {
				// an extended value (alone or as an alternative: EMAIL|@json:{...}) or an
				// option: up to the next space
				j = end
				for d := depth; d > 0 && j > i && (s[j-1] == ']' || s[j-1] == ')'); d-- {
					j--
				}
			}
			toks = append(toks, usageTok{s[i:j], space})
			i = j
		}
		space = false
	}
	return toks
}

type usageParser struct {
	toks []usageTok
	i    int
}

func (p *usageParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i].text
	}
	return ""
}

// alternatives reads sequences separated by " | " until the closing bracket end ("" for the
// end of the text).
func (p *usageParser) alternatives(end string) ([][]usageElem, error) {
	var alts [][]usageElem
	var seq []usageElem
	for {
		t := p.peek()
		switch {
		case p.i >= len(p.toks) || t == ")" || t == "]":
			if t != end {
				if end == "" {
					return nil, fmt.Errorf("unexpected %q", t)
				}
				return nil, fmt.Errorf("missing %q", end)
			}
			return append(alts, seq), nil
		case t == "|":
			p.i++
			alts, seq = append(alts, seq), nil
			continue
		}
		e, skip, err := p.element()
		if err != nil {
			return nil, err
		}
		if !skip {
			seq = append(seq, e)
		}
	}
}

// element reads one element and its "..." suffix; skip is true for an option.
func (p *usageParser) element() (e usageElem, skip bool, err error) {
	t := p.toks[p.i]
	p.i++
	switch {
	case t.text == "...":
		return usageElem{free: true}, false, nil
	case t.text == "(" || t.text == "[":
		if t.text == "[" && strings.HasPrefix(p.peek(), "-") {
			return e, true, p.skipGroup()
		}
		end := map[string]string{"(": ")", "[": "]"}[t.text]
		alts, err := p.alternatives(end)
		if err != nil {
			return e, false, err
		}
		p.i++ // the closing bracket
		e = usageElem{alts: alts, optional: t.text == "["}
	case strings.HasPrefix(t.text, "-"):
		if p.peek() == "..." && !p.toks[p.i].space {
			p.i++
		}
		return e, true, nil
	default:
		e, err = usageWord(t.text)
		if err != nil {
			return e, false, err
		}
	}
	if p.peek() == "..." && !p.toks[p.i].space {
		p.i++
		e.repeat = true
	}
	return e, false, nil
}

// skipGroup skips a bracketed option ("[--to-folder=REMOTE]"), the "[" already read.
func (p *usageParser) skipGroup() error {
	for depth := 1; p.i < len(p.toks); p.i++ {
		switch p.toks[p.i].text {
		case "[", "(":
			depth++
		case "]", ")":
			if depth--; depth == 0 {
				p.i++
				return nil
			}
		}
	}
	return fmt.Errorf("missing %q", "]")
}

// usageWord converts a word: a placeholder, a literal, or A|B alternatives of one word.
func usageWord(w string) (usageElem, error) {
	if strings.HasPrefix(w, "@") {
		return usageElem{word: w}, nil
	}
	parts := strings.Split(w, "|")
	// command words first: ID|self takes "self" as the word, not as an ID
	var alts, values [][]usageElem
	for _, part := range parts {
		if part == "" {
			return usageElem{}, fmt.Errorf("empty alternative in %q", w)
		}
		if e := (usageElem{word: part, literal: isLiteralWord(part)}); e.literal {
			alts = append(alts, []usageElem{e})
		} else {
			values = append(values, []usageElem{e})
		}
	}
	alts = append(alts, values...)
	if len(alts) == 1 {
		return alts[0][0], nil
	}
	return usageElem{alts: alts}, nil
}

// isLiteralWord tells a command word (lower case: browse) from a placeholder (PATH, FILE.lua,
// <name>).
func isLiteralWord(w string) bool {
	if strings.HasPrefix(w, "<") {
		return false
	}
	for _, r := range w {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
	}
	return false
}

// usageMatch is the outcome of matching arguments against a usage.
type usageMatch struct {
	args   []string
	prompt bool     // arguments that run out may still be asked: a prefix is enough
	names  []string // per argument on the matching path: the value's name ("": a command word or a free argument)
	// where matching went furthest, and what was expected there
	at       int
	missing  string   // a value was needed there
	literals []string // command words that would have matched there
	extra    bool     // the usage ended there
}

// matchUsage matches args against a parsed usage; ok is false when they do not fit, and m says
// why.
func matchUsage(elems []usageElem, args []string, prompt bool) (m *usageMatch, ok bool) {
	m = &usageMatch{args: args, prompt: prompt, names: make([]string, len(args)), at: -1}
	ok = m.seq(elems, 0, func(j int) bool {
		if j == len(args) {
			return true
		}
		m.fail(j, func() { m.extra = true })
		return false
	})
	return m, ok
}

func (m *usageMatch) fail(i int, record func()) {
	if i > m.at {
		m.at, m.missing, m.literals, m.extra = i, "", nil, false
	}
	if i == m.at {
		record()
	}
}

func (m *usageMatch) seq(elems []usageElem, i int, k func(int) bool) bool {
	if len(elems) == 0 {
		return k(i)
	}
	return m.elem(elems[0], i, func(j int) bool { return m.seq(elems[1:], j, k) })
}

func (m *usageMatch) elem(e usageElem, i int, k func(int) bool) bool {
	if e.optional {
		e.optional = false
		return m.elem(e, i, k) || k(i)
	}
	if e.repeat {
		one := e
		one.repeat = false
		// greedy: one more when it consumed something, else stop here
		return m.elem(one, i, func(j int) bool { return (j > i && m.elem(e, j, k)) || k(j) })
	}
	n := len(m.args)
	switch {
	case e.free:
		for p := i; p < n; p++ {
			m.names[p] = ""
		}
		return k(n)
	case e.alts != nil:
		if i < n && m.ambiguous(e.alts, i) {
			return false
		}
		for _, alt := range e.alts {
			if m.seq(alt, i, k) {
				return true
			}
		}
		return false
	case i >= n:
		if m.prompt {
			return true // the script asks for it
		}
		m.fail(i, func() {
			if e.literal {
				m.literals = append(m.literals, e.word)
			} else if m.missing == "" {
				m.missing = e.word
			}
		})
		return false
	case e.literal:
		if m.args[i] == "" || !strings.HasPrefix(e.word, m.args[i]) {
			m.fail(i, func() { m.literals = append(m.literals, e.word) })
			return false
		}
		m.names[i] = ""
		return k(i + 1)
	}
	m.names[i] = argName(e.word)
	return k(i + 1)
}

// ambiguous reports (and records) that args[i] is a prefix of several command words that
// start alternatives, and equal to none: cli:next_command would refuse it.
func (m *usageMatch) ambiguous(alts [][]usageElem, i int) bool {
	word := m.args[i]
	var found []string
	for _, alt := range alts {
		if len(alt) == 0 || !alt[0].literal || alt[0].optional {
			continue
		}
		if alt[0].word == word {
			return false
		}
		if word != "" && strings.HasPrefix(alt[0].word, word) {
			found = append(found, alt[0].word)
		}
	}
	if len(dedupe(found)) < 2 {
		return false
	}
	m.fail(i, func() { m.literals = append(m.literals, found...) })
	return true
}

// err explains a failed match as a usage error.
func (m *usageMatch) err(hint string) error {
	switch {
	case m.at >= len(m.args) && m.missing != "":
		return Usage(hint, "missing argument %s", strings.ToUpper(argName(m.missing)))
	case m.at >= len(m.args):
		return Usage(hint, "missing command (use one of: %s)", strings.Join(dedupe(m.literals), ", "))
	case len(m.literals) > 0:
		if _, err := Match("command", m.args[m.at], dedupe(m.literals)); err != nil {
			re := Classify(err)
			re.Hint = hint
			return re
		}
	}
	return Usage(hint, "unexpected argument %q", m.args[m.at])
}

// argName is the name of a placeholder in messages: PATH, name (of <name>), value (of
// @json:{...}).
func argName(word string) string {
	if strings.HasPrefix(word, "@") {
		return "value"
	}
	return strings.Trim(word, "<>")
}

func dedupe(l []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
