// Package format renders command results for aslmcli: table, csv, json, jsonpp and yaml, with
// --fields, --select, flat hashes and secret hiding.
//
// A command hands a Result (a Kind and JSON-like Data) to Write with the user's Options. Write
// always proceeds in the same order: normalise the data (map[string]string, []string and
// []map[string]any become map[string]any / []any), hide secrets with secret.Redact unless
// ShowSecrets, resolve the Kind, apply Select (ObjectList only), compute the fields, render.
// Every check (format name, fields spec, select, predicate) runs before the first byte is
// written: an error means nothing was written.
//
// Unlike the peer tool (ascli), json and yaml outputs are always valid documents (Nothing is
// `null`, Status is {"status": msg}), secrets are hidden in every format, --fields filters
// single objects too, and --select and --fields accept dot-paths in every format.
//
// Fields: a command's default fields (Result.Fields, "DEF") apply to table and csv only; in json
// and yaml DEF means every field, so that without --fields a script gets each whole record, as
// ascli gives it (fields are then computed for each record, DEF and ALL being its own keys). A
// spec of exclusions only (`-mtime`) means DEF minus those. An object prints as field/value
// rows in table and csv, even with one field, unless --fields names exactly one field: then its
// value alone (the ascli idiom `--fields=id` for scripts).
//
// Cells (table and csv): floats that are not integers are rounded to 15 significant digits
// (0.1+0.2 shows 0.3); json and yaml keep the exact value, and --select compares exact values.
// Flat hashes follow ascli's flattener for two kinds of lists: a name/value list
// ([{"name":"sync","value":true}]) shows as keys `capabilities.sync`, a list of {"name":...}
// as the list of names.
//
// Cost: formatting is linear in the size of the data (fields are an ordered set, yaml is
// written in chunks of top-level entries: see yamlChunk).
//
// Decisions taken where the brief was silent:
//   - Fields: items are trimmed of spaces; a list item may itself hold commas; DEF and ALL are
//     case-sensitive; a field added twice is kept once, at its first place; `-name` removes every
//     occurrence and is a no-op when absent; an empty string spec is an error (pass nil for "not
//     set"); Result.Fields empty (non-nil) behaves as nil (all fields).
//   - A field is looked up first as a flattened key (table/csv with FlatHash), then as a path in
//     the nested record, so `--fields=a` shows the compact JSON of a nested object. A field that
//     is absent gives an empty cell (not <null>).
//   - Dot-paths: at each level an existing key containing dots wins over splitting it
//     ({"a.b":1} answers "a.b"); list elements are addressed by decimal index. Flatten resolves
//     key collisions deterministically: keys are visited in sorted order, the last one wins.
//   - A list is flattened by index when one of its elements is a map or a list (except the
//     name/value and name lists above); a list of scalars stays a list.
//   - Select: a missing path matches only nil; numbers compare numerically when one side is a
//     number and the other a number or numeric string (two strings compare as strings);
//     booleans match true/false/yes/no/on/off strings (case-insensitive); maps and lists compare
//     by their JSON. Select may also be a func(map[string]any) bool or a map[string]string; any
//     other type is an error. The predicate sees the record with secrets already hidden.
//   - An Object that is empty, or has no field left, renders like an empty list in table/csv
//     ("(empty)" on a TTY, else nothing); in json/yaml it is {}. An ObjectList with no field left
//     renders like an empty list in table/csv and as a list of {} in json/yaml.
//   - The fields spec and the type of Select are checked for every kind, even where they do not
//     apply (Value, Status...), so a typo is reported at once.
//   - Kind/Data mismatches: Object accepts a map (nil or an empty list count as {}); ObjectList
//     accepts a list of maps (nil is empty), a non-map element is an error; ValueList accepts a
//     list (nil is empty) or a single value (a list of one); Status accepts any value (shown as its
//     cell text). In csv, Value and Status are written as one csv field (quoted when needed).
//   - Table headers are left-aligned; the plain (non-TTY) table separates columns by two spaces,
//     spreads multi-line cells over several lines and measures widths with go-runewidth with East
//     Asian ambiguous runes as narrow (independent of the locale).
//   - Typed nil containers ([]string(nil), map[string]string(nil)) are empty containers, so a
//     nil slice prints as [] in json; other slices and string-keyed maps are converted with
//     reflection; values of other types are rendered as encoding/json would.
//   - Floats (rounded in cells, exact in json/yaml) are printed as encoding/json prints them;
//     json.Number is written to yaml as a plain number (!!int / !!float) when it parses as one
//     (an integer beyond int64 is written untagged, exact, and yaml.v3 reads it back as a
//     float).
//   - Unlike ascli, one field on a list in json/yaml still gives a list of objects
//     ([{"id":1}], not [1]): the shape does not depend on the number of fields.
//   - TTY tables are rendered into a buffer first, because tablewriter ignores write errors.
package format

