package ascp

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	goruntime "runtime"
	"strings"

	"go.yaml.in/yaml/v3"
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
func SDKArchiveURL(ctx context.Context, client *http.Client, locationsURL, platform string) (string, error) {
	if locationsURL == "" {
		locationsURL = SDKLocationsURL
	}
	body, err := httpGet(ctx, client, locationsURL)
	if err != nil {
		return "", fmt.Errorf("SDK locations: %w", err)
	}
	defer body.Close()
	var list []struct{ Platform, Version, URL string }
	if err := yaml.NewDecoder(io.LimitReader(body, 4<<20)).Decode(&list); err != nil {
		return "", fmt.Errorf("SDK locations %s: %w", locationsURL, err)
	}
	best, bestV := "", ""
	for _, l := range list {
		if l.Platform == platform && (best == "" || versionLess(bestV, l.Version)) {
			best, bestV = l.URL, l.Version
		}
	}
	if best == "" {
		return "", fmt.Errorf("SDK locations %s: no archive for platform %s", locationsURL, platform)
	}
	return best, nil
}

// versionLess compares dotted versions numerically ("1.1.10" > "1.1.9").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// InstallSDK downloads the .tar.gz Transfer SDK archive at archiveURL and unpacks its regular
// files into folder, each under its base name (the SDK's layout flattened, as ascli does: no
// entry can land outside folder; symbolic links and two files of one name are refused). The
// archive goes to a temporary file removed at the end. It verifies that the archive held an
// ascp that runs (ascp -A) and returns its location.
func InstallSDK(ctx context.Context, client *http.Client, archiveURL, folder string) (Location, error) {
	fail := func(err error) (Location, error) { return Location{}, fmt.Errorf("install SDK from %s: %w", archiveURL, err) }
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return fail(err)
	}
	body, err := httpGet(ctx, client, archiveURL)
	if err != nil {
		return fail(err)
	}
	defer body.Close()
	tmp, err := os.CreateTemp(folder, ".sdk-*.part")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, body); err != nil {
		return fail(err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	if err := untarFlat(tmp, folder); err != nil {
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

func httpGet(ctx context.Context, client *http.Client, u string) (io.ReadCloser, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return resp.Body, nil
}
