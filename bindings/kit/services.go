package kit

import (
	"context"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
	"github.com/asperalm/aslmcli/runtime/vault"
)

// The run's services: the host (cmd/aslmcli, tests) installs them on the engine, every module
// reads them from its state. A module run without them (a test engine) gets empty ones.

// HTTPContext is the HTTP configuration of a run: transport settings built from the global
// options, the OAuth token cache, and how to show an authorization URL to the user.
type HTTPContext struct {
	// Settings returns the run's HTTP settings, built once from the options.
	Settings func() (*rest.Settings, error)
	// Tokens returns the OAuth token cache (HOME/persist_store); nil keeps tokens in memory.
	Tokens func() *oauth.Cache
	// CacheTokens tells whether OAuth clients use the cache (--cache-tokens); nil means yes.
	CacheTokens func() bool
	// OpenURL shows a URL to the user: a browser in graphical mode, else printed.
	OpenURL func(ctx context.Context, url string) error
}

// ConfigContext is the configuration of a run: the file, the option store of the command, and
// the extended value decoder.
type ConfigContext struct {
	File    *config.File
	Store   *cli.Store // resolves options the way a command does
	Decoder *extval.Decoder
	// Graphical tells whether `open` uses the desktop's opener rather than a terminal editor.
	Graphical func() bool
	Getenv    func(string) string
	// Vault opens the run's vault (--vault: the file HOME/vault or the OS keychain) once,
	// asking for the file's passphrase if needed.
	Vault func() (vault.Backend, error)
}

// TransferContext is what transfers need from the run.
type TransferContext struct {
	// Default returns the default agent name (--transfer).
	Default func() string
	// Settings returns the settings of an agent from the run's options (--transfer-info and
	// the agent's own options).
	Settings func(agent string) (map[string]any, error)
	// Progress tells whether to draw a progress bar on stderr (a terminal, --progress-bar=yes).
	Progress func() bool
	// Overrides returns the --ts values merged over every spec (null deletes a key).
	Overrides func() (map[string]any, error)
}

// InterruptContext lets a module take Ctrl-C for itself: a simulator that serves until
// Ctrl-C then ends normally (exit code 0) instead of being interrupted (130).
type InterruptContext struct {
	// Divert sends the run's interrupts (SIGINT) to handler instead of stopping the run, until
	// restore is called (which gives them back to whoever had them before).
	Divert func(handler func()) (restore func())
}

type (
	httpKey      struct{}
	configKey    struct{}
	transferKey  struct{}
	interruptKey struct{}
)

// SetHTTP installs the HTTP context of the states of e.
func SetHTTP(e *runtime.Engine, h *HTTPContext) { e.SetService(httpKey{}, h) }

// SetConfig installs the configuration context of the states of e.
func SetConfig(e *runtime.Engine, c *ConfigContext) { e.SetService(configKey{}, c) }

// SetTransfer installs the transfer context of the states of e.
func SetTransfer(e *runtime.Engine, t *TransferContext) { e.SetService(transferKey{}, t) }

// SetInterrupts installs the interrupt context of the states of e.
func SetInterrupts(e *runtime.Engine, i *InterruptContext) { e.SetService(interruptKey{}, i) }

// WaitInterrupt blocks until Ctrl-C, which it takes for itself when the host lets it (see
// InterruptContext), or until the run is cancelled otherwise (SIGTERM, the end of the
// script). It returns true on Ctrl-C: the caller then returns normally and the run ends
// with exit code 0.
func WaitInterrupt(L *lua.LState) bool { return waitInterrupt(L, nil) }

// waitInterrupt is WaitInterrupt that calls ready (when not nil) once Ctrl-C is taken, before
// it blocks.
func waitInterrupt(L *lua.LState, ready func()) bool {
	got := make(chan struct{}, 1)
	if ic, ok := runtime.Service(L, interruptKey{}).(*InterruptContext); ok && ic != nil && ic.Divert != nil {
		restore := ic.Divert(func() {
			select {
			case got <- struct{}{}:
			default:
			}
		})
		defer restore()
	}
	if ready != nil {
		ready()
	}
	select {
	case <-got:
		return true
	case <-Ctx(L).Done():
		return false
	}
}

// HTTPOf returns the HTTP context of L's engine (an empty one when none is installed).
func HTTPOf(L *lua.LState) *HTTPContext {
	if h, ok := runtime.Service(L, httpKey{}).(*HTTPContext); ok && h != nil {
		return h
	}
	return &HTTPContext{}
}

// ConfigOf returns the configuration context, or raises a config error when no configuration
// file is loaded.
func ConfigOf(L *lua.LState) *ConfigContext {
	c, ok := runtime.Service(L, configKey{}).(*ConfigContext)
	if !ok || c.File == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "no configuration file is loaded"))
	}
	return c
}

// TransferOf returns the transfer context (an empty one when none is installed).
func TransferOf(L *lua.LState) *TransferContext {
	if t, ok := runtime.Service(L, transferKey{}).(*TransferContext); ok && t != nil {
		return t
	}
	return &TransferContext{}
}

// HTTPSettings returns the run's HTTP settings, or raises a usage error (a bad --http-options).
func HTTPSettings(L *lua.LState) *rest.Settings {
	h := HTTPOf(L)
	if h.Settings == nil {
		return &rest.Settings{}
	}
	s, err := h.Settings()
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
	}
	return s
}

// TokenCache returns the cache OAuth clients use, nil when caching is off or absent.
func (h *HTTPContext) TokenCache() *oauth.Cache {
	if h.Tokens == nil || (h.CacheTokens != nil && !h.CacheTokens()) {
		return nil
	}
	return h.Tokens()
}

// AuthEnv returns what oauth.Authenticator needs from the run.
func AuthEnv(L *lua.LState) oauth.Env {
	h := HTTPOf(L)
	return oauth.Env{HTTP: HTTPSettings(L), Cache: h.TokenCache(), Open: h.OpenURL}
}

// Ctx returns the context of the running call (runtime.Context): every product call takes it,
// so that Ctrl-C and the end of the script stop it.
func Ctx(L *lua.LState) context.Context { return runtime.Context(L) }
