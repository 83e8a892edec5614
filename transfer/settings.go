package transfer

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrSettings is wrapped by the errors of settings that do not fit an agent (an unknown key,
// a value of the wrong type): the caller's mistake, a usage error.
var ErrSettings = errors.New("invalid transfer agent settings")

// settingsError is one problem of a settings map; it matches ErrSettings.
type settingsError struct{ msg string }

func (e *settingsError) Error() string        { return e.msg }
func (e *settingsError) Is(target error) bool { return target == ErrSettings }

func badSetting(key, format string, args ...any) error {
	return &settingsError{fmt.Sprintf("setting %q: ", key) + fmt.Sprintf(format, args...)}
}

// OptionType is the type of an agent's setting.
type OptionType string

// Setting types, from the Go type of the settings struct's field.
const (
	TypeString  OptionType = "string"  // string
	TypeEnum    OptionType = "enum"    // string with an enum tag: one of Option.Values
	TypeBool    OptionType = "bool"    // bool (also "yes", "no", "true", "false")
	TypeInt     OptionType = "int"     // int, int64: a whole number
	TypeNumber  OptionType = "number"  // float64: any number
	TypeSeconds OptionType = "seconds" // time.Duration: a number of seconds
	TypeList    OptionType = "list"    // []string: a list of strings
	TypeHash    OptionType = "hash"    // a nested struct: an object of the keys in Option.Fields
	TypeValue   OptionType = "value"   // any other Go type: a value the host gives as is (internal)
)

// Option describes one setting of an agent: a key of the settings map (and of
// --transfer-info), and with CLI a command-line option of the same name too.
type Option struct {
	Name   string     // snake_case key (--name on the command line, dashes for underscores)
	Type   OptionType // see the Type constants
	Values []string   // the choices of a TypeEnum setting
	Help   string     // one line
	// CLI settings are also command-line options (--ascp-path): the host passes their value
	// when the user gave no such key in the agent's settings.
	CLI bool
	// Internal settings are given by the host (Info.Inputs), not by users: never in help.
	Internal bool
	Fields   []Option // the keys of a TypeHash setting
}

// Field tags of a settings struct:
//
//	setting:"name[,cli][,internal]"   the key; cli: also a command-line option; internal: host-given
//	help:"one line"
//	enum:"a,b,c"                      a string's allowed values
//
// Fields without a setting tag are not settings.
const (
	tagSetting = "setting"
	tagHelp    = "help"
	tagEnum    = "enum"
)

var durationType = reflect.TypeOf(time.Duration(0))

// OptionsOf describes the settings of the struct type T from its field tags (see Decode).
// It panics when T is not a struct or a tag is malformed: settings types are fixed at build
// time, and agents call it from init.
func OptionsOf[T any]() []Option {
	t := reflect.TypeOf((*T)(nil)).Elem()
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("transfer.OptionsOf: %s is not a struct", t))
	}
	return optionsOf(t)
}

func optionsOf(t reflect.Type) []Option {
	var out []Option
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, flags, ok := settingTag(f)
		if !ok {
			continue
		}
		o := Option{Name: name, Help: f.Tag.Get(tagHelp), CLI: flags["cli"], Internal: flags["internal"]}
		ft := optional(f.Type)
		o.Type = typeOf(ft)
		if e := f.Tag.Get(tagEnum); e != "" {
			if o.Type != TypeString {
				panic(fmt.Sprintf("transfer settings: %s: enum on a %s", name, o.Type))
			}
			o.Type, o.Values = TypeEnum, strings.Split(e, ",")
		}
		if o.Type == TypeHash {
			o.Fields = optionsOf(ft)
		}
		if o.Type == TypeValue {
			o.Internal = true
		}
		out = append(out, o)
	}
	return out
}

func settingTag(f reflect.StructField) (string, map[string]bool, bool) {
	tag, ok := f.Tag.Lookup(tagSetting)
	if !ok || !f.IsExported() {
		return "", nil, false
	}
	parts := strings.Split(tag, ",")
	flags := map[string]bool{}
	for _, p := range parts[1:] {
		if p != "cli" && p != "internal" {
			panic(fmt.Sprintf("transfer settings: %s: unknown tag option %q", f.Name, p))
		}
		flags[p] = true
	}
	return parts[0], flags, true
}

// optional returns the type of the value of an optional setting (*bool, *int), else t.
func optional(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer && t.Elem().Kind() != reflect.Struct {
		return t.Elem()
	}
	return t
}

func typeOf(t reflect.Type) OptionType {
	if t == durationType {
		return TypeSeconds
	}
	switch t.Kind() {
	case reflect.String:
		return TypeString
	case reflect.Bool:
		return TypeBool
	case reflect.Int, reflect.Int64, reflect.Int32:
		return TypeInt
	case reflect.Float64:
		return TypeNumber
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return TypeList
		}
	case reflect.Struct:
		return TypeHash
	}
	return TypeValue
}