import (
	"fmt"
	"io"
	"strings"

	"github.com/asperalm/aslmcli/internal/secret"
)

// Kind tells Write how to present Result.Data.
type Kind int

const (
	Auto       Kind = iota // decided from Data by Detect
	Object                 // map[string]any: one record
	ObjectList             // list of records
	ValueList              // list of scalars; Result.Name is the column title (default "value")
	Value                  // one scalar or text
	Status                 // a status message (Data is a string)
	Nothing                // no data
)

// Result is what a command hands to the formatter.
type Result struct {
	Kind   Kind
	Data   any
	Name   string   // column title of a ValueList; for a Value, its key (a secret key hides it)
	Fields []string // the command's default fields ("DEF"); nil means all fields
}

// Options are the user's output options (--format, --fields, --select, --flat-hash,
// --show-secrets) plus whether the output is a terminal.
type Options struct {
	Format      string // "table" (default when empty), "csv", "json", "jsonpp", "yaml"
	Fields      any    // nil, a string "a,b,-c,DEF,ALL", or []string / []any of such items
	Select      any    // nil, map[string]any (all key/value pairs must match), or func(map[string]any) (bool, error)
	FlatHash    bool   // flatten nested objects to dot-paths in table/csv (the CLI default is true)
	ShowSecrets bool   // when false (default) secret values are hidden with secret.Redact
	TTY         bool   // true: table with rounded box drawing; false: plain aligned columns
}

var formats = []string{"table", "csv", "json", "jsonpp", "yaml"}

// Formats lists the accepted Format names, the default ("table") first.
func Formats() []string {
	return append([]string(nil), formats...)
}

// Detect returns the kind Auto stands for: nil -> Nothing; map -> Object; list whose elements
// are all maps (or empty) -> ObjectList; other list -> ValueList; anything else -> Value.
func Detect(data any) Kind {
	switch t := shallow(data).(type) {
	case nil:
		return Nothing
	case map[string]any:
		return Object
	case []any:
		for _, e := range t {
			if _, ok := shallow(e).(map[string]any); !ok {
				return ValueList
			}
		}
		return ObjectList
	}
	return Value
}

// check validates the options every writer needs: the format's name, the parsed fields spec
// and the select predicate.
func check(o Options) (string, spec, func(map[string]any) (bool, error), error) {
	name, err := checkFormat(o.Format)
	if err != nil {
		return "", nil, nil, err
	}
	items, err := parseSpec(o.Fields)
	if err != nil {
		return "", nil, nil, err
	}
	pred, err := predicate(o.Select)
	if err != nil {
		return "", nil, nil, err
	}
	return name, items, pred, nil
}

// Write renders r to w according to o. It returns an error for an unknown format, a bad fields
// spec, a bad select, a predicate error or a Kind that does not fit Data; these are detected
// before anything is written. Write errors of w are returned too: output written before an
// error must not be considered valid.
func Write(w io.Writer, r Result, o Options) error {
	name, items, pred, err := check(o)
	if err != nil {
		return err
	}
	data := normalise(r.Data)
	if !o.ShowSecrets {
		if secret.Has(data) {
			data = secret.Redact(data)
		}
	}
	kind := r.Kind
	if kind == Auto {
		kind = Detect(data)
	}
	if kind == Value && !o.ShowSecrets && r.Name != "" && data != nil && data != "" && secret.IsSecretKey(r.Name) {
		data = secret.Mask
	}
	out := writer{w: w, format: name, opts: o}
	switch kind {
	case Nothing:
		return out.nothing()
	case Status:
		return out.status(data)
	case Value:
		return out.value(data)
	case ValueList:
		return out.values(valueList(data), r.Name)
	case Object, ObjectList:
		v, err := buildView(kind, data, newViewSpec(name, items, r.Fields, pred, o.FlatHash))
		if err != nil {
			return err
		}
		return out.records(v)
	}
	return fmt.Errorf("format: unknown result kind %d", kind)
}

