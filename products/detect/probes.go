package detect

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

const maxBody = 1 << 20 // pages read for a fact are small; a larger body is cut

// noRedirect returns a copy of c that stops at the first answer, so that probes see redirects
// (AoC's login redirect is the fact) and follow the ones they choose.
func noRedirect(c *http.Client) *http.Client {
	cp := *c
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

type answer struct {
	status int
	header http.Header
	body   string
	url    string // the URL that answered, after redirects followed
}

// get sends one request, following up to maxRedirect redirects, and reads the body.
func get(ctx context.Context, c *http.Client, method, u string, header http.Header, body string, maxRedirect int) (*answer, error) {
	for i := 0; ; i++ {
		req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, u, err)
		}
		loc := resp.Header.Get("Location")
		if resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" && i < maxRedirect {
			next, err := req.URL.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("%s %s: redirect: %w", method, u, err)
			}
			u = next.String()
			continue
		}
		return &answer{status: resp.StatusCode, header: resp.Header, body: string(b), url: u}, nil
	}
}

// candidates returns base, then base+standard unless base already ends with it.
func candidates(base, standard string) []string {
	if standard == "" || strings.HasSuffix(base, standard) {
		return []string{base}
	}
	return []string{base, base + standard}
}

// trimEndpoint returns the base URL of an answer to base+"/"+endpoint (query removed).
func trimEndpoint(answered, endpoint string) string {
	if i := strings.Index(answered, "?"); i >= 0 {
		answered = answered[:i]
	}
	return strings.TrimSuffix(strings.TrimSuffix(answered, endpoint), "/")
}

func probeEach(ctx context.Context, bases []string, one func(base string) (*Result, error)) (*Result, error) {
	var last error
	for _, b := range bases {
		r, err := one(b)
		if err != nil {
			last = err
			continue
		}
		if r != nil {
			return r, nil
		}
	}
	return nil, last
}

// aocDomain is the SaaS domain of Aspera on Cloud.
const aocDomain = "ibmaspera.com"

func probeAoC(ctx context.Context, c *http.Client, base string) (*Result, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "https" {
		return nil, nil // AoC is served over https only
	}
	if !strings.Contains(u.Hostname(), ".") { // an organization alone: the SaaS address
		u.Host = u.Hostname() + "." + aocDomain
		if p := u.Port(); p != "" {
			u.Host += ":" + p
		}
		base = u.String()
	}
	org, _, _ := strings.Cut(u.Hostname(), ".")
	a, err := get(ctx, c, http.MethodGet, base+"/auth/ping", nil, "", 0)
	if err != nil {
		return nil, err
	}
	loc, err := url.Parse(a.header.Get("Location"))
	if err != nil || a.header.Get("Location") == "" || !strings.HasSuffix(loc.Path, "oauth2/"+org+"/login") {
		return nil, nil
	}
	v := "Self-managed"
	if strings.HasSuffix(u.Hostname(), "."+aocDomain) {
		v = "SaaS"
	}
	return &Result{Version: v, URL: base}, nil
}

func probeFaspex5(ctx context.Context, c *http.Client, base string) (*Result, error) {
	const ep = "api/v5/configuration/ping"
	return probeEach(ctx, candidates(base, "/aspera/faspex"), func(b string) (*Result, error) {
		a, err := get(ctx, c, http.MethodGet, b+"/"+ep, nil, "", 1)
		if err != nil || a.status/100 != 2 || strings.TrimSpace(a.body) != "" {
			return nil, err
		}
		v := a.header.Get("X-IBM-Aspera")
		if v == "" {
			v = "5"
		}
		return &Result{Version: v, URL: trimEndpoint(a.url, ep)}, nil
	})
}

func probeFaspex4(ctx context.Context, c *http.Client, base string) (*Result, error) {
	h := http.Header{"Content-Type": {"text/plain"}, "Accept": {"application/xrds+xml"}}
	return probeEach(ctx, candidates(base, "/aspera/faspex"), func(b string) (*Result, error) {
		a, err := get(ctx, c, http.MethodPost, b, h, "", 1)
		if err != nil || !strings.HasPrefix(a.body, "<?xml") {
			return nil, err
		}
		var x struct {
			Application struct {
				Version string `xml:"version"`
			} `xml:"XRD>application"`
		}
		if err := xml.Unmarshal([]byte(a.body), &x); err != nil || x.Application.Version == "" {
			return nil, nil
		}
		return &Result{Version: x.Application.Version, URL: a.url}, nil
	})
}

