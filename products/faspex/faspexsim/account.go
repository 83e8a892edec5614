package faspexsim

import (
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// addressBook answers address-book?format=json: the users as Faspex's address book lists
// them ({itemsPerPage, totalResults, startIndex, entry: [{id, displayName, emails: [{value,
// primary: "true"}]}]}), count users from startIndex (0-based; count default 100).
func (s *Server) addressBook(w http.ResponseWriter, r *http.Request, _ *User) {
	q := r.URL.Query()
	if q.Get("format") != "json" {
		writeError(w, http.StatusNotAcceptable, "format=json is the only format served here")
		return
	}
	count, start := 100, 0
	if n, err := strconv.Atoi(q.Get("count")); err == nil && n > 0 {
		count = n
	}
	if n, err := strconv.Atoi(q.Get("startIndex")); err == nil && n > 0 {
		start = n
	}
	entries := []any{}
	for i := start; i < len(s.cfg.Users) && i < start+count; i++ {
		u := s.cfg.Users[i]
		entries = append(entries, map[string]any{"id": i + 1, "displayName": u.Name + " User",
			"emails": []any{map[string]any{"value": u.Email, "primary": "true"}}})
	}
	writeJSON(w, 200, map[string]any{"itemsPerPage": len(entries), "totalResults": len(s.cfg.Users), "startIndex": start, "entry": entries})
}

// loginMethods are the services of the login page's XRDS document.
var loginMethods = []struct{ priority, kind, uri string }{
	{"0", "http://schemas.asperasoft.com/faspex/login/local", "/aspera/faspex/login"},
	{"10", "urn:oasis:names:tc:SAML:2.0:profiles:SSO:browser", "/aspera/faspex/saml/sso"},
}

// loginPage answers login/new: with Accept application/xrds+xml, a Yadis XRDS document whose
// services are the login methods; otherwise the web application's HTML page.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if !strings.Contains(r.Header.Get("Accept"), "application/xrds+xml") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!DOCTYPE html><html><body><form action=\"login\"></form></body></html>\n")
		return
	}
	type service struct {
		Priority string `xml:"priority,attr"`
		Type     string `xml:"Type"`
		URI      string `xml:"URI"`
	}
	doc := struct {
		XMLName xml.Name `xml:"xrds:XRDS"`
		NS      string   `xml:"xmlns:xrds,attr"`
		XRD     struct {
			NS      string    `xml:"xmlns,attr"`
			Service []service `xml:"Service"`
		} `xml:"XRD"`
	}{NS: "xri://$xrds"}
	doc.XRD.NS = "xri://$xrd*($v*2.0)"
	host := strings.TrimSuffix(s.URL, BasePath)
	for _, m := range loginMethods {
		doc.XRD.Service = append(doc.XRD.Service, service{Priority: m.priority, Type: m.kind, URI: host + m.uri})
	}
	w.Header().Set("Content-Type", "application/xrds+xml; charset=utf-8")
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(doc)
}
