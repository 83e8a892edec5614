package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/asperalm/aslmcli/internal/secret"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/extval"
)

// Source is where an option value comes from; a higher source wins.
type Source int

// Sources, lowest precedence first.
const (
	FromDefault Source = iota
	FromGlobalPreset
	FromPluginPreset
	FromPreset
	FromEnv
	FromCommandLine
	numSources
)

var sourceNames = [...]string{"default", "global preset", "plugin default preset", "preset", "environment", "command line"}

func (s Source) String() string { return sourceNames[s] }

type entry struct {
	value  any
	origin string // "preset demo", "ASLMCLI_URL", "--url"
}

// Store holds every source of option values and answers the merged, decoded, typed value of
// an option. It is used on one goroutine.
type Store struct {
	Decls   *Decls
	Decoder *extval.Decoder
	// Prompter asks for missing mandatory values; nil means never ask.
	Prompter Prompter
	// AskOptional makes Get ask for optional options too (--ask-options=yes).
	AskOptional bool
	// EnvPrefix is the prefix of environment variables ("ASLMCLI_").
	EnvPrefix string

	layers [numSources]map[string][]entry
	cache  map[string]any
	asked  map[string]bool
}

// NewStore returns an empty store over decls.
func NewStore(decls *Decls, dec *extval.Decoder, envPrefix string) *Store {
	s := &Store{Decls: decls, Decoder: dec, EnvPrefix: envPrefix, cache: map[string]any{}, asked: map[string]bool{}}
	for i := range s.layers {
		s.layers[i] = map[string][]entry{}
	}
	return s
}

// Add records a value for name from src. Several values in one source accumulate: the last
// one wins, lists concatenate, hashes merge. An alias is recorded under its option's name
// (a preset key transfer_node is option transfer_info), from every source alike.
func (s *Store) Add(src Source, name string, value any, origin string) {
	name = s.canonical(name)
	s.layers[src][name] = append(s.layers[src][name], entry{value, origin})
	delete(s.cache, name)
}

// canonical returns the option name of a name as written: normalized, an alias resolved.
func (s *Store) canonical(name string) string {
	name = Normalize(name)
	if s.Decls != nil {
		if o := s.Decls.Get(name); o != nil {
			return o.Name
		}
	}
	return name
}

// SetDecls replaces the declarations (once a plugin has declared its options). Values
// recorded under a name that the new declarations make an alias move to their option.
func (s *Store) SetDecls(d *Decls) {
	s.Decls = d
	for _, layer := range s.layers {
		for name, es := range layer {
			if c := s.canonical(name); c != name {
				layer[c] = append(layer[c], es...)
				delete(layer, name)
			}
		}
	}
	s.cache = map[string]any{}
}

// Undeclared is a value whose name no declaration knows.
type Undeclared struct {
	Name   string
	Origin string // "preset demo"
}

// Undeclared returns the names that src gives a value and that no option declares, sorted.
func (s *Store) Undeclared(src Source) []Undeclared {
	var out []Undeclared
	for name, es := range s.layers[src] {
		if s.Decls.Get(name) == nil {
			out = append(out, Undeclared{name, es[len(es)-1].origin})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Clear forgets every value of src.
func (s *Store) Clear(src Source) {
	s.layers[src] = map[string][]entry{}
	s.cache = map[string]any{}
}

// AddMap records every key of values (a preset) from src.
func (s *Store) AddMap(src Source, values map[string]any, origin string) {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.Add(src, k, values[k], origin)
	}
}

// AddEnv records the environment variables that start with the store's prefix: ASLMCLI_URL
// is option url.
func (s *Store) AddEnv(environ []string) {
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, s.EnvPrefix) || len(k) == len(s.EnvPrefix) {
			continue
		}
		s.Add(FromEnv, strings.ToLower(k[len(s.EnvPrefix):]), v, k)
	}
}

// AddCommandLine records the options of a parsed command line. A bare boolean is "yes".
// Undeclared options are recorded too (a command may accept any option).
func (s *Store) AddCommandLine(given []Given) {
	for _, g := range given {
		var v any = g.Value
		if !g.HasValue {
			v = true
		}
		s.Add(FromCommandLine, g.Name, v, g.Written)
	}
}