var (
	sharesVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\(v([0-9a-f.]+)\)`) })
	sharesPatch   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`Patch level [0-9]+`) })
)

func probeShares(ctx context.Context, c *http.Client, base string) (*Result, error) {
	page, err := get(ctx, c, http.MethodGet, base+"/", http.Header{"Accept": {"text/html"}}, "", 2)
	if err != nil || !strings.Contains(page.body, "aspera-Shares") {
		return nil, err
	}
	a, err := get(ctx, c, http.MethodGet, base+"/node_api/info", nil, "", 1)
	if err != nil || a.status != http.StatusUnauthorized {
		return nil, err
	}
	var e struct {
		Error struct {
			UserMessage string `json:"user_message"`
		} `json:"error"`
	}
	if json.Unmarshal([]byte(a.body), &e) != nil || !strings.Contains(e.Error.UserMessage, "authentication failed") {
		return nil, nil
	}
	v := "unknown"
	if m := sharesVersion().FindStringSubmatch(page.body); m != nil {
		v = m[1]
		if p := sharesPatch().FindString(page.body); p != "" {
			v += " " + p
		}
	}
	return &Result{Version: v, URL: base}, nil
}

var consoleVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\(v([1-9]\.[^)]*)\)`) })

func probeConsole(ctx context.Context, c *http.Client, base string) (*Result, error) {
	return probeEach(ctx, candidates(base, "/aspera/console"), func(b string) (*Result, error) {
		a, err := get(ctx, c, http.MethodGet, b+"/login?local=true", nil, "", 2)
		if err != nil || !strings.Contains(a.body, "Aspera Console") {
			return nil, err
		}
		v := "unknown"
		if m := consoleVersion().FindStringSubmatch(a.body); m != nil {
			v = m[1]
		}
		return &Result{Version: v, URL: trimEndpoint(a.url, "login")}, nil
	})
}

func probeOrchestrator(ctx context.Context, c *http.Client, base string) (*Result, error) {
	const ep = "api/remote_node_ping"
	return probeEach(ctx, candidates(base, "/aspera/orchestrator"), func(b string) (*Result, error) {
		a, err := get(ctx, c, http.MethodGet, b+"/"+ep+"?format=json", nil, "", 1)
		if err != nil {
			return nil, err
		}
		var d struct {
			Info *struct {
				Version string `json:"orchestrator-version"`
			} `json:"remote_orchestrator_info"`
		}
		if json.Unmarshal([]byte(a.body), &d) != nil || d.Info == nil {
			return nil, nil
		}
		return &Result{Version: d.Info.Version, URL: trimEndpoint(a.url, ep)}, nil
	})
}

func probeHttpgw(ctx context.Context, c *http.Client, base string) (*Result, error) {
	b := strings.TrimSuffix(base, "/v1")
	return probeEach(ctx, candidates(b, "/aspera/http-gwy"), func(b string) (*Result, error) {
		a, err := get(ctx, c, http.MethodGet, b+"/v1/info", nil, "", 1)
		if err != nil || a.status/100 != 2 {
			return nil, err
		}
		var d map[string]any
		if json.Unmarshal([]byte(a.body), &d) != nil || !gatewayInfo(d) {
			return nil, nil
		}
		v, _ := d["version"].(string)
		if v == "" {
			v = "unknown"
		}
		return &Result{Version: v, URL: trimEndpoint(a.url, "v1/info")}, nil
	})
}

// gatewayInfo tells a gateway's info: the endpoints list of the gateway's API (protocols.md,
// from the Connect SDK), or the download_endpoint field aspera-cli's detect looks for.
func gatewayInfo(d map[string]any) bool {
	if _, ok := d["download_endpoint"]; ok {
		return true
	}
	eps, _ := d["endpoints"].([]any)
	for _, e := range eps {
		if s, _ := e.(string); strings.HasSuffix(s, "/v1/download") {
			return true
		}
	}
	return false
}

func probeNode(ctx context.Context, c *http.Client, base string) (*Result, error) {
	a, err := get(ctx, c, http.MethodGet, base+"/ping", nil, "", 1)
	if err != nil || a.status/100 != 2 || a.body != "" {
		return nil, err
	}
	return &Result{Version: "requires authentication", URL: trimEndpoint(a.url, "ping")}, nil
}

// probeSSH reads the identification line of the first SSH server that answers.
func probeSSH(ctx context.Context, urls []string, timeout time.Duration) (*Result, error) {
	var last error
	for _, s := range urls {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			last = fmt.Errorf("detect %q: %w", redact(s), ErrBadURL)
			continue
		}
		host := u.Host
		if u.Port() == "" {
			host = net.JoinHostPort(u.Hostname(), "33001")
		}
		v, err := sshVersion(ctx, host, timeout)
		if err != nil {
			last = err
			continue
		}
		if v != "" {
			return &Result{Product: "server", Version: v, URL: "ssh://" + host}, nil
		}
	}
	if last == nil {
		last = ErrNotDetected
	}
	return nil, last
}

func sshVersion(ctx context.Context, host string, timeout time.Duration) (string, error) {
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	if _, err := io.WriteString(conn, "SSH-2.0-aslmcli_detect\r\n"); err != nil {
		return "", err
	}
	// RFC 4253 4.2: the server may send other lines before its identification
	r := bufio.NewReaderSize(io.LimitReader(conn, 8192), 4096)
	for range 10 {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", fmt.Errorf("ssh %s: %w", host, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if v, ok := strings.CutPrefix(line, "SSH-2.0-"); ok {
			return v, nil
		}
		if strings.HasPrefix(line, "SSH-") {
			return "", nil
		}
	}
	return "", nil
}