func checkFormat(f string) (string, error) {
	if f == "" {
		return "table", nil
	}
	for _, n := range formats {
		if f == n {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (use one of: %s)", f, strings.Join(formats, ", "))
}

// newViewSpec gathers what buildView needs for the format name.
func newViewSpec(name string, items spec, def []string, pred func(map[string]any) (bool, error), flatHash bool) viewSpec {
	structured := name == "json" || name == "jsonpp" || name == "yaml"
	return viewSpec{items: items, def: def, pred: pred, flat: flatHash && !structured, structured: structured}
}

// valueList returns the elements of a ValueList's data.
func valueList(data any) []any {
	switch t := data.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{data}
}

// writer dispatches each kind to the chosen format.
type writer struct {
	w      io.Writer
	format string
	opts   Options
}

func (o writer) structured() bool {
	return o.format == "json" || o.format == "jsonpp" || o.format == "yaml"
}

func (o writer) encode(v any) error {
	if o.format == "yaml" {
		return writeYAML(o.w, v)
	}
	return writeJSON(o.w, v, o.format == "jsonpp")
}

func (o writer) nothing() error {
	if o.structured() {
		return o.encode(nil)
	}
	return nil
}

func (o writer) status(data any) error {
	msg := cellText(data, "\n")
	if o.structured() {
		return o.encode(map[string]any{"status": msg})
	}
	return o.line(msg)
}

func (o writer) value(data any) error {
	if o.structured() {
		return o.encode(data)
	}
	return o.line(cellText(data, o.listSep()))
}

func (o writer) listSep() string {
	if o.format == "csv" {
		return ", "
	}
	return "\n"
}

// line writes one text line: raw in table, one csv field in csv.
func (o writer) line(s string) error {
	if o.format == "csv" {
		return writeCSV(o.w, func(emit func([]string) error) error { return emit([]string{s}) })
	}
	_, err := io.WriteString(o.w, s+"\n")
	return err
}

func (o writer) values(list []any, name string) error {
	if o.structured() {
		if list == nil {
			list = []any{}
		}
		return o.encode(list)
	}
	if name == "" {
		name = "value"
	}
	sep := o.listSep()
	rows := make([][]string, len(list))
	for i, e := range list {
		rows[i] = []string{cellText(e, sep)}
	}
	return o.grid([]string{name}, rows)
}

// grid renders rows in table or csv; csv has no header.
func (o writer) grid(header []string, rows [][]string) error {
	if o.format == "csv" {
		return writeCSV(o.w, func(emit func([]string) error) error {
			for _, r := range rows {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return writeTable(o.w, header, rows, o.opts.TTY)
}

func (o writer) records(v *view) error {
	if o.structured() {
		return o.encode(v.project())
	}
	if len(v.fields) == 0 || len(v.recs) == 0 {
		return o.grid(nil, nil)
	}
	sep := o.listSep()
	if v.single {
		if v.bare && len(v.fields) == 1 {
			return o.line(v.cellText(0, v.fields[0], sep))
		}
		rows := make([][]string, len(v.fields))
		for i, f := range v.fields {
			rows[i] = []string{f, v.cellText(0, f, sep)}
		}
		return o.grid([]string{"field", "value"}, rows)
	}
	if o.format == "csv" {
		return writeCSV(o.w, func(emit func([]string) error) error {
			row := make([]string, len(v.fields))
			for i := range v.recs {
				v.row(i, sep, row)
				if err := emit(row); err != nil {
					return err
				}
			}
			return nil
		})
	}
	rows := make([][]string, len(v.recs))
	for i := range v.recs {
		rows[i] = v.row(i, sep, make([]string, len(v.fields)))
	}
	return o.grid(v.fields, rows)
}