// Has reports whether name has a value in src.
func (s *Store) Has(src Source, name string) bool { return len(s.layers[src][name]) > 0 }

// Raw returns the undecoded values of name in src, in order.
func (s *Store) Raw(src Source, name string) []any {
	var out []any
	for _, e := range s.layers[src][name] {
		out = append(out, e.value)
	}
	return out
}

// Get returns the value of option name: decoded, converted to the declared type, merged by
// precedence; nil when no source has it and there is no default.
func (s *Store) Get(name string) (any, error) {
	name = s.canonical(name)
	if v, ok := s.cache[name]; ok {
		return v, nil
	}
	v, err := s.resolve(name)
	if err != nil {
		return nil, err
	}
	if v == nil {
		if o := s.Decls.Get(name); o != nil {
			v = o.Default
		}
	}
	s.cache[name] = v
	return v, nil
}

// GetOrAsk is Get for an optional option read by a command: with AskOptional and a prompter,
// an option that no source sets is asked once (an empty answer keeps the default).
func (s *Store) GetOrAsk(name string) (any, error) {
	name = s.canonical(name)
	if !s.AskOptional || s.Prompter == nil || s.asked[name] || s.isSet(name) {
		return s.Get(name)
	}
	s.asked[name] = true
	v, err := s.ask(name, true)
	if err != nil || v != nil {
		return v, err
	}
	return s.Get(name)
}

func (s *Store) isSet(name string) bool {
	for src := FromGlobalPreset; src < numSources; src++ {
		if len(s.layers[src][name]) > 0 {
			return true
		}
	}
	return false
}

// Require returns the value of a mandatory option: when missing, it is asked on a terminal,
// else the error says where the value can be set.
func (s *Store) Require(name string) (any, error) {
	name = s.canonical(name)
	v, err := s.Get(name)
	if err != nil || v != nil {
		return v, err
	}
	if s.Prompter != nil {
		if v, err = s.ask(name, false); err != nil || v != nil {
			return v, err
		}
	}
	return nil, Usage(fmt.Sprintf("set it with %s=VALUE, the environment variable %s, or in a preset: aslmcli config preset set NAME %s VALUE",
		FlagName(name), EnvName(s.EnvPrefix, name), name), "missing mandatory option %s", FlagName(name))
}

func (s *Store) ask(name string, optional bool) (any, error) {
	o := s.Decls.Get(name)
	label := FlagName(name)
	if o != nil && o.Help != "" {
		label += " (" + o.Help + ")"
	}
	if optional {
		label += " [optional, Enter to skip]"
	}
	answer, err := s.Prompter.Prompt(label, IsSecret(o, name))
	if err != nil {
		return nil, err
	}
	if answer == "" {
		return nil, nil
	}
	s.Add(FromCommandLine, name, answer, "answer to "+FlagName(name))
	v, err := s.resolve(name)
	if err == nil {
		s.cache[name] = v
	}
	return v, err
}

// IsSecret reports whether an option holds a secret (declared so, or by its name).
func IsSecret(o *Option, name string) bool {
	return (o != nil && o.Secret) || secret.IsSecretKey(name)
}

// Origin returns the source and origin text of the value Get would return, for messages.
func (s *Store) Origin(name string) (Source, string) {
	for src := numSources - 1; src > FromDefault; src-- {
		if es := s.layers[src][name]; len(es) > 0 {
			return src, es[len(es)-1].origin
		}
	}
	return FromDefault, "default"
}

func (s *Store) resolve(name string) (any, error) {
	o := s.Decls.Get(name)
	typ := Any
	if o != nil {
		typ = o.Type
	}
	if typ == Hash {
		return s.resolveHash(name, o)
	}
	for src := numSources - 1; src > FromDefault; src-- {
		if es := s.layers[src][name]; len(es) > 0 {
			return s.combine(name, o, es)
		}
	}
	return nil, nil
}

