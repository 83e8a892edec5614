// Package preview is the binding of aspera.preview, the preview generator (products/preview):
// generate one local file's preview, check the tools, and scan an access key's storage (scan,
// events, trevents) with a node client of aspera.node.
package preview

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/preview"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.preview.d.lua
var meta string

// Module is `aspera.preview`.
var Module = kit.Module{Name: "aspera.preview", Doc: "the preview generator: PNG thumbnails and MP4 previews with ImageMagick, ffmpeg, LibreOffice",
	Meta: meta, Funcs: map[string]lua.LGFunction{
		"generate": generate,
		"check":    check,
		"scan": scanner("preview.scan", func(s *preview.Scanner, L *lua.LState, o kit.Options) (*preview.Summary, error) {
			return s.Scan(kit.Ctx(L), o.Str("scan_id"), o.Str("scan_path"))
		}),
		"events": scanner("preview.events", func(s *preview.Scanner, L *lua.LState, o kit.Options) (*preview.Summary, error) {
			return s.Events(kit.Ctx(L), o.Str("iteration_file"))
		}),
		"trevents": scanner("preview.trevents", func(s *preview.Scanner, L *lua.LState, o kit.Options) (*preview.Summary, error) {
			return s.TransferEvents(kit.Ctx(L), o.Str("iteration_file"))
		}),
	}}

// errs: a missing tool is a config error; a file of no known type, or no file, is bad input.
var errs = kit.Errors{Kinds: map[error]string{preview.ErrMissingTool: runtime.KindConfig, preview.ErrUnsupported: runtime.KindUsage, fs.ErrNotExist: runtime.KindUsage}}

// genKeys are the generation options (the manual's --vid-*, --clips-*, --thumb-*).
var genKeys = []string{"video", "vid_offset_seconds", "vid_size", "vid_framecount", "vid_blendframes", "vid_framepause", "vid_fps",
	"clips_offset_seconds", "clips_size", "clips_length", "clips_count", "thumb_mp4_size", "thumb_img_size", "thumb_vid_fraction",
	"thumb_text_font", "max_size", "temp_folder"}

// scanKeys are the options of scan, events and trevents.
var scanKeys = append([]string{"file_access", "storage_root", "previews_folder", "skip_types", "skip_format", "skip_folders", "overwrite",
	"validate_mime", "check_extension", "concurrency", "scan_id", "scan_path", "iteration_file", "folder_reset_cache", "agent"}, genKeys...)

func usage(L *lua.LState, err error) {
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
}

// generator converts the generation options.
func generator(L *lua.LState, o kit.Options) *preview.Generator {
	video, err := preview.ParseVideo(o.Str("video"))
	usage(L, err)
	g := &preview.Generator{Tools: preview.FindTools(nil), TempDir: o.Str("temp_folder"), Options: preview.Options{
		Video: video, VidSize: o.Str("vid_size"), ClipsSize: o.Str("clips_size"), ThumbMP4Size: o.Str("thumb_mp4_size"), Font: o.Str("thumb_text_font"),
	}}
	ints := map[string]*int{"vid_framecount": &g.Options.VidFramecount, "vid_blendframes": &g.Options.VidBlendframes,
		"vid_framepause": &g.Options.VidFramepause, "vid_fps": &g.Options.VidFPS, "clips_count": &g.Options.ClipsCount, "thumb_img_size": &g.Options.ThumbImgSize}
	for k, p := range ints {
		*p = int(number(L, o, k))
	}
	floats := map[string]*float64{"vid_offset_seconds": &g.Options.VidOffsetSeconds, "clips_offset_seconds": &g.Options.ClipsOffsetSeconds,
		"clips_length": &g.Options.ClipsLength, "thumb_vid_fraction": &g.Options.ThumbVidFraction}
	for k, p := range floats {
		*p = number(L, o, k)
	}
	g.Options.MaxSize = int64(number(L, o, "max_size"))
	if e := runtime.EngineOf(L); e != nil {
		g.Tools.Log = e.Log
	}
	return g
}

// number reads a numeric option (a number, or its text from the command line; 0 when absent).
func number(L *lua.LState, o kit.Options, key string) float64 {
	switch v := o[key].(type) {
	case nil:
		return 0
	case int64:
		return float64(v)
	case float64:
		return v
	case string:
		f, err := strconv.ParseFloat(v, 64)
		if err == nil {
			return f
		}
	}
	usage(L, fmt.Errorf("%s: a number expected, got %v", key, o[key]))
	return 0
}

