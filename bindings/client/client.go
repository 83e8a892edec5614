// Package client is the binding of aspera.client, the client software of this machine: the
// public Connect version feed (products/connectfeed) and the Aspera products installed here
// (transfer/ascp's Installed, the list --use-product picks from).
package client

import (
	_ "embed"
	"os"
	"os/exec"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/connectfeed"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/transfer/ascp"
)

//go:embed aspera.client.d.lua
var meta string

// Module is `aspera.client`.
var Module = kit.Module{Name: "aspera.client", Doc: "client software: the Connect version feed (list, links, download) and the Aspera products installed here",
	Meta: meta, Funcs: map[string]lua.LGFunction{
		"connect_list":     connectList,
		"connect_info":     connectInfo,
		"connect_links":    connectLinks,
		"connect_download": connectDownload,
		"installed":        installedProducts,
		"open_url":         openURL,
		"install_sdk":      installSDK,
		"doc_url":          func(L *lua.LState) int { L.Push(lua.LString(config.DocURL)); return 1 },
	}}

var errs = kit.Errors{Default: runtime.KindHTTP, Kinds: map[error]string{connectfeed.ErrNotFound: runtime.KindUsage}}

// feed fetches the feed at the URL of the options table at index n ({url=}).
func feed(L *lua.LState, n int, fn string) *connectfeed.Feed {
	o := kit.OptionsArg(L, n, fn, "url")
	f, err := connectfeed.Fetch(kit.Ctx(L), kit.HTTPSettings(L), o.Str("url"))
	if err != nil {
		runtime.Raise(L, errs.Of(err))
	}
	return f
}

func entry(L *lua.LState, fn string) map[string]any {
	f := feed(L, 2, fn)
	e, err := f.Entry(L.CheckString(1))
	if err != nil {
		runtime.Raise(L, errs.Of(err))
	}
	return e
}

// connectList is client.connect_list{url=}: the feed's entries.
func connectList(L *lua.LState) int {
	L.Push(runtime.ToLua(L, feed(L, 1, "client.connect_list").Entries))
	return 1
}

// connectInfo is client.connect_info(NAME, {url=}): the entry without its links.
func connectInfo(L *lua.LState) int {
	L.Push(runtime.ToLua(L, connectfeed.Info(entry(L, "client.connect_info"))))
	return 1
}

// connectLinks is client.connect_links(NAME, {url=}): the entry's links.
func connectLinks(L *lua.LState) int {
	L.Push(runtime.ToLua(L, connectfeed.Links(entry(L, "client.connect_links"))))
	return 1
}

// connectDownload is client.connect_download(NAME, TITLE, FOLDER, {url=}): saves the file of
// the link and returns its path.
func connectDownload(L *lua.LState) int {
	name, title, folder := L.CheckString(1), L.CheckString(2), L.CheckString(3)
	o := kit.OptionsArg(L, 4, "client.connect_download", "url")
	f, err := connectfeed.Fetch(kit.Ctx(L), kit.HTTPSettings(L), o.Str("url"))
	if err != nil {
		runtime.Raise(L, errs.Of(err))
	}
	e, err := f.Entry(name)
	if err != nil {
		runtime.Raise(L, errs.Of(err))
	}
	link, err := connectfeed.Link(e, title)
	if err != nil {
		runtime.Raise(L, errs.Of(err))
	}
	p, err := f.Download(kit.Ctx(L), link, folder)
	return errs.Push(L, p, err)
}

// installedProducts is client.installed(): the Aspera products installed here with an ascp.
func installedProducts(L *lua.LState) int {
	list := []map[string]any{}
	for _, p := range ascp.Installed(ascp.LocateOptions{}) {
		m := map[string]any{"name": p.Name, "app_root": p.Root, "ascp": p.Ascp, "keys": p.Keys}
		if v, err := ascp.Version(kit.Ctx(L), p.Ascp); err == nil {
			m["version"] = v
		}
		list = append(list, m)
	}
	L.Push(runtime.ToLua(L, list))
	return 1
}

// openURL is client.open_url(URL): with --ui=graphical, starts the browser ($BROWSER or the
// desktop's opener) on URL and returns true; else (or when it cannot start) returns false and
// the caller prints the URL.
func openURL(L *lua.LState) int {
	url := L.CheckString(1)
	c := kit.ConfigOf(L)
	if c.Graphical == nil || !c.Graphical() {
		L.Push(lua.LFalse)
		return 1
	}
	getenv := c.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	name, args := config.BrowserCommand(url, getenv)
	cmd := exec.Command(name, args...) // not tied to the run: the browser outlives the command
	if err := cmd.Start(); err != nil {
		kit.Logger(L).Warn("cannot start the browser", "command", name, "error", err)
		L.Push(lua.LFalse)
		return 1
	}
	go func() { _ = cmd.Wait() }()
	L.Push(lua.LTrue)
	return 1
}

// installSDK is client.install_sdk{sdk_url=, locations_url=, sdk_folder=}: downloads the
// Transfer SDK archive (sdk_url, else the latest for this platform in the locations list) and
// unpacks it into the SDK folder; returns {path, product, version, url}.
func installSDK(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "client.install_sdk", "sdk_url", "locations_url", "sdk_folder")
	settings := kit.HTTPSettings(L)
	u := o.Str("sdk_url")
	if u == "" {
		var err error
		if u, err = ascp.SDKArchiveURL(kit.Ctx(L), settings, o.Str("locations_url"), ascp.SDKPlatform()); err != nil {
			runtime.Raise(L, errs.Of(err))
		}
	}
	loc, err := ascp.InstallSDK(kit.Ctx(L), settings, u, ascp.SDKFolder(ascp.LocateOptions{SDKFolder: o.Str("sdk_folder")}))
	if err != nil {
		runtime.Raise(L, errs.Of(err))
	}
	L.Push(runtime.ToLua(L, map[string]any{"path": loc.Path, "product": loc.Product, "version": loc.Version, "url": u}))
	return 1
}
