package faspex

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// PublicLinkPath is what the path of a public link to a package holds.
const PublicLinkPath = "/external_deliveries/"

// LinkSpec returns the spec that receives the package of a public link, and the package:
// a faspe: URI is used as it is; an https://HOST/aspera/faspex/external_deliveries/ID?passcode=
// link is read without credentials (the passcode is the authorization) for its package entry,
// whose faspe: link carries a token.
func LinkSpec(ctx context.Context, s *rest.Settings, link string) (spec.Spec, Object, error) {
	link = strings.TrimSpace(link)
	if strings.HasPrefix(strings.ToLower(link), FaspeScheme+":") {
		ts, err := ParseFaspe(link)
		if err != nil {
			return nil, nil, err
		}
		ts["direction"] = "receive"
		return ts, Object{"package_id": "package"}, nil
	}
	u, err := url.Parse(link)
	i := -1
	if err == nil {
		i = strings.Index(u.Path, PublicLinkPath)
	}
	if i < 0 || (u.Scheme != "http" && u.Scheme != "https") || u.Query().Get("passcode") == "" {
		return nil, nil, fmt.Errorf("%w: a public link is https://HOST/aspera/faspex/external_deliveries/ID?passcode=... or a faspe:// URI", ErrSetup)
	}
	base := *u
	base.Path, base.RawPath, base.RawQuery, base.Fragment = u.Path[:i], "", "", ""
	api, err := rest.New(base.String(), rest.None{}, s)
	if err != nil {
		return nil, nil, err
	}
	resp, err := api.Do(ctx, &rest.Request{Method: "GET", Path: strings.TrimPrefix(u.Path[i:], "/"),
		Query: url.Values{"passcode": {u.Query().Get("passcode")}}, Header: accept("application/xml"), NoAuth: true})
	if err != nil {
		return nil, nil, err
	}
	if !bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte("<?xml")) {
		return nil, nil, fmt.Errorf("%w: public link: the answer is not a package (expired link?)", ErrNotFound)
	}
	e, err := parseEntry(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	pl := e.PackageLink()
	if pl == "" {
		return nil, nil, fmt.Errorf("%w: public link: the package has no content (deleted?)", ErrNotFound)
	}
	ts, err := ParseFaspe(pl)
	if err != nil {
		return nil, nil, err
	}
	if ts["token"] == nil {
		return nil, nil, fmt.Errorf("public link: the package link carries no token")
	}
	ts["direction"] = "receive"
	return ts, e.Object(e.ID), nil
}
