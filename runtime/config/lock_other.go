//go:build !unix

package config

// lockFolder is a no-op where flock does not exist: concurrent saves are not serialized there.
func lockFolder(string) (unlock func(), err error) { return func() {}, nil }
