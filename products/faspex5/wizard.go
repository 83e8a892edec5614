package faspex5

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/asperalm/aslmcli/internal/atomicfile"
	"github.com/asperalm/aslmcli/products/oauth"
)

// WizardOptions are the answers of `config wizard URL faspex5`.
type WizardOptions struct {
	URL          string // the application's URL (any form BaseURL takes)
	Username     string // the user (an email address on most servers)
	ClientID     string // the API client the admin created, JWT enabled
	ClientSecret string // its secret, kept in the preset when given
	KeyPath      string // the private key file: made (0600) when absent, reused when present
	KeyBits      int    // of a new key; 0 = oauth.DefaultKeyBits
	Passphrase   string // of an existing encrypted key
}

// Setup is what the wizard found and made: the preset to save, the public key to register,
// and the steps left to the admin and the user.
type Setup struct {
	Preset     map[string]any // url, auth, username, client_id, [client_secret], private_key (@file:)
	PresetName string         // a suggested name: faspex5_<host>_<user>
	PublicKey  string         // PEM, for the user's Account Settings
	KeyCreated bool           // KeyPath was made now
	Steps      []string       // registration steps, in order
	TestArgs   string         // the command that checks the preset
}

// Wizard prepares the JWT setup of a user: the private key (made when missing, never
// replaced), its public key, the preset values and the registration steps.
func Wizard(o WizardOptions) (*Setup, error) {
	base, err := BaseURL(o.URL)
	if err != nil {
		return nil, err
	}
	if o.Username == "" {
		return nil, fmt.Errorf("%w: the wizard needs the username", ErrSetup)
	}
	if o.KeyPath == "" {
		return nil, fmt.Errorf("%w: the wizard needs the path of the private key", ErrSetup)
	}
	s := &Setup{TestArgs: "user profile show"}
	pemData, err := os.ReadFile(o.KeyPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if pemData, err = oauth.GenerateKey(o.KeyBits); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(o.KeyPath), 0o700); err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		if err := atomicfile.Write(o.KeyPath, pemData, 0o600); err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		s.KeyCreated = true
	case err != nil:
		return nil, fmt.Errorf("private key: %w", err)
	}
	if s.PublicKey, err = oauth.PublicKeyOf(pemData, o.Passphrase); err != nil {
		return nil, fmt.Errorf("private key %s: %w", o.KeyPath, err)
	}
	s.Preset = map[string]any{"url": base, "auth": AuthJWT, "username": o.Username, "private_key": "@file:" + o.KeyPath}
	if o.ClientID != "" {
		s.Preset["client_id"] = o.ClientID
	}
	if o.ClientSecret != "" {
		s.Preset["client_secret"] = o.ClientSecret
	}
	u, _ := url.Parse(base)
	s.PresetName = "faspex5_" + sanitize(u.Hostname()) + "_" + sanitize(o.Username)
	if o.ClientID == "" {
		s.Steps = append(s.Steps,
			"Ask your administrator for an API client: log in as an admin at "+base+", then Admin > Configurations > API clients > Create, with JWT enabled",
			"Give its client id (and secret) to the wizard: --client-id=... [--client-secret=...]")
	}
	s.Steps = append(s.Steps,
		"Log in as "+o.Username+" at "+base+", open Account Settings > Preferences > Public Key in PEM, and paste the public key",
		"Check the preset: aslmcli faspex5 "+s.TestArgs)
	return s, nil
}

// sanitize keeps letters, digits, dots and dashes of a preset name part.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(s))
}
