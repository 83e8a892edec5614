package spec

import (
	"errors"
	"fmt"
)

// Request is what a command asks of a transfer, as the user gave it on the command line (or
// in the options of a Lua upload/download call). ForUpload and ForDownload apply it to the
// spec a product gives (node upload_setup, a server's connection fields, AoC...).
type Request struct {
	// Args are the command's file arguments: the sources, or source, destination pairs.
	Args []string
	// Sources is --sources: nil, "" or "@args" takes Args; "@ts" takes the paths of TS; a
	// list ([]string, or []any of strings) takes the list instead of Args.
	Sources any
	// SrcType is --src-type: "list" (default, each source alone) or "pair" (source,
	// destination, source, destination...).
	SrcType string
	// ToFolder is --to-folder: the destination folder ("": "/" for uploads, "." for downloads).
	ToFolder string
	// TS is --ts, merged over the spec last (a nil value deletes a key, at any depth).
	TS map[string]any
	// AgentChooses tells that the agent chooses the files when the request names none
	// (Connect's file dialog, for an upload): no path is then no error, and the spec has no
	// paths.
	AgentChooses bool
}

// Values of Request.Sources.
const (
	SourcesArgs = "@args"
	SourcesTS   = "@ts"
)

// Directions of a spec.
const (
	Send    = "send"
	Receive = "receive"
)

// ErrNoSources is the error of a request that names no file to transfer.
var ErrNoSources = errors.New("no files to transfer: give them as arguments, with --sources=LIST, or with --sources=@ts and paths in --ts")

// errNoTSPaths is the error of --sources=@ts when --ts has no paths.
var errNoTSPaths = errors.New(`--sources=@ts: --ts has no paths (@json:{"paths":[{"source":...}]} expected)`)

// Paths returns the paths the request moves: from Args or the --sources list, one per
// source (list) or one per source, destination pair (pair: an odd count is an error); with
// --sources=@ts, the paths of TS. No path is ErrNoSources, unless AgentChooses (nil, nil).
func (r Request) Paths() ([]Path, error) {
	paths, err := r.paths()
	if r.AgentChooses && len(paths) == 0 && (err == nil || err == ErrNoSources || err == errNoTSPaths) {
		return nil, nil
	}
	return paths, err
}

func (r Request) paths() ([]Path, error) {
	var files []string
	switch s := r.Sources.(type) {
	case nil:
		files = r.Args
	case string:
		switch s {
		case "", SourcesArgs:
			files = r.Args
		case SourcesTS:
			paths := Spec(r.TS).Paths()
			if len(paths) == 0 {
				return nil, errNoTSPaths
			}
			return paths, nil
		default:
			return nil, fmt.Errorf("--sources: %q is not @args, @ts or a list", s)
		}
	case []string:
		files = s
	case []any:
		for _, e := range s {
			f, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("--sources: a list of file names expected, got %s", kind(e))
			}
			files = append(files, f)
		}
	default:
		return nil, fmt.Errorf("--sources: @args, @ts or a list expected, got %s", kind(s))
	}
	paths, err := pathsOf(files, r.SrcType)
	if err == nil && len(paths) == 0 {
		err = ErrNoSources
	}
	return paths, err
}

// SourcePaths returns the sources of Paths: what a product's download_setup is asked for.
func (r Request) SourcePaths() ([]string, error) {
	paths, err := r.Paths()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p.Source
	}
	return out, nil
}

// Destination returns the destination folder of a direction: ToFolder, else "/" for an upload
// (send: the remote root) and "." for a download (receive: the current folder).
func (r Request) Destination(direction string) string {
	switch {
	case r.ToFolder != "":
		return r.ToFolder
	case direction == Send:
		return "/"
	}
	return "."
}

// ForUpload returns the spec of an upload: a copy of base (the product's spec) with direction
// "send", the paths of the request (Paths), destination_root kept when base has one (the
// product answered for the folder it was asked, e.g. node upload_setup with Destination),
// else Destination("send"), and TS merged last. base is not modified.
func ForUpload(base Spec, r Request) (Spec, error) {
	return forDirection(base, r, Send)
}

// ForDownload returns the spec of a download: a copy of base with direction "receive", the
// paths of the request (Paths: remote sources), destination_root Destination("receive") (a
// local folder, which the product cannot know), and TS merged last. base is not modified.
func ForDownload(base Spec, r Request) (Spec, error) {
	return forDirection(base, r, Receive)
}

func forDirection(base Spec, r Request, direction string) (Spec, error) {
	paths, err := r.Paths()
	if err != nil {
		return nil, err
	}
	out := Merge(base, nil)
	out["direction"] = direction
	if paths != nil {
		out["paths"] = pathsValue(paths)
	} else {
		delete(out, "paths") // the agent chooses (AgentChooses)
	}
	if d, _ := out["destination_root"].(string); direction == Receive || d == "" {
		out["destination_root"] = r.Destination(direction)
	}
	return Merge(out, r.TS), nil
}

// pathsOf makes paths of file names: one per name (list), or one per source, destination
// pair (pair).
func pathsOf(files []string, srcType string) ([]Path, error) {
	var out []Path
	switch srcType {
	case "", "list":
		for _, f := range files {
			out = append(out, Path{Source: f})
		}
	case "pair":
		if len(files)%2 != 0 {
			return nil, fmt.Errorf("--src-type=pair: %d sources, an even number (source, destination...) expected", len(files))
		}
		for i := 0; i < len(files); i += 2 {
			out = append(out, Path{Source: files[i], Destination: files[i+1]})
		}
	default:
		return nil, fmt.Errorf("--src-type: %q is not list or pair", srcType)
	}
	return out, nil
}

// pathsValue is the spec's value of paths: [{source, destination?}...].
func pathsValue(paths []Path) []any {
	l := make([]any, len(paths))
	for i, p := range paths {
		m := map[string]any{"source": p.Source}
		if p.Destination != "" {
			m["destination"] = p.Destination
		}
		l[i] = m
	}
	return l
}
