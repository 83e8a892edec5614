package ascp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"strings"
	"sync"
	"time"
)

// Location is where an ascp was found.
type Location struct {
	Path    string `json:"path"`
	Product string `json:"product"` // "ascp_path", "sdk", "PATH", or the product's name
	Version string `json:"version,omitempty"`
}

// LocateOptions says where to look first. Paths may start with "~/" (the home folder).
type LocateOptions struct {
	AscpPath  string              // --ascp-path: this file, nothing else
	Folder    string              // --fasp-folder: an installation's main folder (FOLDER/bin/ascp or FOLDER/ascp), nothing else
	Product   string              // --use-product: the installed product of this name (FIRST: the first found), nothing else
	SDKFolder string              // --sdk-folder (default ~/.aspera/sdk)
	Home      string              // the user's home (default os.UserHomeDir)
	Getenv    func(string) string // for PATH and LOCALAPPDATA (default os.Getenv)
	GOOS      string              // default runtime.GOOS (tests)
}

// product is an installation folder that may hold ascp.
type product struct{ name, root, sub string }

// products returns the install folders per OS (protocols.md 1.1), in scan order.
func products(goos, home string, getenv func(string) string) []product {
	switch goos {
	case "darwin":
		return []product{
			{"IBM Aspera for Desktop", "/Applications/IBM Aspera.app", "Contents/Resources/transferd/bin"},
			{"Aspera Connect", filepath.Join(home, "Applications/Aspera Connect.app"), "Contents/Resources"},
			{"Aspera Connect", "/Applications/Aspera Connect.app", "Contents/Resources"},
			{"IBM Aspera Connect", filepath.Join(home, "Applications/IBM Aspera Connect.app"), "Contents/Resources"},
			{"IBM Aspera Connect", "/Applications/IBM Aspera Connect.app", "Contents/Resources"},
			{"Aspera CLI", filepath.Join(home, "Applications/Aspera CLI"), "bin"},
			{"HSTS", "/Library/Aspera", "bin"},
			{"Aspera Drive", "/Applications/Aspera Drive.app", "Contents/Resources"},
		}
	case "windows":
		return []product{
			{"Aspera Connect", filepath.Join(getenv("LOCALAPPDATA"), `Programs\Aspera\Aspera Connect`), "bin"},
			{"Aspera CLI", `C:\Program Files\Aspera\cli`, "bin"},
			{"HSTS", `C:\Program Files\Aspera\Enterprise Server`, "bin"},
		}
	}
	return []product{
		{"Aspera Connect", filepath.Join(home, ".aspera/connect"), "bin"},
		{"Aspera CLI", filepath.Join(home, ".aspera/cli"), "bin"},
		{"HSTS", "/opt/aspera", "bin"},
	}
}

