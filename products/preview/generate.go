package preview

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Generator makes the preview of one file with the external tools. It is safe for concurrent
// use: each generation works in a temporary folder of its own.
type Generator struct {
	Tools   *Tools
	Options Options // zero fields take their defaults
	TempDir string  // parent of the work folders ("": the system's)
}

// ErrUnsupported is the error of a file whose type has no preview in the format asked.
var ErrUnsupported = errors.New("no preview for this type")

// Generate writes the preview of src (of type typ) in format into dst: the file appears whole
// or not at all (it is made in a work folder, then moved). A missing tool is an error wrapping
// ErrMissingTool; a tool's failure names the tool and what it said.
func (g *Generator) Generate(ctx context.Context, src, dst string, typ Type, format Format) error {
	if err := g.Tools.Supports(typ); err != nil {
		return err
	}
	abs, err := filepath.Abs(src) // an absolute path: ImageMagick never reads "x:..." as a coder
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp(g.TempDir, "prev_")
	if err != nil {
		return fmt.Errorf("work folder: %w", err)
	}
	defer os.RemoveAll(work)
	j := &job{ctx: ctx, g: g, o: g.Options.Defaults(), src: abs, work: work, out: filepath.Join(work, "preview."+string(format))}
	switch {
	case format == PNG && typ == Image:
		err = j.image(abs, false)
	case format == PNG && typ == PDF:
		err = j.pdf(abs)
	case format == PNG && typ == Office:
		err = j.office()
	case format == PNG && typ == Plaintext:
		err = j.text()
	case format == PNG && typ == Video:
		err = j.videoPNG()
	case format == MP4 && typ == Video:
		err = j.videoMP4()
	default:
		return fmt.Errorf("%w: %s to %s", ErrUnsupported, typ, format)
	}
	if err != nil {
		return err
	}
	if st, err := os.Stat(j.out); err == nil && st.Size() > j.o.MaxSize && g.Tools.Log != nil {
		g.Tools.Log.Warn(fmt.Sprintf("preview: %s: the preview is %d bytes, more than %d", src, st.Size(), j.o.MaxSize))
	}
	return moveFile(j.out, dst)
}

// job is one generation: its options with defaults, its source and work folder.
type job struct {
	g         *Generator
	o         Options
	src, work string
	out       string // the preview made in work
	ctx       context.Context
}

func (j *job) run(name string, args ...string) ([]byte, error) {
	p := j.g.Tools.Path(name)
	if filepath.Base(p) == "magick" && name != "convert" {
		args = append([]string{name}, args...)
	}
	return run(j.ctx, p, args...)
}

// image makes the PNG thumbnail of an image (the first frame or page): oriented, fit in the
// thumbnail size, 8 bits; transparency is kept unless flatten, then put on white. OptiPNG,
// when present, makes it smaller.
func (j *job) image(src string, flatten bool) error {
	size := strconv.Itoa(j.o.ThumbImgSize)
	args := []string{src + "[0]", "-auto-orient"}
	if flatten {
		args = append(args, "-background", "white", "-flatten")
	}
	args = append(args, "-thumbnail", size+"x"+size+">", "-depth", "8", "png:"+j.out)
	if _, err := j.run("convert", args...); err != nil {
		return err
	}
	return j.optimize()
}

// optimize runs optipng on the PNG made, when installed (its absence only costs size).
func (j *job) optimize() error {
	if j.g.Tools.Path("optipng") == "" {
		return nil
	}
	_, err := j.run("optipng", "-quiet", "-o1", j.out)
	return err
}

// pdf renders the first page with Ghostscript (ImageMagick's PDF coder is disabled by
// Debian's security policy), then makes its thumbnail on white.
func (j *job) pdf(src string) error {
	page := filepath.Join(j.work, "page.png")
	_, err := j.run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-dFirstPage=1", "-dLastPage=1",
		"-r100", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-sOutputFile="+page, src)
	if err != nil {
		return err
	}
	if _, err := os.Stat(page); err != nil {
		return fmt.Errorf("gs: no page rendered")
	}
	return j.image(page, true)
}

// office converts the document to PDF with LibreOffice (a profile folder of its own, so that
// conversions run in parallel), then makes the PDF's thumbnail.
func (j *job) office() error {
	profile := "file://" + filepath.ToSlash(filepath.Join(j.work, "profile"))
	outDir := filepath.Join(j.work, "pdf")
	_, err := j.run("soffice", "-env:UserInstallation="+profile, "--headless", "--norestore", "--nolockcheck",
		"--convert-to", "pdf", "--outdir", outDir, j.src)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(filepath.Base(j.src), filepath.Ext(j.src)) + ".pdf"
	pdf := filepath.Join(outDir, base)
	if _, err := os.Stat(pdf); err != nil {
		return fmt.Errorf("soffice: the document was not converted (not an office document?)")
	}
	return j.pdf(pdf)
}

// textLines and textBytes bound what a text preview shows.
const (
	textLines = 100
	textBytes = 64 << 10
)

// text draws the first lines of a text file in black on white, trimmed to the text.
func (j *job) text() error {
	body, err := firstLines(j.src, textLines, textBytes)
	if err != nil {
		return err
	}
	size := strconv.Itoa(j.o.ThumbImgSize)
	_, err = j.run("convert", "-size", size+"x"+size, "xc:white", "-font", j.o.Font, "-pointsize", "12", "-fill", "black",
		"-annotate", "+8+16", annotateText(body), "-trim", "-bordercolor", "white", "-border", "8", "+repage", "png:"+j.out)
	if err != nil {
		return err
	}
	return j.optimize()
}

// annotateText escapes what ImageMagick's -annotate interprets: % escapes, backslashes, and
// a leading @ (read a file); tabs become spaces.
func annotateText(s string) string {
	s = strings.NewReplacer(`\`, `\\`, "%", "%%", "\t", "    ", "\r", "").Replace(s)
	if strings.HasPrefix(s, "@") {
		s = `\` + s
	}
	if strings.TrimSpace(s) == "" {
		s = " "
	}
	return s
}

// firstLines reads at most n lines and max bytes of a file.
func firstLines(path string, n, max int) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	r := bufio.NewReader(io.LimitReader(f, int64(max)))
	for i := 0; i < n; i++ {
		line, err := r.ReadString('\n')
		b.WriteString(line)
		if err != nil {
			break
		}
	}
	return b.String(), nil
}

// moveFile moves a file, copying it when a rename cannot (another file system); the
// destination's folder is made.
func moveFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if os.Rename(from, to) == nil {
		return nil
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".part"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, to)
}

// GenerateFile makes the preview of a local file (`preview test`): its type from its name,
// else its content; the preview is written as <base>.<format> (base "" is "preview") in
// folder ("" is the current folder), whose path it returns.
func GenerateFile(ctx context.Context, g *Generator, file, folder, base string, format Format) (string, error) {
	if _, err := os.Stat(file); err != nil {
		return "", err
	}
	typ, err := Detect(file, "", true, file)
	if err != nil {
		return "", err
	}
	if typ == "" {
		return "", fmt.Errorf("%w: %s is of no known type", ErrUnsupported, file)
	}
	if base == "" {
		base = Basename
	}
	if folder == "" {
		folder = "."
	}
	out := filepath.Join(folder, base+"."+string(format))
	if err := g.Generate(ctx, file, out, typ, format); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return out, nil
}
