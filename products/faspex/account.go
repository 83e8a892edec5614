package faspex

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// Health checks that the v3 API answers with the credentials (GET me, what ascli's faspex
// health reads): one line, {component, status ("ok" or "critical"), message}.
func (c *Client) Health(ctx context.Context) []any {
	line := Object{"component": "faspex api", "status": "ok", "message": "accessible"}
	if _, err := c.Me(ctx); err != nil {
		line["status"], line["message"] = "critical", err.Error()
	}
	return []any{line}
}

// AddressBookMax is the count the address book is asked for: all of it at once, as ascli does
// (the address book answers one page of count users).
const AddressBookMax = 100000

// AddressBook returns the users of the address book (GET address-book?format=json), each with
// email (the primary one of emails), first_name and last_name (displayName cut at its first
// space) added when absent, and the number of users the address book holds (totalResults).
func (c *Client) AddressBook(ctx context.Context) ([]any, int, error) {
	o, err := c.getJSON(ctx, "address-book", url.Values{"format": {"json"}, "count": {fmt.Sprint(AddressBookMax)}})
	if err != nil {
		return nil, 0, err
	}
	users, _ := o["entry"].([]any)
	if users == nil {
		users = []any{}
	}
	for _, x := range users {
		if u, ok := x.(map[string]any); ok {
			completeUser(u)
		}
	}
	total, ok := o["totalResults"].(float64)
	if !ok {
		total = float64(len(users))
	}
	return users, int(total), nil
}

// completeUser adds email, first_name and last_name to an address book entry.
func completeUser(u map[string]any) {
	if u["email"] == nil {
		emails, _ := u["emails"].([]any)
		for _, x := range emails {
			e, _ := x.(map[string]any)
			if p := fmt.Sprint(e["primary"]); p == "true" && e["value"] != nil {
				u["email"] = e["value"]
				break
			}
		}
	}
	if name, ok := u["displayName"].(string); ok && u["first_name"] == nil {
		first, last, _ := strings.Cut(strings.TrimSpace(name), " ")
		u["first_name"], u["last_name"] = first, strings.TrimSpace(last)
	}
}

// LoginMethods returns the login methods the login page announces (GET login/new with Accept
// application/xrds+xml, a Yadis XRDS document): one object per XRD Service, its attributes
// (priority) and child elements by their XML local names, as ascli shows them (Type, URI,
// LocalID...; a repeated element is a list).
func (c *Client) LoginMethods(ctx context.Context) ([]any, error) {
	resp, err := c.API.Do(ctx, &rest.Request{Method: http.MethodGet, Path: "login/new", Header: accept("application/xrds+xml")})
	if err != nil {
		return nil, err
	}
	var doc struct {
		XRD []struct {
			Service []struct {
				Attrs  []xml.Attr `xml:",any,attr"`
				Fields []struct {
					XMLName xml.Name
					Value   string `xml:",chardata"`
				} `xml:",any"`
			} `xml:"Service"`
		} `xml:"XRD"`
	}
	if err := xml.Unmarshal(resp.Body, &doc); err != nil {
		return nil, fmt.Errorf("login/new: not an XRDS document: %w", err)
	}
	out := []any{}
	for _, xrd := range doc.XRD {
		for _, s := range xrd.Service {
			o := Object{}
			for _, a := range s.Attrs {
				o[a.Name.Local] = a.Value
			}
			for _, f := range s.Fields {
				k, v := f.XMLName.Local, strings.TrimSpace(f.Value)
				switch prev := o[k].(type) {
				case nil:
					o[k] = v
				case string:
					o[k] = []any{prev, v}
				case []any:
					o[k] = append(prev, v)
				}
			}
			out = append(out, o)
		}
	}
	return out, nil
}
