package faspex5

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// Resource types of public links (the /auth/authorize/public_link resource_type).
const (
	LinkUploadToSharedInbox = "external_upload_to_shared_inbox"
	LinkUploadToUser        = "external_upload_to_user"
	LinkDownloadPackage     = "external_download_package"
)

// newFromLink resolves a public link and makes the client of its context.
func newFromLink(ctx context.Context, o Options, env oauth.Env) (*Client, error) {
	s := env.HTTP
	if s == nil {
		s = &rest.Settings{}
	}
	final, err := followLink(ctx, s.HTTPClient(), o.Link)
	if err != nil {
		return nil, err
	}
	raw := final.Query().Get("context")
	if raw == "" {
		return nil, fmt.Errorf("%w: public link %s: no context in its query", ErrSetup, rest.CleanURL(final))
	}
	linkCtx, err := DecodeContext(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: public link: %v", ErrSetup, err)
	}
	base := *final
	base.RawQuery, base.Fragment = "", ""
	if i := strings.Index(base.Path, "/public/"); i >= 0 {
		base.Path = base.Path[:i]
	}
	base.RawPath = ""
	baseURL := strings.TrimSuffix(base.String(), "/")
	web, err := readWebConfig(ctx, s, baseURL)
	if err != nil {
		return nil, err
	}
	passcode, _ := linkCtx["passcode"].(string)
	if passcode == "" {
		return nil, fmt.Errorf("%w: public link: its context holds no passcode", ErrSetup)
	}
	g := &linkGrant{
		ep:        oauth.Endpoint{TokenURL: baseURL + AuthPath + "/token", ClientID: web["client_id"]},
		authorize: baseURL + AuthPath + "/authorize/public_link", redirect: web["redirect_uri"],
		context: raw, passcode: passcode, resource: ResourceType(linkCtx),
	}
	src := oauth.NewSource(g, s.HTTPClient(), nil) // a link's token is never cached
	src.Logger = s.Logger
	api, err := rest.New(baseURL+APIPath, rest.OAuth{Source: src}, s)
	if err != nil {
		return nil, err
	}
	c := New(api, baseURL)
	c.Link = linkCtx
	c.User = "link:" + g.Key().User
	return c, nil
}

// followLink gets a link, following its redirects, and returns the final URL.
func followLink(ctx context.Context, hc *http.Client, link string) (*url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSpace(link), nil)
	if err != nil || (req.URL.Scheme != "http" && req.URL.Scheme != "https") {
		return nil, fmt.Errorf("%w: public link: an https:// URL is expected", ErrSetup)
	}
	req.Header.Set("Accept", "text/html")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, rest.TransportError(req, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, rest.ResponseError(resp.Request, resp.StatusCode, resp.Header, body)
	}
	return resp.Request.URL, nil
}

// DecodeContext decodes the context of a public link: base64 (padded or not, standard or URL
// alphabet) of a JSON object.
func DecodeContext(raw string) (map[string]any, error) {
	raw = strings.TrimSpace(raw)
	var data []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if data, err = enc.DecodeString(raw); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the context is not base64")
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("the context is not a JSON object")
	}
	return m, nil
}

// ResourceType returns the public link resource type of a context: its resource_type, else
// what it holds implies (a package id: a download; a shared inbox: an upload to it; else an
// upload to a user).
func ResourceType(linkCtx map[string]any) string {
	if t, ok := linkCtx["resource_type"].(string); ok && t != "" {
		return t
	}
	switch {
	case linkCtx["package_id"] != nil:
		return LinkDownloadPackage
	case linkCtx["recipient_type"] == "shared_inbox":
		return LinkUploadToSharedInbox
	}
	return LinkUploadToUser
}

// readWebConfig reads client_id and redirect_uri of the web client from base/config.js.
func readWebConfig(ctx context.Context, s *rest.Settings, base string) (map[string]string, error) {
	api, err := rest.New(base, nil, s)
	if err != nil {
		return nil, err
	}
	resp, err := api.Do(ctx, &rest.Request{Path: "config.js", Header: http.Header{"Accept": {"*/*"}}})
	if err != nil {
		return nil, fmt.Errorf("public link: the web client's configuration: %w", err)
	}
	out := map[string]string{}
	for _, k := range []string{"client_id", "redirect_uri"} {
		v, ok := jsField(string(resp.Body), k)
		if !ok {
			return nil, fmt.Errorf("public link: %s/config.js has no %s", base, k)
		}
		out[k] = v
	}
	return out, nil
}

// jsField returns the string value of key in a JavaScript object literal (key: 'value' or
// "key": "value"), the first occurrence as a key.
func jsField(js, key string) (string, bool) {
	for from := 0; ; {
		i := strings.Index(js[from:], key)
		if i < 0 {
			return "", false
		}
		i += from
		from = i + len(key)
		if i > 0 && (isIdent(js[i-1])) {
			continue
		}
		rest := js[from:]
		rest = strings.TrimLeft(rest, `"'`)
		rest = strings.TrimLeft(rest, " \t\r\n")
		if !strings.HasPrefix(rest, ":") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if rest == "" || (rest[0] != '\'' && rest[0] != '"') {
			continue
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		return rest[1 : 1+end], true
	}
}

func isIdent(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// linkGrant obtains a token for a public link: the passcode for a code, the code for a token.
type linkGrant struct {
	ep        oauth.Endpoint
	authorize string
	redirect  string
	context   string
	passcode  string
	resource  string
}

func (g *linkGrant) Name() string { return "faspex_public_link" }

func (g *linkGrant) Key() oauth.Key {
	sum := sha256.Sum256([]byte(g.context))
	return oauth.Key{Grant: g.Name(), URL: g.ep.TokenURL, ClientID: g.ep.ClientID, User: hex.EncodeToString(sum[:])[:24]}
}

func (g *linkGrant) TokenEndpoint() oauth.Endpoint { return g.ep }

// Fetch asks for a code (no redirect followed: the code is in the Location), then a token.
func (g *linkGrant) Fetch(ctx context.Context, hc *http.Client) (*oauth.Token, error) {
	q := url.Values{"client_id": {g.ep.ClientID}, "redirect_uri": {g.redirect}, "resource_type": {g.resource}, "state": {g.context}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.authorize+"?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Passcode", g.passcode)
	if hc == nil {
		hc = http.DefaultClient
	}
	noRedirect := *hc
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.Do(req)
	if err != nil {
		return nil, fmt.Errorf("public link: %w", rest.TransportError(req, err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return nil, fmt.Errorf("public link: %w", rest.ResponseError(req, resp.StatusCode, resp.Header, body))
	}
	loc, err := resp.Location()
	if err != nil {
		return nil, fmt.Errorf("public link: the authorization answer has no Location")
	}
	lq := loc.Query()
	if msg := lq.Get("action_message"); msg != "" {
		return nil, fmt.Errorf("public link: %s", msg)
	}
	if msg := lq.Get("error"); msg != "" {
		return nil, fmt.Errorf("public link: %s %s", msg, lq.Get("error_description"))
	}
	code := lq.Get("code")
	if code == "" {
		return nil, fmt.Errorf("public link: the authorization answer carries no code")
	}
	return oauth.Code{Endpoint: g.ep, Code: code, RedirectURI: g.redirect}.Fetch(ctx, hc)
}
