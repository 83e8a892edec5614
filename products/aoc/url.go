package aoc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// ProductionDomain is the domain of the AoC SaaS organizations (ORG.ibmaspera.com).
const ProductionDomain = "ibmaspera.com"

// PublicLinkPaths are the paths of the organization's URLs that a public link opens, with its
// token in the query (?token=...).
var PublicLinkPaths = []string{"/packages/public/receive", "/packages/public/send", "/files/public", "/public/files", "/public/package", "/public/send"}

// PrivateLink is the folder a private short link opens: /files/workspaces/W/all/NODE:FILE.
type PrivateLink struct {
	WorkspaceID, NodeID, FileID string
}

// Site is what an AoC URL says: the organization, its domain, the API root and, for a link,
// the public link's token or the private link's folder.
type Site struct {
	URL       string // https://ORG.DOMAIN
	Org       string // the organization's subdomain
	Domain    string // ibmaspera.com, or a self-managed domain
	APIRoot   string // https://api.DOMAIN/api/v1, or the --api-url given
	LinkToken string // the token of a public link, "" otherwise
	Private   *PrivateLink
	follow    bool // a short link: the organization's URL is where it redirects
}

// TokenURL returns the organization's token endpoint: <api root>/oauth2/<org>/token.
func (s Site) TokenURL() string { return s.APIRoot + "/oauth2/" + url.PathEscape(s.Org) + "/token" }

// AuthorizeURL returns the organization's authorization endpoint (browser login).
func (s Site) AuthorizeURL() string {
	return s.APIRoot + "/oauth2/" + url.PathEscape(s.Org) + "/authorize"
}

// IsPublicLink tells whether the URL is a public link (authentication by its token).
func (s Site) IsPublicLink() bool { return s.LinkToken != "" }

// APIBase returns the root of the other APIs of the domain (analytics...): the API root
// without its /api/v1.
func (s Site) APIBase() string { return strings.TrimSuffix(s.APIRoot, "/api/v1") }

var privatePath = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`/files/workspaces/([^/]+)/all/([^/:]+):([^/]+)$`) })
var loginPath = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^/oauth2/([^/]+)/login$`) })

// ParseURL reads an AoC URL without any network access: an organization's URL
// (https://ORG.ibmaspera.com; "ORG" alone and "ORG.DOMAIN" are completed), a public link (a
// path of PublicLinkPaths, or the login page a link redirects to, with ?token=), a private
// link (/files/workspaces/W/all/NODE:FILE, or the login page with its state). apiURL, when
// set, is the API root (self-managed deployments, a local simulator); else it is
// https://api.DOMAIN/api/v1. A URL with another path is a short link: Resolve follows it.
func ParseURL(raw, apiURL string) (Site, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Site{}, errors.New("no URL: give --url=https://ORG." + ProductionDomain)
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return Site{}, fmt.Errorf("invalid AoC URL %q: https://ORG.%s expected", redactQuery(raw), ProductionDomain)
	}
	if !strings.Contains(u.Hostname(), ".") {
		u.Host = u.Hostname() + "." + ProductionDomain
	}
	s := Site{}
	q := u.Query()
	switch {
	case q.Get("token") != "" && (slices.Contains(PublicLinkPaths, u.Path) || loginPath().MatchString(u.Path)):
		s.LinkToken = q.Get("token")
		if m := loginPath().FindStringSubmatch(u.Path); m != nil {
			s.Org = m[1]
		}
	case q.Get("state") != "" && q.Get("redirect_uri") != "":
		// the login page a private short link redirects to: the folder is in the state
		st, err := url.Parse(q.Get("state"))
		if err == nil {
			if m := privatePath().FindStringSubmatch(st.Path); m != nil {
				s.Private = &PrivateLink{WorkspaceID: m[1], NodeID: m[2], FileID: m[3]}
			}
		}
		if ru, err := url.Parse(q.Get("redirect_uri")); err == nil && ru.Host != "" {
			u = ru
		}
	case privatePath().MatchString(u.Path):
		m := privatePath().FindStringSubmatch(u.Path)
		s.Private = &PrivateLink{WorkspaceID: m[1], NodeID: m[2], FileID: m[3]}
	case u.Path != "" && u.Path != "/" && !loginPath().MatchString(u.Path):
		s.follow = true
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil || !strings.Contains(host, ".") {
		return Site{}, fmt.Errorf("invalid AoC URL %q: the host must be the organization's (ORG.%s); a local server is given as --api-url", redactQuery(raw), ProductionDomain)
	}
	org, domain, _ := strings.Cut(host, ".")
	if org != "api" && s.Org == "" {
		s.Org = org
	}
	s.Domain = domain
	s.URL = "https://" + host
	if s.Org != "" && org == "api" {
		s.URL = "https://" + s.Org + "." + domain
	}
	s.APIRoot = "https://api." + domain + "/api/v1"
	if apiURL != "" {
		s.APIRoot = strings.TrimSuffix(strings.TrimSpace(apiURL), "/")
	}
	if s.Org == "" && !s.follow {
		return Site{}, fmt.Errorf("invalid AoC URL %q: no organization in it", redactQuery(raw))
	}
	return s, nil
}

// redactQuery removes the query of a URL (a public link's token) from messages.
func redactQuery(raw string) string {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i] + "?..."
	}
	return raw
}

// MaxRedirects bounds the redirects a short link is followed through.
const MaxRedirects = 10

// Resolve reads an AoC URL (ParseURL); a short link (https://aspera.pub/XYZ...) is followed,
// without credentials, through its redirects until the organization's login page that says
// what the link is.
func Resolve(ctx context.Context, hc *http.Client, raw, apiURL string) (Site, error) {
	s, err := ParseURL(raw, apiURL)
	if err != nil || !s.follow {
		return s, err
	}
	final, err := followRedirects(ctx, hc, s.linkURL(raw))
	if err != nil {
		return Site{}, err
	}
	s, err = ParseURL(final, apiURL)
	if err == nil && s.follow {
		return Site{}, fmt.Errorf("%s: the link leads to no AoC page (%s)", redactQuery(raw), redactQuery(final))
	}
	return s, err
}

func (s Site) linkURL(raw string) string {
	if !strings.Contains(raw, "://") {
		return "https://" + raw
	}
	return raw
}

// followRedirects follows the Location of 3xx answers and returns the last URL.
func followRedirects(ctx context.Context, hc *http.Client, raw string) (string, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cur := raw
	for i := 0; i < MaxRedirects; i++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cur, nil)
		if err != nil {
			return "", fmt.Errorf("link %s: %w", redactQuery(raw), err)
		}
		resp, err := c.Do(req)
		if err != nil {
			return "", fmt.Errorf("link %s: %w", redactQuery(raw), err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode < 300 || resp.StatusCode > 399 || loc == "" {
			return cur, nil
		}
		base, _ := url.Parse(cur)
		next, err := base.Parse(loc)
		if err != nil {
			return "", fmt.Errorf("link %s: bad redirect: %w", redactQuery(raw), err)
		}
		cur = next.String()
		if s, err := ParseURL(cur, ""); err == nil && !s.follow && (s.LinkToken != "" || s.Private != nil) {
			return cur, nil // the login page itself need not be fetched
		}
	}
	return "", fmt.Errorf("link %s: more than %d redirects", redactQuery(raw), MaxRedirects)
}
