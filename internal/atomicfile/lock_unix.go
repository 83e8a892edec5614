//go:build unix

package atomicfile

import (
	"os"
	"syscall"
)

// LockFolder holds an exclusive flock on folder until unlock is called; it waits for the
// holder of the lock, if any. The lock is released by the system if the process dies.
func LockFolder(folder string) (unlock func(), err error) {
	d, err := os.Open(folder)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(d.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
		d.Close()
	}, nil
}
