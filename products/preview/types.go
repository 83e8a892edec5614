package preview

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

// Type is the kind of a source file, which decides how its preview is made.
type Type string

// The types of source files that have a preview (the original tool's conversion types).
const (
	Image     Type = "image"
	Office    Type = "office"
	PDF       Type = "pdf"
	Plaintext Type = "plaintext"
	Video     Type = "video"
)

// Types lists the types, in the order help texts show them.
var Types = []Type{Image, Office, PDF, Plaintext, Video}

// Format is the format of a preview file: a PNG thumbnail, or an MP4 video preview.
type Format string

// The preview formats, named as their file extension (preview.png, preview.mp4).
const (
	PNG Format = "png"
	MP4 Format = "mp4"
)

// Formats returns the previews a file of type t has: a PNG for every type, and an MP4 too for
// a video.
func Formats(t Type) []Format {
	if t == Video {
		return []Format{PNG, MP4}
	}
	return []Format{PNG}
}

// ParseType checks the name of a type (a value of --skip-types).
func ParseType(s string) (Type, error) {
	for _, t := range Types {
		if string(t) == s {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown file type %q (types: image, office, pdf, plaintext, video)", s)
}

// mimeTypes are the MIME types whose type is not told by their prefix (the Node API gives
// the MIME types of the Apache httpd table).
var mimeTypes = map[string]Type{
	"application/json": Plaintext, "text/plain": Plaintext, "text/markdown": Plaintext,
	"application/pdf": PDF,
	"audio/ogg":       Video, "application/mxf": Video, "application/ogg": Video,
	"application/msword": Office, "application/rtf": Office, "text/rtf": Office,
	"application/mac-binhex40": Office, "application/x-abiword": Office, "application/x-mspublisher": Office,
	"application/vnd.wordperfect": Office, "application/vnd.lotus-wordpro": Office, "application/vnd.ms-works": Office,
	"image/vnd.dxf": Office, "image/x-cmx": Office, "image/x-freehand": Office, "image/x-pict": Office,
	"text/csv": Office, "text/html": Office,
	"application/dicom": Image, "application/postscript": Image, "application/vnd.3gpp.pic-bw-small": Image,
	"application/vnd.hp-hpgl": Image, "application/vnd.hp-pcl": Image, "application/vnd.mobius.msl": Image,
	"application/vnd.mophun.certificate": Image, "application/x-director": Image, "application/x-font-type1": Image,
	"application/x-msmetafile": Image, "application/x-xfig": Image, "font/ttf": Image, "text/troff": Image,
	"video/x-mng": Image,
}

// TypeOfMIME returns the type of a MIME type ("" when it has no preview).
func TypeOfMIME(mime string) Type {
	mime = strings.ToLower(strings.TrimSpace(strings.SplitN(mime, ";", 2)[0]))
	if t, ok := mimeTypes[mime]; ok {
		return t
	}
	for prefix, t := range map[string]Type{"application/vnd.ms-": Office, "application/vnd.openxmlformats-officedocument": Office,
		"application/vnd.oasis.opendocument": Office, "application/vnd.sun.xml": Office, "video/": Video, "image/": Image} {
		if strings.HasPrefix(mime, prefix) {
			return t
		}
	}
	return ""
}

// extensions are the file extensions with a preview: the common ones (so that a node that
// gives no content_type is served) and the original tool's extra ones, which the Node API's
// MIME table does not know. The table is built on first use.
var extensions = sync.OnceValue(func() map[string]Type {
	m := map[string]Type{}
	for t, list := range map[Type]string{
		Image: "jpg jpeg jpe jfif png gif bmp tif tiff webp heic heif avif svg svgz psd ico cur dcm dicom tga pcx ppm pgm pbm pnm xpm xbm jp2 j2k jpf jpx exr hdr " +
			"eps ps ai aai art arw avs bmp2 bmp3 bpg cals cin cmyk cmyka cr2 crw cut dcx dds dib dng dpx epdf epi eps2 eps3 epsf epsi ept fax fits " +
			"gplt gray hrz jbig jng jpt jxr mat miff mono mpr mrsid mrw mtv mvg nef orf otb p7 palm pam pcd pcds pef picon pict pix png00 png24 png32 " +
			"png48 png64 png8 ps2 ps3 ptif pwp rad raf rfg rgba rla rle sct sfw sun tim uil uyvy vicar viff wpg x3f xcf ycbcr ycbcra yuv",
		Office: "doc docx docm dot dotx xls xlsx xlsm xlsb xlt xltx ppt pptx pptm pps ppsx pot potx odt ods odp odg odf ott ots otp rtf csv " +
			"wpd wps pub vsd vsdx cdr cwk dbf dif fb2 fodg fodp fods fodt hpw key mcw met mml mw mwd numbers pages pm pm6 pmd sgf sgv slk svm sylk " +
			"uof uop uos uot vds vdx wb2 wk1 wk3 wn wq1 wq2 xlk zabw",
		PDF:       "pdf",
		Plaintext: "txt text log md markdown json yaml yml xml ini conf cfg properties sh bash py rb go lua js c h cpp hpp java sql",
		Video: "mp4 m4v mov qt avi mkv webm wmv flv f4v mpg mpeg mpe m2v m2ts mts ts vob 3gp 3g2 ogv ogg mxf divx dv asf rm rmvb " +
			"y4m h264 h265 hevc",
	} {
		for _, e := range strings.Fields(list) {
			m[e] = t
		}
	}
	return m
})

// TypeOfName returns the type told by a file name's extension ("" when unknown).
func TypeOfName(name string) Type {
	return extensions()[strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))]
}

