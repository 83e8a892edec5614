package cli

import (
	"fmt"
	"sort"
	"strings"
)

// Type is the type of an option's value.
type Type int

// Option value types.
const (
	String Type = iota // text (numbers and booleans are converted to text)
	Bool               // yes/no, true/false, on/off, 1/0; "--opt" alone means yes
	Flag               // no value; "--opt" sets it (help, version)
	Int                // integer
	Number             // number
	Enum               // one of Values (unique prefixes accepted)
	List               // list; a plain string is split on commas
	Hash               // mapping; @json:/@yaml: values, merged across sources
	Any                // any extended value, unchanged
)

var typeNames = map[Type]string{String: "string", Bool: "bool", Flag: "flag", Int: "int",
	Number: "number", Enum: "enum", List: "list", Hash: "hash", Any: "any"}

// String returns the type's name as written in plugin declarations.
func (t Type) String() string { return typeNames[t] }

// ParseType converts a type name of a plugin declaration.
func ParseType(s string) (Type, error) {
	if s == "" {
		return String, nil
	}
	for t, n := range typeNames {
		if n == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown option type %q", s)
}

// Option declares one option.
type Option struct {
	Name    string   // canonical snake_case name
	Short   string   // one letter, for -X, or ""
	Aliases []string // other long names (snake_case)
	Type    Type
	Values  []string // the choices of an Enum
	Default any
	Help    string
	// Secret options are asked without echo and hidden in displays (also by name: password...).
	Secret bool
	// CmdlineOnly options are never stored in presets by `config preset update`.
	CmdlineOnly bool
	// KeepNull (Hash options): a null value stays in the merged mapping, for the consumer to
	// delete that key where it applies the mapping (--ts deletes fields of a transfer spec);
	// by default a null deletes the key of the lower layers and disappears.
	KeepNull bool
}

// Normalize converts an option name as written ("transfer-node", "--transfer-node") to its
// canonical form ("transfer_node").
func Normalize(name string) string {
	return strings.ReplaceAll(strings.TrimLeft(name, "-"), "-", "_")
}

// Flag returns the option as written on the command line: "--transfer-node".
func FlagName(name string) string {
	return "--" + strings.ReplaceAll(name, "_", "-")
}

// EnvName returns the environment variable of an option: ASLMCLI_TRANSFER_NODE.
func EnvName(prefix, name string) string {
	return prefix + strings.ToUpper(name)
}

// Decls is a set of option declarations with lookup by name, alias, prefix and short letter.
type Decls struct {
	byName  map[string]*Option
	byAlias map[string]*Option
	byShort map[string]*Option
}

// NewDecls returns a set holding opts. A later option replaces an earlier one of the same
// name (plugins may redeclare a global option with a better help).
func NewDecls(opts ...*Option) *Decls {
	d := &Decls{byName: map[string]*Option{}, byAlias: map[string]*Option{}, byShort: map[string]*Option{}}
	d.Add(opts...)
	return d
}

// Add declares more options.
func (d *Decls) Add(opts ...*Option) {
	for _, o := range opts {
		d.byName[o.Name] = o
		for _, a := range o.Aliases {
			d.byAlias[a] = o
		}
		if o.Short != "" {
			d.byShort[o.Short] = o
		}
	}
}

// Get returns the declaration of a canonical name or alias (no prefixes).
func (d *Decls) Get(name string) *Option {
	if o := d.byName[name]; o != nil {
		return o
	}
	return d.byAlias[name]
}

// Short returns the option of a short letter.
func (d *Decls) Short(letter string) *Option { return d.byShort[letter] }

// Lookup finds an option by exact name, alias, or unique prefix of a name or alias. It
// returns nil and no error for an unknown name, and a usage error for an ambiguous prefix.
func (d *Decls) Lookup(name string) (*Option, error) {
	if o := d.Get(name); o != nil {
		return o, nil
	}
	found := map[string]*Option{}
	for n, o := range d.byName {
		if strings.HasPrefix(n, name) {
			found[o.Name] = o
		}
	}
	for a, o := range d.byAlias {
		if strings.HasPrefix(a, name) {
			found[o.Name] = o
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		for _, o := range found {
			return o, nil
		}
	}
	names := make([]string, 0, len(found))
	for n := range found {
		names = append(names, FlagName(n))
	}
	sort.Strings(names)
	return nil, usagef("ambiguous option %s (could be: %s)", FlagName(name), strings.Join(names, ", "))
}

// All returns the declarations sorted by name.
func (d *Decls) All() []*Option {
	out := make([]*Option, 0, len(d.byName))
	for _, o := range d.byName {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
