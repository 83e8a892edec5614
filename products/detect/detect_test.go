package detect_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/products/console/consolesim"
	"github.com/asperalm/aslmcli/products/detect"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/shares/sharessim"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

func probe(t *testing.T, addr string, c *http.Client) *detect.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r, err := detect.Probe(ctx, addr, detect.Options{Client: c, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Probe(%s): %v", addr, err)
	}
	return r
}

func want(t *testing.T, got *detect.Result, product, version, url string) {
	t.Helper()
	if got.Product != product || got.Version != version || got.URL != url {
		t.Fatalf("got %+v, want product=%s version=%s url=%s", *got, product, version, url)
	}
}

func TestNodeSimulator(t *testing.T) {
	s, err := nodesim.Start(nodesim.Config{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want(t, probe(t, s.URL+"/", nil), "node", "requires authentication", s.URL)
}

func TestSharesSimulator(t *testing.T) {
	s, err := sharessim.Start(sharessim.Config{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want(t, probe(t, s.URL, nil), "shares", sharessim.Version, s.URL)
}

func TestConsoleSimulatorFromHostAndFromPath(t *testing.T) {
	s, err := consolesim.Start(consolesim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	host := strings.TrimSuffix(s.URL, consolesim.BasePath)
	want(t, probe(t, host, nil), "console", "3.4.2", s.URL) // standard path tried
	want(t, probe(t, s.URL, nil), "console", "3.4.2", s.URL)
}

func TestFaspex5SimulatorFromHostAndFromPath(t *testing.T) {
	s, err := faspex5sim.Start(faspex5sim.Config{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	host := strings.TrimSuffix(s.URL, faspex5sim.BasePath)
	want(t, probe(t, host, nil), "faspex5", faspex5sim.Version, s.URL) // standard path tried
	want(t, probe(t, s.URL, nil), "faspex5", faspex5sim.Version, s.URL)
}

func TestServerSSHD(t *testing.T) {
	srv := sshtest.Start(t)
	r := probe(t, "ssh://"+srv.Addr, nil)
	if r.Product != "server" || !strings.HasPrefix(r.Version, "OpenSSH") || r.URL != "ssh://"+srv.Addr {
		t.Fatalf("got %+v", *r)
	}
}

// The products with no simulator in this repository answer as recorded from their documented
// behaviour (the facts aspera-cli's detect methods rely on).

func serve(t *testing.T, routes map[string]http.HandlerFunc) *httptest.Server {
	mux := http.NewServeMux()
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestFaspex5Recorded(t *testing.T) {
	s := serve(t, map[string]http.HandlerFunc{
		"GET /aspera/faspex/api/v5/configuration/ping": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-IBM-Aspera", "5.0.9")
			w.WriteHeader(200)
		},
	})
	want(t, probe(t, s.URL, nil), "faspex5", "5.0.9", s.URL+"/aspera/faspex")
}

func TestFaspex4Recorded(t *testing.T) {
	s := serve(t, map[string]http.HandlerFunc{
		"POST /aspera/faspex": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Accept") != "application/xrds+xml" {
				http.Error(w, "not acceptable", 406)
				return
			}
			w.Header().Set("Content-Type", "application/xrds+xml")
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<XRDS xmlns="xri://$xrds"><XRD xmlns="xri://$xrd*($v*2.0)"><application><name>Aspera Faspex</name><version>4.4.2.190960</version></application></XRD></XRDS>`)
		},
	})
	r := probe(t, s.URL, nil)
	want(t, r, "faspex4", "4.4.2.190960", s.URL+"/aspera/faspex")
}

func TestOrchestratorRecorded(t *testing.T) {
	s := serve(t, map[string]http.HandlerFunc{
		"GET /aspera/orchestrator/api/remote_node_ping": func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("format") != "json" {
				http.Error(w, "xml", 400)
				return
			}
			_, _ = io.WriteString(w, `{"remote_orchestrator_info":{"orchestrator-version":"4.0.1","hostname":"orch"}}`)
		},
	})
	want(t, probe(t, s.URL, nil), "orchestrator", "4.0.1", s.URL+"/aspera/orchestrator")
}

func TestHttpgwDouble(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{Version: "2.4.1"})
	want(t, probe(t, gw.URL, nil), "httpgw", "2.4.1", gw.Base)
}

// aspera-cli's detect looks for download_endpoint: accepted too.
func TestHttpgwRecorded(t *testing.T) {
	s := serve(t, map[string]http.HandlerFunc{
		"GET /aspera/http-gwy/v1/info": func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"version":"2.3.0","download_endpoint":"/v1/download","upload_endpoint":"/v1/upload"}`)
		},
	})
	want(t, probe(t, s.URL+"/aspera/http-gwy/v1", nil), "httpgw", "2.3.0", s.URL+"/aspera/http-gwy")
}

// AoC is https only and its organization is the first label of the host: the test client
// sends every host to the local TLS server.
func TestAoCRecorded(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/auth/ping" {
			http.NotFound(w, r)
			return
		}
		org, _, _ := strings.Cut(r.Host, ".")
		http.Redirect(w, r, "https://api.ibmaspera.com/api/v1/oauth2/"+org+"/login", http.StatusFound)
	}))
	defer s.Close()
	addr := s.Listener.Addr().String()
	c := &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // local test server
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	want(t, probe(t, "myorg.ibmaspera.com", c), "aoc", "SaaS", "https://myorg.ibmaspera.com")
	want(t, probe(t, "https://aoc.example.com", c), "aoc", "Self-managed", "https://aoc.example.com")
	want(t, probe(t, "other", c), "aoc", "SaaS", "https://other.ibmaspera.com")
}

func TestNothingAnswers(t *testing.T) {
	s := serve(t, map[string]http.HandlerFunc{"GET /": func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<html>hello</html>")
	}})
	_, err := detect.Probe(context.Background(), s.URL, detect.Options{Timeout: 2 * time.Second})
	if !errors.Is(err, detect.ErrNotDetected) {
		t.Fatalf("want ErrNotDetected, got %v", err)
	}
	if _, err := detect.Probe(context.Background(), "ftp://x", detect.Options{}); !errors.Is(err, detect.ErrBadURL) {
		t.Fatalf("ftp:// should be a usage error, got %v", err)
	}
}

func TestErrorsHidePasswords(t *testing.T) {
	_, err := detect.Probe(context.Background(), "http://me:s3cret@127.0.0.1:1", detect.Options{Timeout: time.Second})
	if !errors.Is(err, detect.ErrNotDetected) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("got %v", err)
	}
}

// A host:port without scheme that no HTTP product answers is tried as SSH on that port.
func TestHostPortWithoutSchemeIsTriedOnSSH(t *testing.T) {
	srv := sshtest.Start(t)
	r := probe(t, srv.Addr, nil)
	if r.Product != "server" || r.URL != "ssh://"+srv.Addr {
		t.Fatalf("got %+v", *r)
	}
}
