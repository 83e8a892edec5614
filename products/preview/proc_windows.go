//go:build windows

package preview

import "os/exec"

// killGroup leaves cmd as it is: on Windows cancellation kills the process alone.
func killGroup(cmd *exec.Cmd) {}
