package spec

import "fmt"

// Options are the command line's changes to a spec (census §6.2 steps 2-3).
type Options struct {
	ToFolder string   // --to-folder: sets destination_root ("" keeps it)
	Sources  []string // the sources: replace paths (nil keeps the spec's paths)
	SrcType  string   // --src-type: "list" (default) or "pair" (source, destination, source...)
}

// ApplyOptions returns a copy of s with the options applied: ToFolder sets destination_root;
// Sources, when not nil, replace paths with [{source}...] (list) or [{source, destination}...]
// (pair; an odd count is an error). s is not modified.
func ApplyOptions(s Spec, o Options) (Spec, error) {
	var paths []any
	if o.Sources != nil {
		paths = make([]any, 0, len(o.Sources))
		switch o.SrcType {
		case "", "list":
			for _, src := range o.Sources {
				paths = append(paths, map[string]any{"source": src})
			}
		case "pair":
			if len(o.Sources)%2 != 0 {
				return nil, fmt.Errorf("--src-type=pair: %d sources, an even number (source, destination...) expected", len(o.Sources))
			}
			for i := 0; i < len(o.Sources); i += 2 {
				paths = append(paths, map[string]any{"source": o.Sources[i], "destination": o.Sources[i+1]})
			}
		default:
			return nil, fmt.Errorf("--src-type: %q is not list or pair", o.SrcType)
		}
	}
	out := Merge(s, nil)
	if o.ToFolder != "" {
		out["destination_root"] = o.ToFolder
	}
	if paths != nil {
		out["paths"] = paths
	}
	return out, nil
}

// Apply is ApplyOptions, under its first name.
//
// Deprecated: use ApplyOptions.
func Apply(s Spec, o Options) (Spec, error) { return ApplyOptions(s, o) }
