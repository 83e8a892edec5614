package spec

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// InfoKey is the spec field of ascli's client-side parameters (--transfer-info merged in).
const InfoKey = "transfer_info"

// ExtPrefix starts the client-side fields of the original aslmcli (EX_ascp_args...).
const ExtPrefix = "EX_"

// Ext are the client-side parameters of a spec: never sent to a product nor to Connect.
// Each is read from transfer_info.<name>, else from EX_<name> (transfer_info wins), so
// EX_ascp_args and transfer_info.ascp_args are the same parameter.
type Ext struct {
	AscpArgs         []string       // ascp_args: raw ascp arguments, before the file list
	FileListFolder   string         // file_list_folder: where file lists are written ("" = temp dir)
	FileList         bool           // file_list: sources in a file list (default true), else in argv
	Quiet            bool           // quiet: ascp -q (default true)
	Monitor          bool           // monitor: use the management port, report progress (default true)
	WSS              bool           // wss: use WebSocket when the server offers it (default true)
	SSHKeyPaths      []string       // ssh_key_paths: ascp -i, each
	SSHKeyValue      string         // ssh_key_value: private key PEM, ASPERA_SCP_KEY
	FallbackKey      string         // fallback_key: ascp -Y
	FallbackCert     string         // fallback_cert: ascp -I
	AtRestPassword   string         // at_rest_password: ASPERA_SCP_FILEPASS
	FaspProxyURL     string         // fasp_proxy_url: ascp --proxy
	HTTPProxyURL     string         // http_proxy_url: ascp -x
	HTTPTransferJPEG int64          // http_transfer_jpeg: ascp -j
	LogLevel         string         // loglevel: log level of the session (asession)
	Info             map[string]any // a copy of transfer_info, for the other keys (agent-specific)
	Unknown          []string       // EX_ fields this package does not know, sorted
}

// extSecret lists the extension parameters that hold secrets (see Redacted).
var extSecret = map[string]bool{"ssh_key_value": true, "at_rest_password": true}

// extNames are the parameters Ext knows.
var extNames = map[string]bool{
	"ascp_args": true, "file_list_folder": true, "file_list": true, "quiet": true, "monitor": true,
	"wss": true, "ssh_key_paths": true, "ssh_key_value": true, "fallback_key": true,
	"fallback_cert": true, "at_rest_password": true, "fasp_proxy_url": true,
	"http_proxy_url": true, "http_transfer_jpeg": true, "loglevel": true,
}

// Extensions returns the client-side parameters of s; errors name the field they come from
// (EX_ascp_args, transfer_info.ascp_args...). Parameters that are absent keep their defaults.
func (s Spec) Extensions() (Ext, error) {
	e, ps := s.extensions()
	if len(ps) == 0 {
		return e, nil
	}
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p.err()
	}
	return e, errors.Join(errs...)
}

func (s Spec) extensions() (Ext, []problem) {
	e := Ext{FileList: true, Quiet: true, Monitor: true, WSS: true}
	var ps []problem
	info, _ := s[InfoKey].(map[string]any)
	if v, ok := s[InfoKey]; ok && v != nil && info == nil {
		ps = append(ps, problem{InfoKey, ": an object expected, got " + kind(v)})
	}
	if info != nil {
		e.Info = deepCopyMap(info)
	}
	get := func(name string) (any, string) {
		if v := info[name]; v != nil {
			return v, InfoKey + "." + name
		}
		return s[ExtPrefix+name], ExtPrefix + name
	}
	str := func(name string, dst *string) {
		v, label := get(name)
		if v == nil {
			return
		}
		if t, ok := v.(string); ok {
			*dst = t
			return
		}
		ps = append(ps, problem{label, ": string expected, got " + kind(v)})
	}
	boolean := func(name string, dst *bool) {
		v, label := get(name)
		if v == nil {
			return
		}
		if t, ok := v.(bool); ok {
			*dst = t
			return
		}
		ps = append(ps, problem{label, ": boolean expected, got " + kind(v)})
	}
	strs := func(name string, dst *[]string) {
		v, label := get(name)
		if v == nil {
			return
		}
		l, err := stringList(v)
		if err != "" {
			ps = append(ps, problem{label, err})
			return
		}
		*dst = l
	}
	strs("ascp_args", &e.AscpArgs)
	str("file_list_folder", &e.FileListFolder)
	boolean("file_list", &e.FileList)
	boolean("quiet", &e.Quiet)
	boolean("monitor", &e.Monitor)
	boolean("wss", &e.WSS)
	strs("ssh_key_paths", &e.SSHKeyPaths)
	str("ssh_key_value", &e.SSHKeyValue)
	str("fallback_key", &e.FallbackKey)
	str("fallback_cert", &e.FallbackCert)
	str("at_rest_password", &e.AtRestPassword)
	str("fasp_proxy_url", &e.FaspProxyURL)
	str("http_proxy_url", &e.HTTPProxyURL)
	str("loglevel", &e.LogLevel)
	if v, label := get("http_transfer_jpeg"); v != nil {
		if n, ok := toInt(v); ok {
			e.HTTPTransferJPEG = n
		} else {
			ps = append(ps, problem{label, ": integer expected, got " + kind(v)})
		}
	}
	for k := range s {
		if name, ok := cutPrefix(k, ExtPrefix); ok && !extNames[name] {
			e.Unknown = append(e.Unknown, k)
		}
	}
	sort.Strings(e.Unknown)
	return e, ps
}

func cutPrefix(s, prefix string) (string, bool) {
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

// stringList accepts an array of strings; it returns a message on error.
func stringList(v any) ([]string, string) {
	switch l := v.(type) {
	case []string:
		return append([]string(nil), l...), ""
	case []any:
		out := make([]string, 0, len(l))
		for i, a := range l {
			t, ok := a.(string)
			if !ok {
				return nil, fmt.Sprintf(": element %d: string expected, got %s", i, kind(a))
			}
			out = append(out, t)
		}
		return out, ""
	}
	return nil, ": array of strings expected, got " + kind(v)
}

// Clean returns a copy of s without its client-side fields (EX_* and transfer_info): the spec
// to send to a product (node API, Connect, HTTP Gateway, transferd).
func (s Spec) Clean() Spec {
	out := make(Spec, len(s))
	for k, v := range s {
		if k == InfoKey || strings.HasPrefix(k, ExtPrefix) {
			continue
		}
		out[k] = deepCopy(v)
	}
	return out
}
