package orchestrator

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// DecodeXML reads an XML document into plain values and returns the name of its root element
// and the root's value (the root itself is dropped, as XmlSimple does, so that the content of
// <workflows><workflow/></workflows> is {"workflow": ...}). Decoding rules, so that an XML
// answer becomes the rows of a table:
//   - an element with neither attributes nor child elements is its text (trimmed);
//   - any other element is an object: its attributes and its child elements are its fields (a
//     name that repeats becomes a list, in document order), and its non-blank text is the
//     field "content";
//   - Rails-style typing is honoured: nil="true" is null, type="integer" a number,
//     type="boolean" a boolean, type="array" the list of its children's values (the type
//     attributes themselves are not fields).
func DecodeXML(r io.Reader) (string, any, error) {
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return "", nil, errors.New("XML: no root element")
		}
		if err != nil {
			return "", nil, fmt.Errorf("XML: %w", err)
		}
		if start, ok := tok.(xml.StartElement); ok {
			v, err := element(dec, start)
			if err != nil {
				return "", nil, fmt.Errorf("XML: %w", err)
			}
			return start.Name.Local, v, nil
		}
	}
}

// node is an element being read.
type node struct {
	fields map[string]any
	text   strings.Builder
	items  []any // type="array": the children's values
	kind   string
	isNil  bool
	hasSub bool
}

func (n *node) add(name string, v any) {
	if old, ok := n.fields[name]; ok {
		if l, isList := old.(repeated); isList {
			n.fields[name] = append(l, v)
		} else {
			n.fields[name] = repeated{old, v}
		}
		return
	}
	n.fields[name] = v
}

// repeated marks a list made of repeated elements (as opposed to a value that is a list).
type repeated []any

// element reads the content of start up to its end element.
func element(dec *xml.Decoder, start xml.StartElement) (any, error) {
	n := &node{fields: map[string]any{}}
	for _, a := range start.Attr {
		switch {
		case a.Name.Local == "nil" && a.Value == "true":
			n.isNil = true
		case a.Name.Local == "type" && a.Name.Space == "" && railsType(a.Value):
			n.kind = a.Value
		case a.Name.Space == "xmlns" || a.Name.Local == "xmlns":
		default:
			n.add(a.Name.Local, a.Value)
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return nil, fmt.Errorf("element <%s> is not closed", start.Name.Local)
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			v, err := element(dec, t)
			if err != nil {
				return nil, err
			}
			n.hasSub = true
			if n.kind == "array" {
				n.items = append(n.items, v)
			} else {
				n.add(t.Name.Local, v)
			}
		case xml.CharData:
			n.text.Write(t)
		case xml.EndElement:
			return n.value(), nil
		}
	}
}

func railsType(t string) bool {
	switch t {
	case "integer", "boolean", "array", "datetime", "date", "float", "decimal", "string", "symbol":
		return true
	}
	return false
}

// value is the element's value once read (see DecodeXML).
func (n *node) value() any {
	text := strings.TrimSpace(n.text.String())
	switch {
	case n.isNil:
		return nil
	case n.kind == "array":
		if n.items == nil {
			return []any{}
		}
		return n.items
	}
	if len(n.fields) == 0 && !n.hasSub {
		switch n.kind {
		case "integer", "float", "decimal":
			if text != "" {
				return json.Number(text)
			}
		case "boolean":
			return text == "true"
		}
		return text
	}
	out := make(map[string]any, len(n.fields)+1)
	for k, v := range n.fields {
		if l, ok := v.(repeated); ok {
			v = []any(l)
		}
		out[k] = v
	}
	if text != "" {
		out["content"] = text
	}
	return out
}

// List returns v as a list: nil is empty, a list is itself, any other value is a list of one
// (an XML element that appears once is not a list, yet the API means a list of one).
func List(v any) []any {
	switch t := v.(type) {
	case nil:
		return []any{}
	case []any:
		return t
	case string:
		if t == "" {
			return []any{}
		}
	}
	return []any{v}
}
