package ats

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// DefaultRedirectURI is where the Aspera ID sign-in sends the new API key back (the original
// tool's local address).
const DefaultRedirectURI = "http://localhost:12345"

// CreateAPIKeyAsperaID creates an ATS API key the original manual's way: ATS answers a request
// for a key (pub/v1/api_keys, with a description and the local redirect URI) with the Aspera
// ID sign-in page, shown to the user with Env.Open; once signed in, the browser is sent back
// to the redirect URI with the key (ats_id, ats_secret...), which is stored in the repository
// with its subscription's and organization's names. Options.RedirectURI is the local address
// (default DefaultRedirectURI; port 0 picks a free one).
func (c *Client) CreateAPIKeyAsperaID(ctx context.Context, description string) (Object, error) {
	if c.o.Env.Open == nil {
		return nil, fmt.Errorf("%w: the Aspera ID sign-in needs a browser", ErrUsage)
	}
	redirect := c.o.RedirectURI
	if redirect == "" {
		redirect = DefaultRedirectURI
	}
	show := func(ctx context.Context, ru string) error {
		page, err := c.signInPage(ctx, ru, description)
		if err != nil {
			return err
		}
		return c.o.Env.Open(ctx, page)
	}
	check := func(q url.Values) error {
		if e := q.Get("error"); e != "" {
			return fmt.Errorf("Aspera ID refused the API key: %s", e)
		}
		if q.Get("ats_id") == "" || q.Get("ats_secret") == "" {
			return errors.New("the redirect carries no API key (ats_id, ats_secret)")
		}
		return nil
	}
	q, err := oauth.AwaitRedirect(ctx, redirect, 0, show, check)
	if err != nil {
		return nil, fmt.Errorf("Aspera ID sign-in: %w", err)
	}
	key := Object{}
	for k := range q {
		key[k] = q.Get(k)
	}
	return key, c.store(ctx, key)
}

// signInPage asks ATS for a new API key and returns the sign-in page it redirects to.
func (c *Client) signInPage(ctx context.Context, redirectURI, description string) (string, error) {
	u, err := c.Open.URL("api_keys", url.Values{"description": {description}, "redirect_uri": {redirectURI}})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	settings := c.o.Env.HTTP
	if settings == nil {
		settings = &rest.Settings{}
	}
	hc := *settings.HTTPClient()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("ask ATS for an API key: %w", err)
	}
	res.Body.Close()
	page := res.Header.Get("Location")
	if res.StatusCode < 300 || res.StatusCode > 399 || page == "" {
		return "", fmt.Errorf("ask ATS for an API key: %s, not a redirect to the Aspera ID sign-in", res.Status)
	}
	loc, err := u.Parse(page)
	if err != nil {
		return "", fmt.Errorf("ask ATS for an API key: bad sign-in page %q", page)
	}
	return loc.String(), nil
}