// combine decodes the values one source holds for an option: the last one wins, except
// that lists concatenate and hashes merge.
func (s *Store) combine(name string, o *Option, es []entry) (any, error) {
	if o == nil || len(es) == 1 || (o.Type != List && o.Type != Hash) {
		return s.decode(name, o, es[len(es)-1])
	}
	var list []any
	hash := map[string]any{}
	for _, e := range es {
		v, err := s.decode(name, o, e)
		if err != nil {
			return nil, err
		}
		switch t := v.(type) {
		case []any:
			list = append(list, t...)
		case map[string]any:
			MergeHash(hash, t)
		}
	}
	if o.Type == List {
		return list, nil
	}
	return hash, nil
}

func (s *Store) resolveHash(name string, o *Option) (any, error) {
	var out map[string]any
	if d, ok := o.Default.(map[string]any); ok {
		out = deepCopy(d).(map[string]any)
	}
	for src := FromGlobalPreset; src < numSources; src++ {
		for _, e := range s.layers[src][name] {
			v, err := s.decode(name, o, e)
			if err != nil {
				return nil, err
			}
			m, _ := v.(map[string]any)
			if m == nil {
				out = nil // @none: resets
				continue
			}
			if out == nil {
				out = map[string]any{}
			}
			if o.KeepNull {
				mergeKeepNull(out, m)
			} else {
				MergeHash(out, m)
			}
		}
	}
	if out == nil {
		return nil, nil
	}
	return out, nil
}

// mergeKeepNull is MergeHash where a nil value replaces the key's value instead of deleting it.
func mergeKeepNull(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeKeepNull(dm, sm)
				continue
			}
			v = deepCopy(sm)
		}
		dst[k] = v
	}
}

func (s *Store) decode(name string, o *Option, e entry) (any, error) {
	v, err := s.Decoder.DecodeValue(e.value)
	if err != nil {
		var ev *extval.Error
		if errors.As(err, &ev) {
			return nil, &runtime.Error{Kind: runtime.KindUsage, Message: fmt.Sprintf("bad value for %s (from %s): %s", FlagName(name), e.origin, ev.Error()), Err: err}
		}
		return nil, err
	}
	if o == nil {
		return v, nil
	}
	c, err := Coerce(o, v)
	if err != nil {
		return nil, Usage(optionHint(o), "bad value for %s (from %s): %v", FlagName(name), e.origin, err)
	}
	return c, nil
}

func optionHint(o *Option) string {
	switch o.Type {
	case Enum:
		return "use one of: " + strings.Join(o.Values, ", ")
	case Bool:
		return "use yes or no"
	case Hash:
		return `give a mapping, e.g. ` + FlagName(o.Name) + `=@json:'{"key":"value"}'`
	}
	return ""
}

// Merged returns every option that has a value (from any source, defaults included),
// decoded; used by --show-config.
func (s *Store) Merged() (map[string]any, error) {
	names := map[string]bool{}
	for _, o := range s.Decls.All() {
		names[o.Name] = true
	}
	for src := range s.layers {
		for n := range s.layers[src] {
			names[n] = true
		}
	}
	out := map[string]any{}
	for n := range names {
		v, err := s.Get(n)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out[n] = v
		}
	}
	return out, nil
}

// CommandLine returns the options given on the command line, decoded and typed (repeated
// lists concatenated, hashes merged), except those in skip and CmdlineOnly ones; used by
// `config preset update`.
func (s *Store) CommandLine(skip map[string]bool) (map[string]any, error) {
	out := map[string]any{}
	for n, es := range s.layers[FromCommandLine] {
		o := s.Decls.Get(n)
		if skip[n] || (o != nil && o.CmdlineOnly) {
			continue
		}
		v, err := s.combine(n, o, es)
		if err != nil {
			return nil, err
		}
		out[n] = v
	}
	return out, nil
}

// MergeHash deep-merges src into dst: nested mappings merge, a nil value deletes the key.
func MergeHash(dst, src map[string]any) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				MergeHash(dm, sm)
				continue
			}
			v = deepCopy(sm)
		}
		dst[k] = v
	}
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}
