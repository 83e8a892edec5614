//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package vault

import (
	"fmt"
	"sort"

	dbus "github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// keychainKind names the keychain in messages.
const keychainKind = "secret service keychain"

// sessionReady checks that a session bus can be found (DBUS_SESSION_BUS_ADDRESS, or the
// runtime folder's bus socket) without launching one, as go-keyring would with dbus-launch.
func sessionReady() error {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return fmt.Errorf("no D-Bus session bus (%v): the system vault needs a desktop session or DBUS_SESSION_BUS_ADDRESS; --vault=file is the encrypted file", err)
	}
	return conn.Close()
}

// listNames searches the login collection for the items of service and returns their
// "username" attributes (the entry names), as go-keyring files them.
func listNames(service string) ([]string, error) {
	svc, err := ss.NewSecretService() // the process's shared session connection: not closed
	if err != nil {
		return nil, err
	}
	collection := svc.GetLoginCollection()
	if err := svc.Unlock(collection.Path()); err != nil {
		return nil, err
	}
	items, err := svc.SearchItems(collection, map[string]string{"service": service})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	names := []string{}
	for _, path := range items {
		v, err := svc.Object("org.freedesktop.secrets", path).GetProperty("org.freedesktop.Secret.Item.Attributes")
		if err != nil {
			return nil, fmt.Errorf("item %s: %w", path, err)
		}
		attrs, _ := v.Value().(map[string]string)
		if n := attrs["username"]; n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}
