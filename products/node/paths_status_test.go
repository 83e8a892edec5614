package node

import (
	"encoding/json"
	"testing"
)

func TestPathsErrorStatus(t *testing.T) {
	res := func(codes ...any) *PathsError {
		e := &PathsError{}
		for _, c := range codes {
			d := Object{"path": "/x"}
			if c != nil {
				d["error"] = map[string]any{"code": c, "user_message": "m"}
			}
			e.Results = append(e.Results, PathResult{Path: "/x", Error: "m", Data: d})
		}
		return e
	}
	for _, tc := range []struct {
		e    *PathsError
		want int
	}{
		{res(int64(404)), 404},
		{res(json.Number("404")), 404},
		{res(float64(404), int64(404)), 404},
		{res(int64(404), int64(403)), 0},
		{res(nil), 0},
		{res("x"), 0},
		{res(int64(7)), 0},
		{&PathsError{}, 0},
	} {
		if got := tc.e.Status(); got != tc.want {
			t.Errorf("Status of %+v = %d, want %d", tc.e.Results, got, tc.want)
		}
	}
}
