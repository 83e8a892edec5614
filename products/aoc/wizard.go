package aoc

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/asperalm/aslmcli/internal/atomicfile"
	"github.com/asperalm/aslmcli/products/oauth"
)

// Wizard is what `config wizard URL aoc` and `aoc set_client_key` start from.
type Wizard struct {
	URL, APIURL string
	Username    string // the user's e-mail (JWT subject); not needed for a public link
	ClientID    string // "" uses the global client: the key goes into the user's profile
	ClientSecret,
	Password string // of a protected public link
	Dir     string // where the key file is written (HOME)
	KeyFile string // "" is Dir/aoc_<org>_key.pem; an existing file is reused
	Bits    int    // of a generated key (0: oauth.DefaultKeyBits)
}

// WizardResult is the preset to write and what to tell the user.
type WizardResult struct {
	Preset    string // aoc_<org>
	Values    Object // the preset's options
	KeyFile   string // "" for a public link
	Generated bool   // the key was made now
	PublicKey string // PEM, to register
	Steps     []string
	Check     string // a command that proves the login works
}

// Prepare makes (or reuses) the key pair of a JWT login and says how to register its public
// key: in the user's profile with the global client, in the API client's settings with an
// organization's client. A public link needs no key: its preset is the URL (and password).
// No network access: the steps are the user's, the check command proves them.
func Prepare(w Wizard) (WizardResult, error) {
	site, err := ParseURL(w.URL, w.APIURL)
	if err != nil {
		return WizardResult{}, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	org := site.Org
	if org == "" {
		org = "link"
	}
	r := WizardResult{Preset: "aoc_" + SafeName(org), Values: Object{"url": w.URL}, Check: "aslmcli aoc user profile show"}
	if w.APIURL != "" {
		r.Values["api_url"] = w.APIURL
	}
	if site.IsPublicLink() {
		if w.Password != "" {
			r.Values["password"] = w.Password
		}
		r.Check = "aslmcli aoc files browse /"
		r.Steps = []string{"The preset holds the public link: no key to register."}
		return r, nil
	}
	if w.Username == "" {
		return WizardResult{}, fmt.Errorf("%w: the wizard needs --username (your AoC e-mail)", ErrOptions)
	}
	r.KeyFile = w.KeyFile
	if r.KeyFile == "" {
		if w.Dir == "" {
			return WizardResult{}, fmt.Errorf("%w: no folder for the key file", ErrOptions)
		}
		r.KeyFile = filepath.Join(w.Dir, r.Preset+"_key.pem")
	}
	key, err := os.ReadFile(r.KeyFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if key, err = oauth.GenerateKey(w.Bits); err != nil {
			return WizardResult{}, err
		}
		if err := os.MkdirAll(filepath.Dir(r.KeyFile), 0o700); err != nil {
			return WizardResult{}, err
		}
		if err := atomicfile.Write(r.KeyFile, key, 0o600); err != nil {
			return WizardResult{}, fmt.Errorf("key file: %w", err)
		}
		r.Generated = true
	case err != nil:
		return WizardResult{}, fmt.Errorf("key file: %w", err)
	}
	if r.PublicKey, err = oauth.PublicKeyOf(key, ""); err != nil {
		return WizardResult{}, fmt.Errorf("key file %s: %w", r.KeyFile, err)
	}
	r.Values["auth"], r.Values["username"], r.Values["private_key"] = "jwt", w.Username, "@file:"+r.KeyFile
	if w.ClientID == "" || IsGlobalClient(w.ClientID) {
		r.Steps = []string{
			"Open " + site.URL + " and log in as " + w.Username + ".",
			"Go to your profile (the user icon → Account Settings → Profile) and paste the public key below in \"Public Key\".",
			"Check the login with: " + r.Check,
		}
		return r, nil
	}
	r.Values["client_id"] = w.ClientID
	if w.ClientSecret != "" {
		r.Values["client_secret"] = w.ClientSecret
	}
	r.Steps = []string{
		"Open " + site.URL + "/admin/integrations/api-clients as an organization administrator.",
		"Open the API client " + w.ClientID + ": enable JWT, and paste the public key below (or run: aslmcli aoc admin set_client_key " + w.ClientID + " @file:" + r.KeyFile + ").",
		"Allow " + w.Username + " to use the client (JWT: all users, or an explicit authorization).",
		"Check the login with: " + r.Check,
	}
	return r, nil
}

// StepsText returns the result's steps, numbered, and the public key.
func (r WizardResult) StepsText() string {
	var b strings.Builder
	for i, s := range r.Steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	if r.PublicKey != "" {
		b.WriteString("\n" + r.PublicKey)
	}
	return b.String()
}
