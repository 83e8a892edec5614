//go:build !unix

package atomicfile

// LockFolder is a no-op where flock does not exist: concurrent saves are not serialized there.
func LockFolder(string) (unlock func(), err error) { return func() {}, nil }
