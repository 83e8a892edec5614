package format

import (
	"bytes"
	"fmt"
	"io"

	"github.com/asperalm/aslmcli/internal/secret"
)

// Stream produces the records of a list one at a time: the next record, false at the end.
type Stream func() (any, bool, error)

// StreamChunk is the number of records WriteStream renders at a time.
const StreamChunk = 1000

// WriteStream writes a list of records as next produces them, so that a listing of any length
// runs in constant memory: csv, json, jsonpp and yaml are written chunk by chunk (the output is
// byte for byte what Write gives for the whole list); the csv columns are computed on the
// first records (a chunk whose select leaves nothing does not fix them), json and yaml fields
// on each record as Write does; a table needs the whole list (column widths) and collects it
// first. The options are checked before anything is read; an error of next after the output
// started leaves what was written (a json array is then left open).
func WriteStream(w io.Writer, next Stream, r Result, o Options) error {
	name, items, pred, err := check(o)
	if err != nil {
		return err
	}
	r.Kind = ObjectList
	if name == "table" {
		var all []any
		for {
			rec, ok, err := next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			all = append(all, rec)
		}
		r.Data = all
		return Write(w, r, o)
	}
	var fields []string
	chunks, elems := 0, false
	var buf bytes.Buffer
	for done := false; !done; {
		chunk := make([]any, 0, StreamChunk)
		for len(chunk) < StreamChunk {
			rec, ok, err := next()
			if err != nil {
				return err
			}
			if !ok {
				done = true
				break
			}
			chunk = append(chunk, rec)
		}
		if len(chunk) == 0 && chunks > 0 {
			break
		}
		co := o
		if name == "csv" && fields != nil {
			co.Fields = fields
		} else if name == "csv" {
			data := normalise(chunk)
			if !o.ShowSecrets && secret.Has(data) {
				data = secret.Redact(data)
			}
			v, err := buildView(ObjectList, data, newViewSpec(name, items, r.Fields, pred, o.FlatHash))
			if err != nil {
				return err
			}
			if len(v.recs) > 0 && len(v.fields) > 0 {
				fields = v.fields
				co.Fields = fields
			}
		}
		cr := Result{Kind: ObjectList, Data: chunk, Fields: r.Fields}
		if name == "csv" {
			if err := Write(w, cr, co); err != nil {
				return err
			}
			chunks++
			continue
		}
		buf.Reset()
		if err := Write(&buf, cr, co); err != nil {
			return err
		}
		var wrote bool
		if name == "yaml" {
			wrote, err = yamlChunkOut(w, buf.Bytes())
		} else {
			wrote, err = jsonChunk(w, buf.Bytes(), name == "jsonpp", elems)
		}
		if err != nil {
			return err
		}
		elems = elems || wrote
		chunks++
	}
	if name == "csv" {
		return nil
	}
	end := "[]\n"
	switch {
	case elems && name == "yaml":
		return nil
	case elems && name == "jsonpp":
		end = "\n]\n"
	case elems:
		end = "]\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

// jsonChunk writes the elements of the JSON array doc (one chunk) as the continuation of the
// array being written: the opening bracket before the first element, a comma between chunks.
// It returns whether it wrote elements.
func jsonChunk(w io.Writer, doc []byte, pretty, started bool) (bool, error) {
	open, close, sep := []byte("["), []byte("]\n"), ","
	if pretty {
		open, close, sep = []byte("[\n"), []byte("\n]\n"), ",\n"
	}
	if bytes.Equal(bytes.TrimSpace(doc), []byte("[]")) {
		return false, nil
	}
	if !bytes.HasPrefix(doc, open) || !bytes.HasSuffix(doc, close) {
		return false, fmt.Errorf("format: unexpected json chunk")
	}
	body := doc[len(open) : len(doc)-len(close)]
	prefix := sep
	if !started {
		prefix = string(open)
	}
	if _, err := io.WriteString(w, prefix); err != nil {
		return false, err
	}
	_, err := w.Write(body)
	return err == nil, err
}

// yamlChunkOut writes the YAML sequence doc (one chunk) as the continuation of the sequence
// being written: YAML block sequences concatenate. It returns whether it wrote elements.
func yamlChunkOut(w io.Writer, doc []byte) (bool, error) {
	if bytes.Equal(bytes.TrimSpace(doc), []byte("[]")) {
		return false, nil
	}
	if !bytes.HasPrefix(doc, []byte("- ")) && !bytes.HasPrefix(doc, []byte("-\n")) {
		return false, fmt.Errorf("format: unexpected yaml chunk")
	}
	_, err := w.Write(doc)
	return err == nil, err
}
