package preview

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The layout AoC reads: the preview of the file of id ID is
// <storage root>/<previews folder>/ID.asp-preview/preview.png (and preview.mp4 for a video).
const (
	// DefaultPreviewsFolder is the folder of the previews below the storage root (aspera.conf's).
	DefaultPreviewsFolder = "previews"
	// FolderSuffix ends the name of a file's preview folder.
	FolderSuffix = ".asp-preview"
	// Basename is the name of a preview file, before its extension.
	Basename = "preview"
	// MarkerFile, in the previews folder, holds the access key that owns it: file ids are
	// unique per key, so two keys on one folder would overwrite each other's previews.
	MarkerFile = ".aspera_access_key"
)

// FolderName is the name of the preview folder of the file of id.
func FolderName(id string) string { return id + FolderSuffix }

// FileName is the name of a preview file of a format.
func FileName(f Format) string { return Basename + "." + string(f) }

// claimPreviews checks that the local previews folder exists and belongs to the access key
// (MarkerFile), writing the marker on first use.
func claimPreviews(dir, key string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("previews folder %s does not exist: create it in the storage root, or give --previews-folder", dir)
	}
	marker := filepath.Join(dir, MarkerFile)
	b, err := os.ReadFile(marker)
	if os.IsNotExist(err) {
		return os.WriteFile(marker, []byte(key+"\n"), 0o644)
	}
	if err != nil {
		return err
	}
	if owner := strings.TrimSpace(string(b)); owner != key {
		return fmt.Errorf("previews folder %s belongs to the access key %s, not %s (%s)", dir, owner, key, MarkerFile)
	}
	return nil
}

// inside returns root joined with the node path p, refusing a path that leaves root (a
// node's answer is not trusted to stay in its storage).
func inside(root, p string) (string, error) {
	full := filepath.Join(root, filepath.FromSlash(p))
	rel, err := filepath.Rel(root, full)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %s leaves the storage root", p)
	}
	return full, nil
}
