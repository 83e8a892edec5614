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
	"time"
)

// Location is where an ascp was found.
type Location struct {
	Path    string `json:"path"`
	Product string `json:"product"` // "ascp_path", "sdk", "PATH", or the product's name
	Version string `json:"version,omitempty"`
}

// LocateOptions says where to look first.
type LocateOptions struct {
	AscpPath  string              // --ascp-path: this file, nothing else
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

// Locate finds ascp: --ascp-path, then the SDK folder (~/.aspera/sdk), then PATH, then the
// product install folders of the OS. The error lists every place it looked and how to get an
// ascp.
func Locate(o LocateOptions) (Location, error) {
	goos := o.GOOS
	if goos == "" {
		goos = goruntime.GOOS
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	home := o.Home
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	name := exe(goos, "ascp")
	if o.AscpPath != "" {
		if isFile(o.AscpPath) {
			return Location{Path: o.AscpPath, Product: "ascp_path"}, nil
		}
		return Location{}, fmt.Errorf("ascp not found: --ascp-path %s is not a file", o.AscpPath)
	}
	var looked []string
	sdks := []string{o.SDKFolder}
	if o.SDKFolder == "" {
		sdks = []string{filepath.Join(home, ".aspera", "sdk"), filepath.Join(home, ".aspera", "ascli", "sdk")}
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
			return Location{Path: p, Product: pr.name}, nil
		}
		looked = append(looked, p)
	}
	return Location{}, fmt.Errorf("ascp not found (looked in: %s); install the IBM Aspera Transfer SDK into ~/.aspera/sdk, "+
		"or Aspera Connect / Desktop / HSTS, or give --ascp-path", strings.Join(looked, ", "))
}

var versionRE = regexp.MustCompile(` version ([0-9.]+)`)

// Version runs `ascp -A` and returns the version it prints ("4.4.2.572").
func Version(ctx context.Context, path string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "-A").CombinedOutput()
	if m := versionRE.FindSubmatch(out); m != nil {
		return string(m[1]), nil
	}
	if err != nil {
		return "", fmt.Errorf("%s -A: %w", path, err)
	}
	return "", fmt.Errorf("%s -A printed no version", path)
}