func generate(L *lua.LState) int {
	file := L.CheckString(1)
	o := kit.OptionsArg(L, 2, "preview.generate", append([]string{"format", "output_folder", "base"}, genKeys...)...)
	format := preview.PNG
	if o.Str("format") != "" {
		f, err := preview.ParseFormat(o.Str("format"))
		usage(L, err)
		format = f
	}
	g := generator(L, o)
	out, err := preview.GenerateFile(kit.Ctx(L), g, file, o.Str("output_folder"), o.Str("base"), format)
	return errs.Push(L, out, err)
}

func check(L *lua.LState) int {
	var list []any
	for _, s := range preview.FindTools(nil).Check(kit.Ctx(L)) {
		m := map[string]any{"tool": s.Tool, "status": s.Status, "package": s.Package, "for": s.For}
		if s.Path != "" {
			m["path"] = s.Path
		}
		if s.Version != "" {
			m["version"] = s.Version
		}
		list = append(list, m)
	}
	L.Push(runtime.ToLua(L, list))
	return 1
}

// scanner makes scan, events and trevents: node client, options -> the summary.
func scanner(fn string, do func(*preview.Scanner, *lua.LState, kit.Options) (*preview.Summary, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		n := kit.Arg[*nodeapi.Client](L, 1, "node client")
		o := kit.OptionsArg(L, 2, fn, scanKeys...)
		so := scanOptions(L, o)
		g := generator(L, o)
		so.Log = g.Tools.Log
		if so.Remote {
			so.Transfer = kit.GoRunner(L, o.Str("agent"))
		}
		s, err := preview.NewScanner(kit.Ctx(L), n, g, so)
		if err != nil {
			errs.Raise(L, err)
		}
		sum, err := do(s, L, o)
		if err != nil && sum == nil {
			errs.Raise(L, err)
		}
		v := summary(sum)
		if err != nil { // interrupted or the listing failed: the summary of what was done goes with the error
			e := errs.Of(err)
			e.Details = v
			runtime.Raise(L, e)
		}
		L.Push(runtime.ToLua(L, v))
		return 1
	}
}

func scanOptions(L *lua.LState, o kit.Options) preview.ScanOptions {
	var so preview.ScanOptions
	switch o.Str("file_access") {
	case "", "local":
	case "remote":
		so.Remote = true
	default:
		usage(L, fmt.Errorf("file_access: local or remote, got %q", o.Str("file_access")))
	}
	so.StorageRoot, so.PreviewsFolder, so.ResetCache = o.Str("storage_root"), o.Str("previews_folder"), o.Str("folder_reset_cache")
	if r := so.ResetCache; r != "" && r != "no" && r != "header" && r != "read" {
		usage(L, fmt.Errorf("folder_reset_cache: no, header or read, got %q", r))
	}
	var err error
	so.Overwrite, err = preview.ParseOverwrite(o.Str("overwrite"))
	usage(L, err)
	types, err := o.Strings("skip_types")
	usage(L, err)
	for _, t := range types {
		typ, err := preview.ParseType(t)
		if err != nil {
			usage(L, fmt.Errorf("skip_types: %w", err))
		}
		so.SkipTypes = append(so.SkipTypes, typ)
	}
	if f := o.Str("skip_format"); f != "" {
		format, err := preview.ParseFormat(f)
		usage(L, err)
		so.SkipFormats = []preview.Format{format}
	}
	so.SkipFolders, err = o.Strings("skip_folders")
	usage(L, err)
	so.ValidateMIME, err = o.Bool("validate_mime", false)
	usage(L, err)
	so.CheckExtension, err = o.Bool("check_extension", true)
	usage(L, err)
	so.Concurrency, err = o.Int("concurrency")
	usage(L, err)
	if so.Concurrency < 0 {
		usage(L, errors.New("concurrency: a positive number expected"))
	}
	return so
}

func summary(s *preview.Summary) map[string]any {
	failures := []any{}
	for _, f := range s.Failures {
		failures = append(failures, map[string]any{"path": f.Path, "error": f.Error})
	}
	return map[string]any{"files": int64(s.Files), "generated": int64(s.Generated), "skipped": int64(s.Skipped),
		"failed": int64(s.Failed), "seconds": s.Seconds, "failures": failures}
}
