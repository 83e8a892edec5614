//go:build !windows

package ascp

import "syscall"

// sysProcAttr puts ascp in its own process group, so that a signal reaches its children.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func signalGroup(pid int, sig syscall.Signal) error { return syscall.Kill(-pid, sig) }
