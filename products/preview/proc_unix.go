//go:build !windows

package preview

import (
	"os/exec"
	"syscall"
)

// killGroup starts cmd in a process group of its own and makes its cancellation kill the
// whole group: LibreOffice's soffice runs the converter as a child process.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
