//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package cli

import "errors"

// noEcho is not available here: Prompt falls back to term.ReadPassword.
func noEcho(int) (func(), error) { return nil, errors.New("not supported") }
