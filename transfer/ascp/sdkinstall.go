package ascp

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	goruntime "runtime"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

// SDKLocationsURL is IBM's list of Transfer SDK archives per platform and version (YAML:
// a list of {platform, version, url}).
const SDKLocationsURL = "https://ibm.biz/sdk_location"

// SDKPlatform is the platform name of the SDK list for this machine ("linux-x86_64").
func SDKPlatform() string {
	osName := map[string]string{"darwin": "osx"}[goruntime.GOOS]
	if osName == "" {
		osName = goruntime.GOOS
	}
	cpu := map[string]string{"amd64": "x86_64", "arm64": "arm64", "ppc64le": "ppc64le", "s390x": "s390x"}[goruntime.GOARCH]
	if cpu == "" {
		cpu = goruntime.GOARCH
	}
	return osName + "-" + cpu
}

// SDKArchiveURL reads the SDK list at locationsURL (SDKLocationsURL when empty) and returns
// the URL of the latest archive for platform.
func SDKArchiveURL(ctx context.Context, s *rest.Settings, locationsURL, platform string) (string, error) {
	if locationsURL == "" {
		locationsURL = SDKLocationsURL
	}
	c, err := rest.New(locationsURL, nil, s)
	if err != nil {
		return "", fmt.Errorf("SDK locations: %w", err)
	}
	resp, err := c.Stream(ctx, &rest.Request{Path: locationsURL, NoAuth: true})
	if err != nil {
		return "", fmt.Errorf("SDK locations: %w", err)
	}
	body := resp.Body
	defer body.Close()
	var list []struct{ Platform, Version, URL string }
	if err := yaml.NewDecoder(io.LimitReader(body, 4<<20)).Decode(&list); err != nil {
		return "", fmt.Errorf("SDK locations %s: %w", locationsURL, err)
	}
	best, bestV := "", ""
	for _, l := range list {
		if l.Platform == platform && (best == "" || transfer.VersionLess(bestV, l.Version)) {
			best, bestV = l.URL, l.Version
		}
	}
	if best == "" {
		return "", fmt.Errorf("SDK locations %s: no archive for platform %s", locationsURL, platform)
	}
	return best, nil
}

// sdkArchive is the name of the downloaded archive in the SDK folder while it is installed.
const sdkArchive = ".sdk-archive.tar.gz"

// InstallSDK downloads the .tar.gz Transfer SDK archive at archiveURL and unpacks its regular
// files into folder, each under its base name (the SDK's layout flattened, as ascli does: no
// entry can land outside folder; symbolic links and two files of one name are refused). The
// archive is downloaded by products/rest (an interrupted download leaves its partial file,
// resumed by the next install) and removed once unpacked. It verifies that the archive held an
// ascp that runs (ascp -A) and returns its location.
func InstallSDK(ctx context.Context, s *rest.Settings, archiveURL, folder string) (Location, error) {
	fail := func(err error) (Location, error) {
		return Location{}, fmt.Errorf("install SDK from %s: %w", archiveURL, err)
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return fail(err)
	}
	c, err := rest.New(archiveURL, nil, s)
	if err != nil {
		return fail(err)
	}
	archive := filepath.Join(folder, sdkArchive)
	if _, err := c.Download(ctx, &rest.Request{Path: archiveURL, NoAuth: true}, archive, nil); err != nil {
		return fail(err)
	}
	defer os.Remove(archive)
	f, err := os.Open(archive)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	if err := untarFlat(f, folder); err != nil {
		return fail(err)
	}
	p := filepath.Join(folder, exe(goruntime.GOOS, "ascp"))
	if !isFile(p) {
		return fail(fmt.Errorf("the archive holds no ascp"))
	}
	v, err := Version(ctx, p)
	if err != nil {
		return fail(err)
	}
	return Location{Path: p, Product: "sdk", Version: v}, nil
}

// untarFlat extracts the regular files of a .tar.gz into folder under their base names.
func untarFlat(r io.Reader, folder string) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			return fmt.Errorf("archive entry %s: only regular files are installed", h.Name)
		}
		name := path.Base(strings.ReplaceAll(h.Name, `\`, "/"))
		if name == "." || name == ".." || name == "/" || seen[name] {
			return fmt.Errorf("archive entry %s: bad or repeated file name", h.Name)
		}
		seen[name] = true
		if err := writeEntry(filepath.Join(folder, name), tr, os.FileMode(h.Mode)&0o755|0o600); err != nil {
			return fmt.Errorf("archive entry %s: %w", h.Name, err)
		}
	}
}

func writeEntry(dest string, r io.Reader, mode os.FileMode) error {
	f, err := os.OpenFile(dest+".part", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, io.LimitReader(r, 1<<30))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(dest+".part", dest)
	}
	if err != nil {
		os.Remove(dest + ".part")
	}
	return err
}