func exe(goos, name string) string {
	if goos == "windows" {
		return name + ".exe"
	}
	return name
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Locate finds ascp. --ascp-path, --fasp-folder and --use-product each name one place (in
// this order of precedence) and nothing else is searched; without them: the SDK folder
// (~/.aspera/sdk), then PATH, then the product install folders of the OS. A product's name is
// the <name> of its product-info.mf ("Aspera Connect", "IBM Aspera CLI", "Aspera Desktop
// Client"...), else the name of its folder in the table of protocols.md 1.1; names compare
// without regard to case. The error lists every place it looked and how to get an ascp.
func Locate(o LocateOptions) (Location, error) {
	goos, home, getenv := o.defaults()
	name := exe(goos, "ascp")
	expand := func(p string) string {
		if p == "~" || strings.HasPrefix(p, "~/") {
			return filepath.Join(home, p[1:])
		}
		return p
	}
	if o.AscpPath != "" {
		p := expand(o.AscpPath)
		if isFile(p) {
			return Location{Path: p, Product: "ascp_path"}, nil
		}
		return Location{}, fmt.Errorf("ascp not found: --ascp-path %s is not a file", p)
	}
	if o.Folder != "" {
		return inFolder(expand(o.Folder), name)
	}
	if o.Product != "" {
		return ofProduct(o.Product, products(goos, home, getenv), name)
	}
	var looked []string
	sdks := []string{SDKFolder(o)}
	if o.SDKFolder == "" {
		sdks = append(sdks, filepath.Join(home, ".aspera", "ascli", "sdk"))
	}
	for _, dir := range sdks {
		p := filepath.Join(dir, name)
		if isFile(p) {
			return Location{Path: p, Product: "sdk"}, nil
		}
		looked = append(looked, p)
	}
	for _, dir := range filepath.SplitList(getenv("PATH")) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if isFile(p) {
			return Location{Path: p, Product: "PATH"}, nil
		}
	}
	looked = append(looked, "PATH")
	for _, pr := range products(goos, home, getenv) {
		p := filepath.Join(pr.root, pr.sub, name)
		if isFile(p) {
			return Location{Path: p, Product: productName(pr)}, nil
		}
		looked = append(looked, p)
	}
	return Location{}, fmt.Errorf("ascp not found (looked in: %s); install the IBM Aspera Transfer SDK into ~/.aspera/sdk, "+
		"or Aspera Connect / Desktop / HSTS, or give --ascp-path, --fasp-folder or --use-product", strings.Join(looked, ", "))
}

// inFolder finds ascp in an installation's main folder (--fasp-folder): FOLDER/bin/ascp (a
// product), else FOLDER/ascp (an SDK).
func inFolder(folder, name string) (Location, error) {
	var looked []string
	for _, p := range []string{filepath.Join(folder, "bin", name), filepath.Join(folder, name)} {
		if isFile(p) {
			return Location{Path: p, Product: "fasp_folder"}, nil
		}
		looked = append(looked, p)
	}
	return Location{}, fmt.Errorf("ascp not found: --fasp-folder %s holds no ascp (looked in: %s)", folder, strings.Join(looked, ", "))
}

// SDKFolder is the folder of the Transfer SDK: --sdk-folder, else ~/.aspera/sdk (where
// InstallSDK puts it and Locate looks first).
func SDKFolder(o LocateOptions) string {
	_, home, _ := o.defaults()
	if o.SDKFolder == "" {
		return filepath.Join(home, ".aspera", "sdk")
	}
	if o.SDKFolder == "~" || strings.HasPrefix(o.SDKFolder, "~/") {
		return filepath.Join(home, o.SDKFolder[1:])
	}
	return o.SDKFolder
}

// defaults returns the OS, home folder and environment of o, filled in.
func (o LocateOptions) defaults() (goos, home string, getenv func(string) string) {
	goos, home, getenv = o.GOOS, o.Home, o.Getenv
	if goos == "" {
		goos = goruntime.GOOS
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return goos, home, getenv
}

// Product is an Aspera product installed on this machine with an ascp.
type Product struct {
	Name string   `json:"name"`           // product-info.mf's <name>, else the folder's default name
	Root string   `json:"app_root"`       // its main folder
	Ascp string   `json:"ascp"`           // path of its ascp
	Keys []string `json:"keys,omitempty"` // the SSH private keys it ships (etc/*_id_*), for token and web transfers

	folderName string // the default name of its folder (--use-product matches it too)
}

// Installed lists the Aspera products installed in the folders of the OS that hold an ascp,
// in the order --use-product searches them (only o's GOOS, Home and Getenv are used).
func Installed(o LocateOptions) []Product {
	goos, home, getenv := o.defaults()
	return installed(products(goos, home, getenv), exe(goos, "ascp"))
}

func installed(prods []product, name string) []Product {
	var out []Product
	for _, pr := range prods {
		p := filepath.Join(pr.root, pr.sub, name)
		if !isFile(p) {
			continue
		}
		keys, _ := filepath.Glob(filepath.Join(pr.root, "etc", "*_id_*"))
		var priv []string
		for _, k := range keys {
			if !strings.HasSuffix(k, ".pub") {
				priv = append(priv, k)
			}
		}
		out = append(out, Product{Name: productName(pr), Root: pr.root, Ascp: p, Keys: priv, folderName: pr.name})
	}
	return out
}

// ofProduct finds the ascp of the installed product named want (--use-product; FIRST: the
// first installed).
func ofProduct(want string, prods []product, name string) (Location, error) {
	var have []string
	for _, pr := range installed(prods, name) {
		if strings.EqualFold(want, "FIRST") || strings.EqualFold(want, pr.Name) || strings.EqualFold(want, pr.folderName) {
			return Location{Path: pr.Ascp, Product: pr.Name}, nil
		}
		have = append(have, fmt.Sprintf("%q (%s)", pr.Name, pr.Root))
	}
	list := "none"
	if len(have) > 0 {
		list = strings.Join(have, ", ")
	}
	return Location{}, fmt.Errorf("ascp not found: no installed Aspera product is named %q (installed with an ascp: %s)", want, list)
}

var mfNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<name>\s*([^<]*?)\s*</name>`) })

// productName is the <name> of the product's product-info.mf, else its default name.
func productName(pr product) string {
	if b, err := os.ReadFile(filepath.Join(pr.root, "product-info.mf")); err == nil {
		if m := mfNameRE().FindSubmatch(b); m != nil && len(m[1]) > 0 {
			return string(m[1])
		}
	}
	return pr.name
}

var versionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` version ([0-9.]+)`) })

// Version runs `ascp -A` and returns the version it prints ("4.4.2.572").
func Version(ctx context.Context, path string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "-A").CombinedOutput()
	if m := versionRE().FindSubmatch(out); m != nil {
		return string(m[1]), nil
	}
	if err != nil {
		return "", fmt.Errorf("%s -A: %w", path, err)
	}
	return "", fmt.Errorf("%s -A printed no version", path)
}
