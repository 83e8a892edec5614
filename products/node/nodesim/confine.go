package nodesim

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// Confined wraps a runner of transfers so that an upload it would run never writes on this
// machine outside root: a send whose destination_root is not below root fails, saying why,
// and run is not called. A simulator embedding this one whose runner is a local ascp (or its
// test double) uses it: the specs of upload_setup name folders of root, a spec made for a
// real node does not. Nil stays nil (no runner).
func Confined(root string, run func(context.Context, map[string]any) error) func(context.Context, map[string]any) error {
	if run == nil {
		return nil
	}
	return func(ctx context.Context, spec map[string]any) error {
		if err := writesBelow(root, spec, "the simulator's node"); err != nil {
			return err
		}
		return run(ctx, spec)
	}
}

// writesBelow returns an error naming who when spec is a send whose destination_root is not
// below root.
func writesBelow(root string, spec map[string]any, who string) error {
	if spec["direction"] != "send" {
		return nil
	}
	dest, _ := spec["destination_root"].(string)
	rel, err := filepath.Rel(root, filepath.Clean(dest))
	if dest == "" || err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("%s writes only below its root: destination_root %q is not there", who, dest)
	}
	return nil
}

// gen4Spec tells whether spec names its far folder by file id (tags.aspera.node.file_id), the
// way AoC and the access key APIs make specs.
func gen4Spec(spec map[string]any) bool {
	tags, _ := spec["tags"].(map[string]any)
	aspera, _ := tags["aspera"].(map[string]any)
	n, _ := aspera["node"].(map[string]any)
	return n["file_id"] != nil
}

// confine refuses a gen4 spec that would make this simulator's runner write outside the served
// folder: its destination_root is a path of the far node's folder, which a local ascp (or its
// test double) would take as a path of this machine.
func (s *Server) confine(spec map[string]any) error {
	if !gen4Spec(spec) {
		return nil
	}
	return writesBelow(s.tree.root, spec, "the node simulator (a spec by file id)")
}
