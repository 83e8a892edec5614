package connect

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func init() {
	transfer.Register(transfer.Info{
		Name:    "connect",
		Help:    "asks the local Aspera Connect to run the transfer, then follows it",
		Options: transfer.OptionsOf[Settings](),
		New:     transfer.Typed(New),
		// an upload without paths opens Connect's file dialog
		ChoosesFiles: true,
	})
}

// Settings are the connect agent's settings.
type Settings struct {
	URL   string `setting:"url" help:"Connect's URL, root or .../v5/connect (default: discovered)"`
	AppID string `setting:"app_id" help:"aspera_connect_settings.app_id (default: a random UUID, base64)"`
	// UI is the run's --ui: "text" never opens Connect's file dialog.
	UI string `setting:"ui,cli,internal" enum:"text,graphical" help:"the run's --ui: text uploads the given paths only"`
}

// New makes the connect agent from its settings.
func New(s Settings) (transfer.Agent, error) {
	return &Agent{BaseURL: s.URL, AppID: s.AppID, UI: s.UI}, nil
}

// Agent runs transfers in the local Aspera Connect. Use it by pointer; set the fields before
// the first Start.
type Agent struct {
	BaseURL string         // Connect's API URL (.../v5/connect, or the root URL); discovered when empty
	AppID   string         // aspera_connect_settings.app_id; default a random UUID in base64 per Agent
	UI      string         // "text": an upload without paths fails instead of opening Connect's file dialog
	Poll    time.Duration  // interval of the info polls; default 1 s
	HTTP    *rest.Settings // HTTP settings; nil = defaults
	Home    string         // home directory for discovery; default os.UserHomeDir

	mu     sync.Mutex
	client *rest.Client
	dialog *rest.Client // the client of the file dialog (DialogTimeout)
	appID  string
}

// Name returns "connect".
func (a *Agent) Name() string { return "connect" }

// api returns the client of Connect's API, discovering Connect on first use.
func (a *Agent) api(ctx context.Context) (*rest.Client, string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.appID == "" {
		a.appID = a.AppID
		if a.appID == "" {
			a.appID = base64.StdEncoding.EncodeToString([]byte(newUUID())) // as the SDK's initSession
		}
	}
	if a.client != nil {
		return a.client, a.appID, nil
	}
	base := a.BaseURL
	if base == "" {
		found, err := Discover(ctx, a.Home, a.HTTP)
		if err != nil {
			return nil, "", err
		}
		base = found
	}
	c, err := newClient(APIURL(base), a.HTTP)
	if err != nil {
		return nil, "", fmt.Errorf("connect agent: %w", err)
	}
	if err := checkVersion(ctx, c); err != nil {
		return nil, "", err
	}
	d, err := newClient(APIURL(base), dialogSettings(a.HTTP))
	if err != nil {
		return nil, "", fmt.Errorf("connect agent: %w", err)
	}
	a.client, a.dialog = c, d
	return c, a.appID, nil
}

// Start checks the spec, asks Connect to start the transfer, and follows it. An upload
// without paths takes them from Connect's file dialog, unless UI is "text".
func (a *Agent) Start(ctx context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	// checked before the dialog asks the user: an upload of an agent that ChoosesFiles needs no
	// paths (spec.ValidateChosen)
	if err := transfer.CheckSpec(a.Name(), s); err != nil {
		return nil, err
	}
	dialog := s["direction"] == "send" && len(pathList(s)) == 0
	if dialog && a.UI == "text" {
		return nil, fmt.Errorf("connect agent: the upload has no paths, and --ui=text opens no file dialog: give the files")
	}
	c, appID, err := a.api(ctx)
	if err != nil {
		return nil, err
	}
	if dialog {
		paths, err := selectFiles(ctx, a.dialog, appID)
		if err != nil {
			return nil, err
		}
		s = maps.Clone(s)
		s["paths"] = paths
	}
	body := map[string]any{
		"aspera_connect_settings": settings(appID),
		"transfer_specs":          []any{map[string]any{"transfer_spec": outgoing(s), "aspera_connect_settings": connectSpec(s, appID)}},
	}
	ans, err := post(ctx, c, "transfers/start", body, false)
	if err != nil && ans == nil {
		return nil, fmt.Errorf("connect agent: start: %w", err)
	}
	id, err := startedID(ans)
	if err != nil {
		return nil, err
	}
	poll := a.Poll
	if poll <= 0 {
		poll = time.Second
	}
	jctx, cancel := context.WithCancel(context.Background())
	j := &job{client: c, appID: appID, id: id, poll: poll}
	j.Init(a.Name(), o, func() error {
		// ask Connect to stop, and stop following
		defer cancel()
		ctx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_, err := j.post(ctx, "transfers/stop", nil, false)
		return err
	})
	j.SetSession(id)
	j.Emit(transfer.Event{Type: transfer.SessionStart})
	go func() {
		defer cancel()
		j.follow(jctx)
	}()
	return j, nil
}

// connectSpec is the aspera_connect_settings of the start's entry (the SDK's ConnectSpec):
// the app_id, a new request_id, allow_dialogs (Connect may ask, e.g. to trust the server),
// and use_absolute_destination_path when a download goes to an absolute folder (else Connect
// puts it under the user's download folder).
func connectSpec(s spec.Spec, appID string) map[string]any {
	cs := map[string]any{"app_id": appID, "request_id": newUUID(), "allow_dialogs": true}
	if dest, _ := s["destination_root"].(string); s["direction"] == "receive" && filepath.IsAbs(dest) {
		cs["use_absolute_destination_path"] = true
	}
	return cs
}

// pathList returns the spec's paths, nil when it has none.
func pathList(s spec.Spec) []any {
	l, _ := s["paths"].([]any)
	return l
}

// outgoing is the transfer spec as Connect gets it: without the client's fields, and with
// authentication "token" when it has a token.
func outgoing(s spec.Spec) map[string]any {
	ts := make(map[string]any, len(s)+1)
	for k, v := range s {
		if strings.HasPrefix(k, "EX_") || k == "transfer_info" {
			continue
		}
		ts[k] = v
	}
	if tok, ok := ts["token"].(string); ok && tok != "" {
		ts["authentication"] = "token"
	}
	return ts
}

// startedID returns the transfer id of a start answer, or the error it carries.
func startedID(ans any) (string, error) {
	m, _ := ans.(map[string]any)
	specs, _ := m["transfer_specs"].([]any)
	if len(specs) == 0 {
		if msg := rest.EmbeddedError(ans); msg != "" {
			return "", &transfer.Error{Agent: "connect", Message: "start: " + msg}
		}
		return "", fmt.Errorf("connect agent: start: Connect answered no transfer")
	}
	first, _ := specs[0].(map[string]any)
	if e, ok := first["error"].(map[string]any); ok {
		return "", &transfer.Error{Agent: "connect", Code: int(transfer.Number(e["code"])), Message: "start: " + rest.EmbeddedError(first)}
	}
	if id, _ := first["uuid"].(string); id != "" {
		return id, nil
	}
	if tags, ok := first["tags"].(map[string]any); ok {
		if asp, ok := tags["aspera"].(map[string]any); ok {
			if id, _ := asp["xfer_id"].(string); id != "" {
				return id, nil
			}
		}
	}
	return "", fmt.Errorf("connect agent: start: Connect answered no transfer id")
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