// Decode fills the struct out points to from settings, by the field tags (see OptionsOf):
// every key must be a setting of the struct (else an error naming the known ones); null values
// are absent; numbers may be int, int64, float64 or json.Number; durations are seconds;
// nested structs take objects, with the same rules. Errors wrap ErrSettings.
func Decode(settings map[string]any, out any) error {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("transfer.Decode: a pointer to a struct expected, got %T", out)
	}
	return decodeStruct(settings, v.Elem(), "")
}

func decodeStruct(m map[string]any, v reflect.Value, prefix string) error {
	t := v.Type()
	fields := map[string]int{}
	var known []string // what users may set: internal settings are the host's
	for i := 0; i < t.NumField(); i++ {
		if name, flags, ok := settingTag(t.Field(i)); ok {
			fields[name] = i
			if !flags["internal"] && typeOf(optional(t.Field(i).Type)) != TypeValue {
				known = append(known, name)
			}
		}
	}
	sort.Strings(known)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, k := range keys {
		val := m[k]
		if val == nil {
			continue // absent
		}
		i, ok := fields[k]
		if !ok {
			errs = append(errs, &settingsError{fmt.Sprintf("unknown setting %q (known: %s)", prefix+k, strings.Join(known, ", "))})
			continue
		}
		f := t.Field(i)
		if err := decodeValue(val, v.Field(i), prefix+k, f.Tag.Get(tagEnum)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func decodeValue(val any, dst reflect.Value, key, enum string) error {
	rv := reflect.ValueOf(val)
	if rv.Type().AssignableTo(dst.Type()) && typeOf(dst.Type()) == TypeValue {
		dst.Set(rv)
		return nil
	}
	if dst.Kind() == reflect.Pointer && dst.Type().Elem().Kind() != reflect.Struct {
		p := reflect.New(dst.Type().Elem())
		if err := decodeValue(val, p.Elem(), key, enum); err != nil {
			return err
		}
		dst.Set(p)
		return nil
	}
	switch typeOf(dst.Type()) {
	case TypeString:
		s, ok := val.(string)
		if !ok {
			return badSetting(key, "a string expected, got %s", describe(val))
		}
		if enum != "" && !contains(strings.Split(enum, ","), s) {
			return badSetting(key, "%q is not one of %s", s, strings.ReplaceAll(enum, ",", ", "))
		}
		dst.SetString(s)
	case TypeBool:
		b, ok := boolOf(val)
		if !ok {
			return badSetting(key, "true or false expected, got %s", describe(val))
		}
		dst.SetBool(b)
	case TypeInt:
		n, ok := intOf(val)
		if !ok {
			return badSetting(key, "a whole number expected, got %s", describe(val))
		}
		dst.SetInt(n)
	case TypeNumber:
		f, ok := floatOf(val)
		if !ok {
			return badSetting(key, "a number expected, got %s", describe(val))
		}
		dst.SetFloat(f)
	case TypeSeconds:
		f, ok := floatOf(val)
		if !ok || f < 0 {
			return badSetting(key, "a number of seconds expected, got %s", describe(val))
		}
		dst.SetInt(int64(f * float64(time.Second)))
	case TypeList:
		l, ok := stringsOf(val)
		if !ok {
			return badSetting(key, "a list of strings expected, got %s", describe(val))
		}
		dst.Set(reflect.ValueOf(l).Convert(dst.Type()))
	case TypeHash:
		m, ok := val.(map[string]any)
		if !ok {
			return badSetting(key, "an object expected, got %s", describe(val))
		}
		return decodeStruct(m, dst, key+".")
	default:
		return badSetting(key, "%s expected, got %s", dst.Type(), describe(val))
	}
	return nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// describe names a decoded value for an error: its JSON kind, and short scalars as written.
func describe(v any) string {
	switch t := v.(type) {
	case string:
		if len(t) > 40 {
			return "a string"
		}
		return fmt.Sprintf("the string %q", t)
	case bool:
		return fmt.Sprintf("the boolean %v", t)
	case json.Number, float64, int, int64:
		return fmt.Sprintf("the number %v", t)
	case map[string]any:
		return "an object"
	case []any, []string:
		return "a list"
	}
	return fmt.Sprintf("a %T", v)
}

func boolOf(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		switch strings.ToLower(t) {
		case "yes", "true":
			return true, true
		case "no", "false":
			return false, true
		}
	}
	return false, false
}

func intOf(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int64:
		return t, true
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<53 {
			return int64(t), true
		}
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n, true
		}
		if f, err := t.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), true
		}
	}
	return 0, false
}

func floatOf(v any) (float64, bool) {
	switch t := v.(type) {
	case int:
		return float64(t), true
	case int64:
		return float64(t), true
	case float64:
		return t, true
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		return f, err == nil
	}
	return 0, false
}

func stringsOf(v any) ([]string, bool) {
	switch t := v.(type) {
	case []string:
		return append([]string(nil), t...), true
	case []any:
		out := make([]string, len(t))
		for i, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return nil, false
}
