package ascp

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/asperalm/aslmcli/transfer/spec"
)

// BuildOptions are the parts of an ascp invocation that do not come from the spec.
type BuildOptions struct {
	Ascp     string // path of ascp
	TempDir  string // where file lists go (default os.TempDir)
	NoList   bool   // sources on the command line instead of a --file-list file
	ExtraArg []string
}

// Build makes the ascp invocation of a transfer spec with the schema's mapping
// (transfer/spec): ascp options from x-cli-option (switches, enum conversions, base64 and
// JSON+base64 values, repeated options for arrays), secrets only in the ASPERA_SCP_*
// environment variables of x-cli-envvar (never in argv), the raw arguments of EX_ascp_args /
// transfer_info.ascp_args, then --dest64, the sources in a --file-list (or --file-pair-list)
// file created 0600 and removed after the run, and the base64 destination last. The
// client-side extensions (transfer_info.* / EX_*) apply: quiet (-q, default), file_list
// (false: sources on the command line), file_list_folder, ssh_key_paths (-i),
// ssh_key_value and at_rest_password (environment), fallback_cert/key (-I/-Y with HTTP
// fallback), fasp_proxy_url (--proxy), http_proxy_url (-x), http_transfer_jpeg (-j), and wss
// (WebSocket when the spec enables it). A token
// transfer without password or key uses the token-auth ("bypass") key of the ascp
// installation, when there is one. The password of a proxy URL (proxy, fasp_proxy_url) goes
// to ASPERA_PROXY_PASS, the URL without it to --proxy. Fields for other agents are left out;
// multi_session is the agent's (Agent.Sessions).
func Build(s spec.Spec, o BuildOptions) (Invocation, error) {
	inv := Invocation{Path: o.Ascp}
	ext, err := s.Extensions()
	if err != nil {
		return Invocation{}, err
	}
	s, wss := webSocket(s, ext)
	if p, ok := s["proxy"].(string); ok {
		if clean, pass := proxyPassword(p); pass != "" {
			s = spec.Merge(s, map[string]any{"proxy": clean})
			inv.Env = append(inv.Env, "ASPERA_PROXY_PASS="+pass)
		}
	}
	if clean, pass := proxyPassword(ext.FaspProxyURL); pass != "" {
		ext.FaspProxyURL = clean
		inv.Env = append(inv.Env, "ASPERA_PROXY_PASS="+pass)
	}
	fields := spec.Fields()
	names := make([]string, 0, len(s))
	for k := range s {
		names = append(names, k)
	}
	sort.Strings(names)
	var args []string
	if ext.Quiet {
		args = append(args, "-q")
	}
	for _, name := range names {
		v := s[name]
		f, ok := fields[name]
		if !ok || v == nil || !f.For("direct") {
			continue
		}
		if f.EnvVar != "" {
			inv.Env = append(inv.Env, f.EnvVar+"="+text(v))
		}
		if f.Special {
			a, err := special(name, v)
			if err != nil {
				return Invocation{}, err
			}
			args = append(args, a...)
			continue
		}
		if f.Option == "" {
			continue
		}
		a, err := option(f, v)
		if err != nil {
			return Invocation{}, err
		}
		args = append(args, a...)
	}
	if wss {
		args = append(args, "--ws-connect")
	}
	args = append(args, extArgs(ext, s, &inv)...)
	if _, isToken := s["token"].(string); isToken && s["remote_password"] == nil && s["ssh_private_key"] == nil &&
		s["ssh_private_key_path"] == nil && len(ext.SSHKeyPaths) == 0 && ext.SSHKeyValue == "" {
		// token transfers log in with the token-auth key of the installation (an empty token
		// too: ascp then ignores it)
		if key := bypassKey(o.Ascp); key != "" {
			args = append(args, "-i", key)
		}
	}
	args = append(args, ext.AscpArgs...)
	args = append(args, o.ExtraArg...)
	lo := o
	if !ext.FileList {
		lo.NoList = true
	}
	if ext.FileListFolder != "" {
		lo.TempDir = ext.FileListFolder
	}
	files, err := fileList(s, lo, &inv)
	if err != nil {
		return Invocation{}, err
	}
	dest, _ := s["destination_root"].(string)
	if dest == "" {
		dest = "/"
	}
	args = append(args, "--dest64")
	args = append(args, files...)
	args = append(args, base64.StdEncoding.EncodeToString([]byte(dest)))
	inv.Args = args
	return inv, nil
}

