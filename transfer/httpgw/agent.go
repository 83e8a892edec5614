package httpgw

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Defaults of Agent.
const (
	DefaultChunkSize = 64000 // bytes of file per upload chunk (aspera-cli upload_chunk_size, SDK chunkSize)
	DefaultWindow    = 1     // un-acked upload steps: 1 is the SDK's stop-and-wait
	MaxWindow        = 64    // largest upload_window accepted
)

// v2Version is the first gateway version whose uploads use v2 (binary frames), as the SDK
// decides (its noBase64Encoding feature flag).
const v2Version = "2.3.0"

const agentName = "httpgw"

func init() {
	transfer.Register(transfer.Info{
		Name:    agentName,
		Help:    "moves files through an IBM Aspera HTTP Gateway (WebSocket uploads, HTTP downloads)",
		Options: transfer.OptionsOf[Settings](),
		Inputs:  []transfer.Input{transfer.InputHTTP},
		New:     transfer.Typed(New),
	})
}

// Settings are the httpgw agent's settings (aspera-cli's names).
type Settings struct {
	URL             string         `setting:"url" help:"the gateway's URL (required), as given to the SDK: https://host[:port]/aspera/http-gwy"`
	Synchronous     bool           `setting:"synchronous" help:"wait for each ack before sending the next upload chunk (the default; forces upload_window 1)"`
	UploadWindow    int            `setting:"upload_window" help:"upload chunks sent before their ack (default 1, stop-and-wait as the SDK; more only for a gateway that acks every chunk)"`
	UploadChunkSize int            `setting:"upload_chunk_size" help:"bytes of file per upload chunk (default 64000)"`
	HTTP            *rest.Settings `setting:"rest_settings,internal"`
}

// New makes the httpgw agent from its settings.
func New(s Settings) (transfer.Agent, error) {
	if strings.TrimSpace(s.URL) == "" {
		return nil, errors.New("httpgw agent: the gateway URL is missing (setting url)")
	}
	if _, err := BaseURL(s.URL); err != nil {
		return nil, err
	}
	if s.UploadChunkSize < 0 {
		return nil, fmt.Errorf("httpgw agent: upload_chunk_size %d: a positive integer is expected", s.UploadChunkSize)
	}
	if s.UploadWindow < 0 || s.UploadWindow > MaxWindow {
		return nil, fmt.Errorf("httpgw agent: upload_window %d: an integer from 1 to %d is expected", s.UploadWindow, MaxWindow)
	}
	w := s.UploadWindow
	if s.Synchronous {
		w = 1
	}
	return &Agent{URL: s.URL, Settings: s.HTTP, Window: w, ChunkSize: s.UploadChunkSize}, nil
}

// Agent transfers files through an HTTP Gateway. The zero values of its fields are the
// defaults; do not change them while jobs run.
type Agent struct {
	URL       string         // gateway URL, see BaseURL
	Settings  *rest.Settings // HTTP settings (nil: defaults)
	ChunkSize int            // upload chunk size; 0 = DefaultChunkSize
	Window    int            // upload steps sent before their ack; 0 = DefaultWindow (stop-and-wait)
}

// Name returns "httpgw".
func (a *Agent) Name() string { return agentName }

// Start begins the transfer of s: direction "send" uploads the local paths[].source files and
// folders, "receive" downloads paths[].source from the gateway's node into destination_root.
// Errors found before any byte moves (bad spec, missing file, gateway unreachable) are
// returned here; later ones by Job.Wait, as *transfer.Error when the gateway said why.
func (a *Agent) Start(ctx context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	if err := transfer.CheckSpec(a.Name(), s); err != nil {
		return nil, err
	}
	ts := make(map[string]any, len(s)+1)
	for k, v := range s {
		ts[k] = v
	}
	if tok, _ := ts["token"].(string); tok == "" {
		return nil, errors.New("httpgw agent: the transfer spec has no token: an HTTP Gateway transfer must be token-authorized")
	}
	if _, ok := ts["authentication"]; !ok {
		ts["authentication"] = "token"
	}
	switch dir, _ := ts["direction"].(string); dir {
	case "send":
		return a.startUpload(ctx, ts, o)
	case "receive":
		return a.startDownload(ctx, ts, o)
	default:
		return nil, fmt.Errorf("httpgw agent: direction %q: send or receive is expected", dir)
	}
}

// DefaultPath is the gateway's path of a URL given without one.
const DefaultPath = "/aspera/http-gwy"

// BaseURL returns the gateway root of a URL given by the user, as the SDK takes it: https://
// when no scheme, without trailing "/" and "/v1"; any path prefix is kept (a proxy may put a
// gateway anywhere), and a URL without a path is the gateway at DefaultPath, where the product
// installs it (so https://host keeps working, as with the original tool).
func BaseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("httpgw: empty gateway URL")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("httpgw: invalid gateway URL %q: https://host[:port]/aspera/http-gwy is expected", rest.CleanURL(u))
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/v1")
	p = strings.TrimRight(p, "/")
	if p == "" {
		p = DefaultPath // a bare host: the gateway where the product installs it
	}
	u.Path, u.RawPath, u.RawQuery, u.Fragment = p, "", "", ""
	return u.String(), nil
}

// client returns a REST client of the gateway root (no authentication: the spec's token
// authorizes transfers).
func newClient(raw string, s *rest.Settings) (*rest.Client, string, error) {
	base, err := BaseURL(raw)
	if err != nil {
		return nil, "", err
	}
	c, err := rest.New(base, rest.None{}, s)
	if err != nil {
		return nil, "", err
	}
	return c, base, nil
}

// Info returns the gateway's GET /v1/info answer: name, version and endpoints (numbers as
// json.Number).
func Info(ctx context.Context, url string, s *rest.Settings) (map[string]any, error) {
	c, _, err := newClient(url, s)
	if err != nil {
		return nil, err
	}
	return info(ctx, c)
}

func info(ctx context.Context, c *rest.Client) (map[string]any, error) {
	v, err := c.Get(ctx, "v1/info", nil)
	if err != nil {
		return nil, fmt.Errorf("httpgw: info: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("httpgw: info: the gateway answered %T, not an object", v)
	}
	return m, nil
}

// Health checks that the gateway answers its info endpoint with a version.
func Health(ctx context.Context, url string, s *rest.Settings) error {
	m, err := Info(ctx, url, s)
	if err != nil {
		return err
	}
	if _, ok := m["version"]; !ok {
		return errors.New("httpgw: health: the info answer has no version: is this an HTTP Gateway?")
	}
	return nil
}

// uploadVersion is "v2" when info's version is at least v2Version (transfer.VersionLess, as
// the SDK compares), else "v1".
func uploadVersion(m map[string]any) string {
	v, _ := m["version"].(string)
	if transfer.VersionLess(v, v2Version) {
		return "v1"
	}
	return "v2"
}

// newSessionID returns a random identifier for the events of a job.
func newSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
