package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
)

// httpContext returns the HTTP context of the run; the settings are built on first use, from
// the options as they are when the command runs.
func (a *app) httpContext() *kit.HTTPContext {
	var once sync.Once
	var settings *rest.Settings
	var err error
	return &kit.HTTPContext{
		Settings: func() (*rest.Settings, error) {
			once.Do(func() { settings, err = a.restSettings() })
			return settings, err
		},
		Tokens: func() *oauth.Cache {
			home, herr := a.home()
			if herr != nil || home == "" {
				return nil
			}
			return oauth.NewCache(filepath.Join(home, "persist_store"))
		},
		CacheTokens: func() bool { return a.flag(cli.OptCacheTokens) },
		OpenURL:     a.openURL,
	}
}

// restSettings maps --insecure, --http-proxy, --http-options and --rest-debug (or
// --log-level=debug) to the HTTP settings.
func (a *app) restSettings() (*rest.Settings, error) {
	s := &rest.Settings{UserAgent: toolName + "/" + version, Logger: a.log, Insecure: a.flag(cli.OptInsecure)}
	proxy, err := a.str(cli.OptHTTPProxy)
	if err != nil {
		return nil, err
	}
	s.Proxy = proxy
	v, err := a.store.Get(cli.OptHTTPOptions)
	if err != nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok {
		if err := s.SetOptions(m); err != nil {
			return nil, cli.Usage("", "--http-options: %v", err)
		}
	}
	if a.flag(cli.OptRestDebug) || a.level.Level() <= slog.LevelDebug {
		s.Debug = a.io.Err
	}
	return s, nil
}

// openURL shows an authorization URL: always printed on stderr, and opened in the browser
// ($BROWSER or the desktop's opener) when --ui=graphical. A browser that cannot start is a
// warning: the printed URL still works.
func (a *app) openURL(_ context.Context, url string) error {
	fmt.Fprintf(a.io.Err, "To authenticate, open this URL in a browser:\n  %s\n", url)
	if ui, _ := a.str(cli.OptUI); ui != "graphical" {
		return nil
	}
	name, args := config.BrowserCommand(url, a.getenv)
	cmd := exec.Command(name, args...) // not tied to ctx: the user's browser outlives the command
	if err := cmd.Start(); err != nil {
		a.log.Warn("cannot start the browser", "command", name, "error", err)
		return nil
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