// proxyPassword splits the password out of a proxy URL (dnats://user:pass@host:port): ascp
// reads it from ASPERA_PROXY_PASS, so that it never shows in ascp's argv.
func proxyPassword(raw string) (string, string) {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw, ""
	}
	pass, ok := u.User.Password()
	if !ok || pass == "" {
		return raw, ""
	}
	u.User = url.User(u.User.Username())
	return u.String(), pass
}

// webSocket applies the WebSocket transport (protocols.md 1.5): with wss_enabled, and the wss
// extension on (default) or no fasp_port, ascp connects with --ws-connect to wss_port (as its
// ssh port) and fasp_port and sshfp are dropped; otherwise wss_port is dropped.
func webSocket(s spec.Spec, ext spec.Ext) (spec.Spec, bool) {
	on, _ := s["wss_enabled"].(bool)
	if on && (ext.WSS || s["fasp_port"] == nil) {
		over := map[string]any{"fasp_port": nil, "sshfp": nil, "wss_port": nil}
		if p, ok := s["wss_port"]; ok && p != nil {
			over["ssh_port"] = p
		}
		return spec.Merge(s, over), true
	}
	if _, ok := s["wss_port"]; ok {
		return spec.Merge(s, map[string]any{"wss_port": nil}), false
	}
	return s, false
}

// extArgs renders the client-side extension fields (EX_* / transfer_info.*).
func extArgs(ext spec.Ext, s spec.Spec, inv *Invocation) []string {
	var args []string
	for _, k := range ext.SSHKeyPaths {
		args = append(args, "-i", k)
	}
	if ext.SSHKeyValue != "" {
		inv.Env = append(inv.Env, "ASPERA_SCP_KEY="+ext.SSHKeyValue)
	}
	if ext.AtRestPassword != "" {
		inv.Env = append(inv.Env, "ASPERA_SCP_FILEPASS="+ext.AtRestPassword)
	}
	if fb := text(s["http_fallback"]); fb == "true" || fb == "force" || fb == "1" {
		if ext.FallbackCert != "" {
			args = append(args, "-I", ext.FallbackCert)
		}
		if ext.FallbackKey != "" {
			args = append(args, "-Y", ext.FallbackKey)
		}
	}
	if ext.FaspProxyURL != "" {
		args = append(args, "--proxy", ext.FaspProxyURL)
	}
	if ext.HTTPProxyURL != "" {
		args = append(args, "-x", ext.HTTPProxyURL)
	}
	if ext.HTTPTransferJPEG != 0 {
		args = append(args, "-j", strconv.FormatInt(ext.HTTPTransferJPEG, 10))
	}
	return args
}

// option renders one field as ascp arguments.
func option(f spec.Field, v any) ([]string, error) {
	if l, ok := v.([]any); ok {
		var out []string
		for _, e := range l {
			a, err := option(f, e)
			if err != nil {
				return nil, err
			}
			out = append(out, a...)
		}
		return out, nil
	}
	if b, ok := v.(bool); ok && f.ConvertMap == nil {
		switch {
		case b:
			return []string{f.Option}, nil
		case f.False != "":
			return []string{f.False}, nil
		}
		return nil, nil // a false switch (and preserve_times=false) emits nothing
	}
	if f.Switch {
		return nil, fmt.Errorf("transfer spec: field %q: true or false expected, got %v", f.Name, v)
	}
	val := text(v)
	switch {
	case f.ConvertMap != nil:
		c, ok := f.ConvertMap[val]
		if !ok {
			return nil, fmt.Errorf("transfer spec: field %q: %q is not one of %s", f.Name, val, mapKeys(f.ConvertMap))
		}
		val = c
	case f.Convert == "remove_hyphen":
		val = strings.ReplaceAll(val, "-", "")
	case f.Convert == "base64":
		val = base64.StdEncoding.EncodeToString([]byte(val))
	case f.Convert == "json64":
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("transfer spec: field %q: %w", f.Name, err)
		}
		val = base64.StdEncoding.EncodeToString(b)
	}
	return []string{f.Option, val}, nil
}

