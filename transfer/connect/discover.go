package connect

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
)

// The ports the browser SDK scans for Connect (DEFAULT_PORT, MAX_PORT_SEARCH), both included.
// Variables so that tests can move them.
var (
	FirstPort = 33003
	LastPort  = 33022
)

// pingTimeout bounds one ping of a candidate URL.
const pingTimeout = 2 * time.Second

// RunRoot returns Connect's run directory for a home directory: ~/.aspera/connect,
// ~/Library/Application Support/Aspera/Aspera Connect on macOS, and
// %LOCALAPPDATA%\Aspera\Aspera Connect on Windows (home\AppData\Local when LOCALAPPDATA is
// not set).
func RunRoot(home string) string {
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "Aspera", "Aspera Connect")
	case "windows":
		base := os.Getenv("LOCALAPPDATA")
		if base == "" {
			base = filepath.Join(home, "AppData", "Local")
		}
		return filepath.Join(base, "Aspera", "Aspera Connect")
	}
	return filepath.Join(home, ".aspera", "connect")
}

// APIURL returns the API URL of a Connect URL: a root URL (as http.uri holds it) gets
// /v5/connect added; a URL already ending in /v5/connect or /v6/connect is kept.
func APIURL(raw string) string {
	u := strings.TrimRight(strings.TrimSpace(raw), "/")
	if strings.HasSuffix(u, "/v5/connect") || strings.HasSuffix(u, "/v6/connect") {
		return u
	}
	return u + "/v5/connect"
}

// Discover finds the API URL (.../v5/connect) of the running Connect of home (the user's
// home directory; "" = os.UserHomeDir): the URL in <run_root>/var/run/http.uri, then
// https.uri, then the first port of 127.0.0.1:FirstPort..LastPort, whichever first answers
// GET info/ping. s configures HTTP (nil = defaults). The error says where it looked.
func Discover(ctx context.Context, home string, s *rest.Settings) (string, error) {
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("connect agent: no home directory to find Connect in: %w", err)
		}
		home = h
	}
	dir := filepath.Join(RunRoot(home), "var", "run")
	var seen []string
	for _, name := range []string{"http.uri", "https.uri"} {
		file := filepath.Join(dir, name)
		line, ok := firstLine(file)
		if !ok {
			continue
		}
		api := APIURL(line)
		if ping(ctx, api, s) {
			return api, nil
		}
		seen = append(seen, fmt.Sprintf("no answer from %s (read in %s)", api, file))
	}
	for port := FirstPort; port <= LastPort && ctx.Err() == nil; port++ {
		api := fmt.Sprintf("http://127.0.0.1:%d/v5/connect", port)
		if ping(ctx, api, s) {
			return api, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("connect agent: discovery: %w", err)
	}
	where := fmt.Sprintf("no http.uri under %s", dir)
	if len(seen) > 0 {
		where = strings.Join(seen, "; ")
	}
	return "", fmt.Errorf("Aspera Connect is not running: %s and no answer on 127.0.0.1:%d-%d", where, FirstPort, LastPort)
}

// firstLine returns the first non-empty line of a file.
func firstLine(file string) (string, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	if sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			return l, true
		}
	}
	return "", false
}

// ping tells whether GET <api>/info/ping answers 2xx.
func ping(ctx context.Context, api string, s *rest.Settings) bool {
	c, err := newClient(api, s)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	no := false
	_, err = c.Do(ctx, &rest.Request{Method: http.MethodGet, Path: "info/ping", Retry: &no})
	return err == nil
}

// newClient returns a client of a Connect API URL. It sends no Origin header: the SDK sets
// none (a browser sends its page's).
func newClient(api string, s *rest.Settings) (*rest.Client, error) {
	return rest.New(api, nil, s)
}
