package spec

// Options are the command line's changes to a spec (census §6.2 steps 2-3).
//
// Deprecated: Request, with ForUpload and ForDownload, does this and the rest (direction,
// --sources, destination defaults, --ts).
type Options struct {
	ToFolder string   // --to-folder: sets destination_root ("" keeps it)
	Sources  []string // the sources: replace paths (nil keeps the spec's paths)
	SrcType  string   // --src-type: "list" (default) or "pair" (source, destination, source...)
}

// ApplyOptions returns a copy of s with the options applied: ToFolder sets destination_root;
// Sources, when not nil, replace paths with [{source}...] (list) or [{source, destination}...]
// (pair; an odd count is an error). s is not modified.
//
// Deprecated: use ForUpload or ForDownload.
func ApplyOptions(s Spec, o Options) (Spec, error) {
	out := Merge(s, nil)
	if o.Sources != nil {
		paths, err := pathsOf(o.Sources, o.SrcType)
		if err != nil {
			return nil, err
		}
		out["paths"] = pathsValue(paths)
	}
	if o.ToFolder != "" {
		out["destination_root"] = o.ToFolder
	}
	return out, nil
}