func mapKeys(m map[string]string) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// text renders a scalar as ascp expects it.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case map[string]any, []any:
		b, _ := json.Marshal(t)
		return string(b)
	}
	return fmt.Sprint(v)
}

// special handles the fields the schema marks x-cli-special.
func special(name string, v any) ([]string, error) {
	switch name {
	case "delete_source":
		if b, _ := v.(bool); b {
			return []string{"--remove-after-transfer", "--remove-empty-directories", "--remove-empty-source-directory"}, nil
		}
	case "ssh_args":
		var out []string
		for _, a := range anyList(v) {
			out = append(out, "--ssh-arg", text(a))
		}
		return out, nil
	case "use_ascp4":
		if b, _ := v.(bool); b {
			return nil, errors.New("transfer spec: use_ascp4 is not supported by the direct agent")
		}
	case "wss_enabled":
		// WebSocket transport: ascp needs --ws-connect with the node's wss port; not used
		// unless the spec asks for it explicitly with wss_port.
	}
	// paths, destination_root, multi_session, wss_port: handled by Build and the agent
	return nil, nil
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

// fileList writes the sources (and destinations) of paths into a temporary file list.
func fileList(s spec.Spec, o BuildOptions, inv *Invocation) ([]string, error) {
	paths := anyList(s["paths"])
	if len(paths) == 0 {
		if b, _ := s["keepalive"].(bool); b {
			return nil, nil
		}
		return nil, errors.New("transfer spec: field \"paths\" is required")
	}
	var sources, pairs []string
	withDest := 0
	for i, p := range paths {
		m, _ := p.(map[string]any)
		src, _ := m["source"].(string)
		if src == "" {
			return nil, fmt.Errorf("transfer spec: paths[%d] has no source", i)
		}
		sources = append(sources, src)
		if d, ok := m["destination"].(string); ok && d != "" {
			withDest++
			pairs = append(pairs, src, d)
		}
	}
	if withDest != 0 && withDest != len(paths) {
		return nil, errors.New("transfer spec: paths: either every entry has a destination or none has")
	}
	if o.NoList {
		if withDest > 0 {
			return nil, errors.New("transfer spec: source/destination pairs need a file list")
		}
		return sources, nil
	}
	lines, opt := sources, "--file-list="
	if withDest > 0 {
		lines, opt = pairs, "--file-pair-list="
	}
	f, err := os.CreateTemp(o.TempDir, "aslmcli-filelist-")
	if err != nil {
		return nil, fmt.Errorf("file list: %w", err)
	}
	_, err = f.WriteString(strings.Join(lines, "\n"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o600)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, fmt.Errorf("file list: %w", err)
	}
	inv.Clean = append(inv.Clean, f.Name())
	return []string{opt + f.Name()}, nil
}

// bypassKey finds the token-auth key of the ascp installation: next to ascp, in ../etc or
// ../var (the products ship it; this repository does not).
func bypassKey(ascp string) string {
	if ascp == "" {
		return ""
	}
	dir := filepath.Dir(ascp)
	for _, d := range []string{dir, filepath.Join(dir, "..", "etc"), filepath.Join(dir, "..", "var")} {
		for _, n := range []string{"aspera_tokenauth_id_rsa", "aspera_bypass_rsa.pem"} {
			p := filepath.Join(d, n)
			if isFile(p) {
				return p
			}
		}
	}
	return ""
}
