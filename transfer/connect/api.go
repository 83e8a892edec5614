package connect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

// MinVersion is the oldest Connect the agent accepts: the SDK's MIN_SECURE_VERSION.
const MinVersion = "3.9.0"

// ContentType is the Content-Type of the POST bodies: the SDK sets none and gives
// XMLHttpRequest a string, for which browsers send this (a "simple" request, no CORS preflight).
const ContentType = "text/plain;charset=UTF-8"

// DialogTimeout bounds the wait for the user's choice in Connect's file dialog: the SDK's
// extensionRequestTimeout default (24 hours) instead of the HTTP settings' read timeout.
const DialogTimeout = 24 * time.Hour

// post sends a POST with a JSON body, as the SDK does (Content-Type ContentType), and returns
// the decoded answer; an answer with an "error" object is an error carrying its message.
func post(ctx context.Context, c *rest.Client, path string, body map[string]any, retry bool) (map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	resp, err := c.Do(ctx, &rest.Request{Method: http.MethodPost, Path: path, Body: bytes.NewReader(b), ContentType: ContentType, Retry: &retry})
	if err != nil {
		return nil, err
	}
	v, err := resp.Data()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m, _ := v.(map[string]any)
	if _, bad := m["error"]; bad {
		return m, fmt.Errorf("%s: %s", path, rest.EmbeddedError(m))
	}
	return m, nil
}

// settings returns the aspera_connect_settings every POST carries: the app_id.
func settings(appID string) map[string]any { return map[string]any{"app_id": appID} }

// checkVersion reads Connect's version (GET info/version) and refuses one older than
// MinVersion, as the SDK does. An answer without a version passes (the SDK then keeps going).
func checkVersion(ctx context.Context, c *rest.Client) error {
	no := false
	resp, err := c.Do(ctx, &rest.Request{Method: http.MethodGet, Path: "info/version", Retry: &no})
	if err != nil {
		return fmt.Errorf("connect agent: version: %w", err)
	}
	v, err := resp.Data()
	if err != nil {
		return fmt.Errorf("connect agent: version: %w", err)
	}
	m, _ := v.(map[string]any)
	version, _ := m["version"].(string)
	if version != "" && transfer.VersionLess(version, MinVersion) {
		return fmt.Errorf("Aspera Connect %s is too old: version %s or later is needed, please update Connect", version, MinVersion)
	}
	return nil
}

// selectFiles opens Connect's file dialog (POST windows/select-open-file-dialog/, the SDK's
// showSelectFileDialog with its default options and ascli's title) and returns the chosen
// files as spec paths ({"source": absolute path}). No choice (the dialog was closed) is an
// error.
func selectFiles(ctx context.Context, c *rest.Client, appID string) ([]any, error) {
	ans, err := post(ctx, c, "windows/select-open-file-dialog/", map[string]any{
		"title": "Select Files", "suggestedName": "", "allowMultipleSelection": true, "allowedFileTypes": "",
		"aspera_connect_settings": settings(appID),
	}, false)
	if err != nil {
		return nil, fmt.Errorf("connect agent: file dialog: %w", err)
	}
	dt, _ := ans["dataTransfer"].(map[string]any)
	files, _ := dt["files"].([]any)
	var paths []any
	for _, f := range files {
		m, _ := f.(map[string]any)
		if name, _ := m["name"].(string); name != "" {
			paths = append(paths, map[string]any{"source": name})
		}
	}
	if len(paths) == 0 {
		return nil, &transfer.Error{Agent: "connect", Message: "no file was selected in Connect's file dialog"}
	}
	return paths, nil
}

// dialogSettings are s (nil: defaults) with a read timeout of DialogTimeout and no retry:
// the dialog's answer comes when the user has chosen.
func dialogSettings(s *rest.Settings) *rest.Settings {
	if s == nil {
		s = &rest.Settings{}
	}
	return &rest.Settings{Insecure: s.Insecure, Proxy: s.Proxy, UserAgent: s.UserAgent, ConnectTimeout: s.ConnectTimeout,
		ReadTimeout: DialogTimeout, IdleTimeout: s.IdleTimeout, RetryMax: -1, Debug: s.Debug, DebugBodyMax: s.DebugBodyMax, Logger: s.Logger}
}
