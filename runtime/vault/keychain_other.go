//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package vault

import goruntime "runtime"

// keychainKind names the keychain in messages.
var keychainKind = map[bool]string{true: "macOS keychain", false: "Windows credential manager"}[goruntime.GOOS == "darwin"]

// sessionReady: the macOS and Windows keychains need no session bus.
func sessionReady() error { return nil }

// listNames: go-keyring cannot search these keychains.
func listNames(string) ([]string, error) { return nil, ErrListUnsupported }
