package orchestratorsim

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
)

// The simulator builds each answer once as a plain value and renders it as JSON or XML, as
// Orchestrator does: maps are objects (XML: elements), a key "@name" is an XML attribute
// (JSON: the field "name"), a list is the repeated element of its key (JSON: an array), nil
// is <x nil="true"/> (JSON: null).

type obj = map[string]any

// format returns the answer format a request asks for: the path's extension, else the query
// parameter format, else the Accept header; XML when none says (the API's default).
func format(r *http.Request) string {
	switch path.Ext(r.URL.Path) {
	case ".json":
		return "json"
	case ".xml":
		return "xml"
	}
	switch strings.ToLower(r.URL.Query().Get("format")) {
	case "json":
		return "json"
	case "xml":
		return "xml"
	}
	accept := r.Header.Get("Accept")
	switch {
	case strings.Contains(accept, "json"):
		return "json"
	case strings.Contains(accept, "xml"):
		return "xml"
	}
	return "xml"
}

// write renders {root: content} in format f.
func write(w http.ResponseWriter, status int, f, root string, content any) {
	var body []byte
	if f == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		body, _ = json.Marshal(map[string]any{root: jsonValue(content)})
	} else {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		body = xmlDocument(root, content)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeJSON writes v as it is (answers whose JSON has no root, such as plugin_version).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(jsonValue(v))
}

// writeError answers an error as JSON: {"error": message}, and, for a work order refused,
// the work_order's statusDetails and the missing parameters.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, obj{"error": msg})
}

func jsonValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[strings.TrimPrefix(k, "@")] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

func xmlDocument(root string, content any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	encodeElement(enc, root, content)
	_ = enc.Flush()
	b.WriteByte('\n')
	return b.Bytes()
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func encodeElement(enc *xml.Encoder, name string, v any) {
	start := xml.StartElement{Name: xml.Name{Local: name}}
	switch t := v.(type) {
	case nil:
		start.Attr = []xml.Attr{{Name: xml.Name{Local: "nil"}, Value: "true"}}
		_ = enc.EncodeToken(start)
	case map[string]any:
		keys := sortedKeys(t)
		for _, k := range keys {
			if strings.HasPrefix(k, "@") {
				start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: k[1:]}, Value: scalar(t[k])})
			}
		}
		_ = enc.EncodeToken(start)
		for _, k := range keys {
			if strings.HasPrefix(k, "@") {
				continue
			}
			if k == "content" {
				_ = enc.EncodeToken(xml.CharData(scalar(t[k])))
				continue
			}
			if l, ok := t[k].([]any); ok {
				for _, item := range l {
					encodeElement(enc, k, item)
				}
				continue
			}
			encodeElement(enc, k, t[k])
		}
	case []any:
		// a list as a whole element: its items are the singular of its name
		_ = enc.EncodeToken(start)
		for _, item := range t {
			encodeElement(enc, strings.TrimSuffix(name, "s"), item)
		}
	default:
		_ = enc.EncodeToken(start)
		_ = enc.EncodeToken(xml.CharData(scalar(t)))
	}
	_ = enc.EncodeToken(start.End())
}

func scalar(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	}
	return fmt.Sprint(v)
}
