// Package detect tells which IBM Aspera product answers at a URL, and its version, without
// credentials: `aslmcli config detect URL` and the configuration wizard call Probe.
//
// The probes are the facts the products expose to anyone (read from IBM aspera-cli's detect
// methods), tried in a fixed order, the most specific first, so that a generic answer (the
// node's empty /ping) cannot shadow a specific one:
//
//	aoc          https://ORG.ibmaspera.com/auth/ping redirects to .../oauth2/ORG/login (a name
//	             with no dot is an organization of the SaaS domain)
//	faspex5      GET api/v5/configuration/ping: 2xx, empty body; version in header X-IBM-Aspera
//	faspex4      POST with Accept: application/xrds+xml: an XRD document with application/version
//	shares       login page holds "aspera-Shares" and node_api/info answers 401 "authentication failed"
//	console      GET login?local=true: a page holding "Aspera Console (vX.Y.Z)"
//	orchestrator GET api/remote_node_ping?format=json: remote_orchestrator_info.orchestrator-version
//	httpgw       GET v1/info: a JSON object listing .../v1/download in endpoints (or with
//	             download_endpoint, which aspera-cli looks for); version in "version"
//	node         GET ping: 2xx with an empty body (the version needs credentials)
//	server       ssh:// URL: the SSH identification line (SSH-2.0-VERSION)
//
// Decisions where the issue is silent: an address without a scheme is tried as https://
// (and as ssh:// on ports 33001 then 22 when no HTTP product answers), an ssh:// URL without a
// port on 33001 (Aspera's SSH port); a URL given with http://
// is probed as given (ascli refuses http for some products; local test servers and reverse
// proxies use it); products published under their standard path (/aspera/faspex,
// /aspera/console, /aspera/orchestrator, /aspera/http-gwy) are tried there too; the first
// product that answers wins, and no answer at all is ErrNotDetected.
package detect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Result is what answered at a URL.
type Result struct {
	Product string `json:"product"` // node, faspex5, faspex4, aoc, shares, console, orchestrator, httpgw, server
	Version string `json:"version"` // as the product tells it, or a phrase when it does not
	URL     string `json:"url"`     // the base URL to put in a preset (standard path and redirects applied)
}

// ErrNotDetected is returned when no known product answers.
var ErrNotDetected = errors.New("no Aspera product detected")

// ErrBadURL is returned (wrapped) for an address that is not a URL or has a scheme other than
// http, https and ssh: nothing is probed.
var ErrBadURL = errors.New("not a URL to probe")

// Options tune a probe; the zero value is usable.
type Options struct {
	Client  *http.Client  // nil: a plain client; its redirects are never followed by itself
	Timeout time.Duration // per request (when Client has none) and per SSH exchange; 0: 10s
}

type prober struct {
	name  string
	probe func(ctx context.Context, c *http.Client, base string) (*Result, error)
}

// probers in the order they are tried (see the package comment).
var probers = []prober{
	{"aoc", probeAoC},
	{"faspex5", probeFaspex5},
	{"faspex4", probeFaspex4},
	{"shares", probeShares},
	{"console", probeConsole},
	{"orchestrator", probeOrchestrator},
	{"httpgw", probeHttpgw},
	{"node", probeNode},
}

// Products lists the product names Probe may answer, in the order they are tried.
func Products() []string {
	names := make([]string, 0, len(probers)+1)
	for _, p := range probers {
		names = append(names, p.name)
	}
	return append(names, "server")
}

// Probe asks what answers at address (a URL, or a host name taken as https:// then ssh://).
// Network errors of single probes are not failures: the last one is wrapped in ErrNotDetected's
// error when nothing answers.
func Probe(ctx context.Context, address string, opt Options) (*Result, error) {
	if opt.Timeout == 0 {
		opt.Timeout = 10 * time.Second
	}
	c := opt.Client
	if c == nil {
		c = &http.Client{Timeout: opt.Timeout}
	}
	c = noRedirect(c)
	if c.Timeout == 0 {
		c.Timeout = opt.Timeout // a host that never answers costs Timeout per probe, not minutes
	}
	hasScheme := strings.Contains(address, "://")
	if hasScheme {
		u, err := url.Parse(address)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("detect %q: %w", redact(address), ErrBadURL)
		}
		switch u.Scheme {
		case "ssh":
			return probeSSH(ctx, []string{address}, opt.Timeout)
		case "http", "https":
		default:
			return nil, fmt.Errorf("detect %q: %w: scheme %s (http, https or ssh)", redact(address), ErrBadURL, u.Scheme)
		}
	}
	base := strings.TrimSuffix(address, "/")
	if !hasScheme {
		base = "https://" + base
	}
	var last error
	for _, p := range probers {
		r, err := p.probe(ctx, c, base)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			last = err
			var op *net.OpError
			if errors.As(err, &op) && op.Op == "dial" {
				break // the host does not answer HTTP(S) at all: the other probes would not either
			}
			continue
		}
		if r != nil {
			r.Product = p.name
			return r, nil
		}
	}
	if !hasScheme {
		r, err := probeSSH(ctx, sshCandidates(base), opt.Timeout)
		if err == nil {
			return r, nil
		}
		last = err
	}
	if last != nil && !errors.Is(last, ErrNotDetected) {
		return nil, fmt.Errorf("%w at %s (last error: %v)", ErrNotDetected, redact(address), last)
	}
	return nil, fmt.Errorf("%w at %s", ErrNotDetected, redact(address))
}

// sshCandidates are the SSH addresses of an address given without scheme (base is it with
// https://): its port when it has one, else 33001 then 22.
func sshCandidates(base string) []string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return nil
	}
	if u.Port() != "" {
		return []string{"ssh://" + u.Host}
	}
	return []string{"ssh://" + net.JoinHostPort(u.Hostname(), "33001"), "ssh://" + net.JoinHostPort(u.Hostname(), "22")}
}

// redact hides the password of a URL given with user:password@ (errors never carry secrets).
func redact(address string) string {
	if u, err := url.Parse(address); err == nil {
		return u.Redacted()
	}
	if i := strings.LastIndex(address, "@"); i >= 0 {
		return "xxxxx" + address[i:]
	}
	return address
}
