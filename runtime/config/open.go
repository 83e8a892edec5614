package config

import (
	goruntime "runtime"
	"strings"
)

// OpenCommand returns the program and arguments that open path for the user: with graphical,
// the desktop's opener (open on macOS, cmd /c start on Windows, xdg-open elsewhere); else the
// editor of $VISUAL or $EDITOR (which may carry arguments, split on spaces, never run through a
// shell). It returns "" when there is no editor to run: the caller shows the path instead.
func OpenCommand(path string, graphical bool, getenv func(string) string) (string, []string) {
	if graphical {
		switch goruntime.GOOS {
		case "darwin":
			return "open", []string{path}
		case "windows":
			return "cmd", []string{"/c", "start", "", path}
		default:
			return "xdg-open", []string{path}
		}
	}
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(getenv(v)); len(f) > 0 {
			return f[0], append(f[1:], path)
		}
	}
	return "", nil
}

// BrowserCommand returns the program and arguments that open url in a web browser: the command
// of $BROWSER when set (split on spaces, never run through a shell; the URL is appended), else
// the desktop's opener (open on macOS, rundll32's URL handler on Windows, xdg-open elsewhere).
func BrowserCommand(url string, getenv func(string) string) (string, []string) {
	if f := strings.Fields(getenv("BROWSER")); len(f) > 0 {
		return f[0], append(f[1:], url)
	}
	switch goruntime.GOOS {
	case "darwin":
		return "open", []string{url}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", url}
	default:
		return "xdg-open", []string{url}
	}
}

// DocURL is the address of aslmcli's manual (the README of its repository), which
// `config doc` opens.
const DocURL = "https://github.com/asperalm/aslmcli/blob/main/README.md"