// signature is a magic number at an offset of a file's first bytes.
type signature struct {
	offset int
	magic  string
	typ    Type
}

// signatures recognise the content of the common formats (--validate-mime, and files whose
// name and MIME type tell nothing).
var signatures = []signature{
	{0, "\xFF\xD8\xFF", Image}, {0, "\x89PNG\r\n\x1a\n", Image}, {0, "GIF87a", Image}, {0, "GIF89a", Image},
	{0, "II*\x00", Image}, {0, "MM\x00*", Image}, {0, "BM", Image}, {0, "8BPS", Image}, {128, "DICM", Image},
	{0, "\x00\x00\x01\x00", Image}, {0, "\x76\x2F\x31\x01", Image}, {0, "\x00\x00\x00\x0CjP  ", Image},
	{0, "%PDF-", PDF},
	{0, "PK\x03\x04", Office}, {0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Office}, {0, "{\\rtf", Office},
	{0, "\x1A\x45\xDF\xA3", Video}, {0, "OggS", Video}, {0, "\x00\x00\x01\xBA", Video}, {0, "\x00\x00\x01\xB3", Video},
	{0, "\x06\x0E\x2B\x34\x02\x05\x01\x01", Video}, {0, "FLV", Video}, {0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11", Video},
}

// Sniff returns the type the first bytes of a file show ("" when they show none): magic
// numbers of images, PDF, office documents (OOXML and OpenDocument are ZIP files, the
// older ones OLE2), and videos; a file of printable UTF-8 text is plain text.
func Sniff(path string) (Type, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	return sniffBytes(head[:n]), nil
}

func sniffBytes(b []byte) Type {
	for _, s := range signatures {
		if len(b) >= s.offset+len(s.magic) && string(b[s.offset:s.offset+len(s.magic)]) == s.magic {
			return s.typ
		}
	}
	switch {
	case len(b) >= 12 && string(b[4:8]) == "ftyp": // ISO media: MP4, MOV, 3GP; HEIF/AVIF are images
		if brand := string(b[8:12]); brand == "heic" || brand == "heix" || brand == "mif1" || brand == "avif" {
			return Image
		}
		return Video
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return Image
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "AVI ":
		return Video
	case len(b) >= 188*2 && b[0] == 0x47 && b[188] == 0x47: // MPEG transport stream packets
		return Video
	case isText(b):
		trimmed := bytes.TrimSpace(b)
		if bytes.HasPrefix(trimmed, []byte("<svg")) || (bytes.HasPrefix(trimmed, []byte("<?xml")) && bytes.Contains(b, []byte("<svg"))) {
			return Image
		}
		return Plaintext
	}
	return ""
}

// isText tells whether b is UTF-8 text without control characters other than tab, newline,
// carriage return and form feed (a cut multi-byte character at the end is allowed).
func isText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7F {
			return false
		}
		b = b[size:]
	}
	return true
}

// Detect returns the type of a file from what is known of it, in the original tool's order:
// the MIME type the node gives (mime, may be empty), then the extension of its name when
// checkExtension, then, when the file is local (path not empty), its content.
func Detect(name, mime string, checkExtension bool, path string) (Type, error) {
	if t := TypeOfMIME(mime); t != "" {
		return t, nil
	}
	if checkExtension {
		if t := TypeOfName(name); t != "" {
			return t, nil
		}
	}
	if path == "" {
		return "", nil
	}
	return Sniff(path)
}

// ParseFormat checks the name of a preview format (png, mp4).
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case PNG, MP4:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown preview format %q (png, mp4)", s)
}
