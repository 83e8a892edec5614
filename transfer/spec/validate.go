package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// problem is one finding of Validate, sorted by field.
type problem struct {
	field, msg string
}

func (p problem) err() error {
	return fmt.Errorf("transfer spec: field %q%s", p.field, p.msg)
}

// Validate checks s for an agent ("direct", "node", "connect", "httpgw", "transferd"...; none
// or "" means any agent; the parameter is variadic only so that Validate() keeps working, and
// only its first value is used):
//   - required fields: direction and remote_host; paths (non-empty) unless keepalive is true,
//     the ascp arguments (EX_ascp_args, transfer_info.ascp_args) give a --file-list or
//     --file-pair-list, or (ValidateChosen) the agent chooses an upload's files; token for the
//     httpgw agent. destination_root and remote_user, required
//     by the schema, are not: every agent has a default for them (see the package doc);
//   - the JSON type of every field the schema knows (null values are absent), and the enum of
//     string fields; unknown fields are kept and not checked;
//   - paths: objects with a string source, and either every destination or none;
//   - the extension fields (EX_*, transfer_info), as Extensions reads them.
//
// Every problem is reported, each naming its field, joined with errors.Join in field order:
//
//	transfer spec: field "direction": "sideways" is not one of send, receive
func (s Spec) Validate(agent ...string) error {
	ag := ""
	if len(agent) > 0 {
		ag = agent[0]
	}
	return s.validate(ag, false)
}

// ValidateChosen is Validate for an agent that chooses the files of an upload without paths
// itself (transfer.Info.ChoosesFiles: Connect's file dialog): such an upload needs no paths.
func (s Spec) ValidateChosen(agent string) error {
	return s.validate(agent, true)
}

func (s Spec) validate(ag string, chosen bool) error {
	var ps []problem
	for _, name := range requiredFor(s, ag, chosen) {
		if missing(s[name]) {
			ps = append(ps, problem{name, " is required"})
		}
	}
	fields := Fields()
	for name, v := range s {
		f, ok := fields[name]
		if !ok || v == nil {
			continue
		}
		if !typeOK(f.Types, v) {
			ps = append(ps, problem{name, fmt.Sprintf(": %s expected, got %s", strings.Join(f.Types, " or "), kind(v))})
			continue
		}
		if str, ok := v.(string); ok && len(f.Enum) > 0 && !contains(f.Enum, str) {
			ps = append(ps, problem{name, fmt.Sprintf(": %q is not one of %s", str, strings.Join(f.Enum, ", "))})
		}
	}
	if l, ok := s["paths"].([]any); ok {
		ps = append(ps, checkPaths(l)...)
	}
	if _, err := s.extensions(); err != nil {
		ps = append(ps, err...)
	}
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].field < ps[j].field })
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p.err()
	}
	return errors.Join(errs...)
}

// requiredFor returns the fields required for an agent.
func requiredFor(s Spec, agent string, chosen bool) []string {
	req := []string{"direction", "remote_host"}
	if !s.Bool("keepalive") && !hasFileListArg(s) && !(chosen && s["direction"] == Send) {
		req = append(req, "paths")
	}
	if agent == "httpgw" {
		req = append(req, "token")
	}
	return req
}

func hasFileListArg(s Spec) bool {
	ext, _ := s.extensions()
	for _, a := range ext.AscpArgs {
		if strings.HasPrefix(a, "--file-list") || strings.HasPrefix(a, "--file-pair-list") {
			return true
		}
	}
	return false
}

func missing(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	}
	return false
}

func checkPaths(l []any) []problem {
	var ps []problem
	withDest, objects := 0, 0
	for i, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			ps = append(ps, problem{"paths", fmt.Sprintf(": element %d: an object expected, got %s", i, kind(e))})
			continue
		}
		objects++
		if src, ok := m["source"].(string); !ok || src == "" {
			ps = append(ps, problem{"paths", fmt.Sprintf(": element %d: a string source expected", i)})
		}
		switch d := m["destination"].(type) {
		case nil:
		case string:
			withDest++
		default:
			ps = append(ps, problem{"paths", fmt.Sprintf(": element %d: destination: a string expected, got %s", i, kind(d))})
			withDest++
		}
	}
	if withDest != 0 && withDest != objects {
		ps = append(ps, problem{"paths", ": either every element has a destination or none has"})
	}
	return ps
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// kind names the JSON type of a decoded value, for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, float32, int, int64, int32, json.Number:
		return "a number"
	case []any, []string:
		return "an array"
	case map[string]any, Spec:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}

func typeOK(types []string, v any) bool {
	for _, t := range types {
		if isType(t, v) {
			return true
		}
	}
	return len(types) == 0
}

func isType(t string, v any) bool {
	switch t {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "integer":
		return isInteger(v)
	case "number":
		switch v.(type) {
		case float64, float32, int, int64, int32, json.Number:
			return true
		}
	case "array":
		switch v.(type) {
		case []any, []string:
			return true
		}
	case "object":
		switch v.(type) {
		case map[string]any, Spec:
			return true
		}
	}
	return false
}

// isInteger accepts integral numbers of any size (a json.Number beyond int64 included).
func isInteger(v any) bool {
	switch n := v.(type) {
	case int, int64, int32:
		return true
	case float64:
		return n == math.Trunc(n) && !math.IsInf(n, 0)
	case json.Number:
		if !strings.ContainsAny(string(n), ".eE") {
			return true
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f)
	}
	return false
}
