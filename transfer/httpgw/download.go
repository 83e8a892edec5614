package httpgw

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

// download is a running download job.
type download struct {
	*job
	client *rest.Client
	id     string
	dest   string
}

func (a *Agent) startDownload(ctx context.Context, ts map[string]any, o transfer.Options) (transfer.Job, error) {
	items, err := pathItems(ts["paths"])
	if err != nil {
		return nil, err
	}
	zip, _ := ts["zip_required"].(bool)
	first := items[0]["source"].(string)
	for _, it := range items {
		if s := it["source"].(string); s == "." || s == "/" {
			zip = true
		}
	}
	if len(items) > 1 {
		zip = true
	}
	ts["zip_required"] = zip
	if r, _ := ts["source_root"].(string); r == "" {
		ts["source_root"] = "/"
	}
	name, _ := ts["download_name"].(string)
	if name == "" {
		name = downloadName(first, len(items))
		ts["download_name"] = name
	}
	destRoot, _ := ts["destination_root"].(string)
	if destRoot == "" {
		destRoot = "."
	}
	if st, err := os.Stat(destRoot); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("httpgw agent: destination_root %s is not a folder", destRoot)
	}
	file := path.Base(strings.TrimRight(filepath.ToSlash(first), "/"))
	if zip {
		file = name + ".zip"
	}
	if file == "" || file == "." || file == "/" || file == ".." || strings.ContainsAny(file, `/\`) {
		return nil, fmt.Errorf("httpgw agent: cannot name the downloaded file %q", file)
	}
	c, _, err := newClient(a.URL, a.Settings)
	if err != nil {
		return nil, err
	}
	v, err := c.Post(ctx, "v1/download", map[string]any{"transfer_spec": ts})
	if err != nil {
		return nil, fmt.Errorf("httpgw agent: download: %w", err)
	}
	id := downloadID(v)
	if id == "" {
		return nil, errors.New("httpgw agent: download: the gateway answered neither transfer_spec_id nor url")
	}
	jctx, cancel := context.WithCancel(context.Background())
	d := &download{job: newJob(o, cancel), client: c, id: id, dest: filepath.Join(destRoot, file)}
	d.Emit(transfer.Event{Type: transfer.SessionStart, Files: 1})
	go d.run(jctx)
	return d, nil
}

// downloadName is aspera-cli's default download_name: the first source's basename without
// extension, plus " N Files" when there are several.
func downloadName(first string, n int) string {
	base := path.Base(strings.TrimRight(filepath.ToSlash(first), "/"))
	if base == "." || base == "/" || base == "" {
		base = "download"
	}
	if ext := path.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	if n > 1 {
		base += fmt.Sprintf(" %d Files", n)
	}
	return base
}

// downloadID takes transfer_spec_id, else the last path segment of url.
func downloadID(v any) string {
	m, _ := v.(map[string]any)
	if id, _ := m["transfer_spec_id"].(string); id != "" {
		return id
	}
	raw, _ := m["url"].(string)
	if raw == "" {
		return ""
	}
	if u, err := url.Parse(raw); err == nil {
		raw = u.Path
	}
	raw = strings.TrimRight(raw, "/")
	id := raw[strings.LastIndex(raw, "/")+1:]
	if s, err := url.PathUnescape(id); err == nil {
		id = s
	}
	return id
}

func (d *download) run(ctx context.Context) {
	sized := false
	var written int64
	n, err := d.client.Download(ctx, &rest.Request{Method: http.MethodGet, Path: "v1/download/" + url.PathEscape(d.id)}, d.dest,
		func(done, total int64) {
			if !sized {
				sized = true
				if total >= 0 {
					d.Emit(transfer.Event{Type: transfer.Sizes, Total: total, Files: 1})
				}
			}
			written = done
			d.Emit(transfer.Event{Type: transfer.Progress, Bytes: done, Total: max(total, 0)})
		})
	if err != nil {
		d.finish(written, 0, err)
		return
	}
	d.Emit(transfer.Event{Type: transfer.FileDone, File: d.dest, Bytes: n, Total: n, Files: 1})
	d.finish(n, 1, nil)
}
