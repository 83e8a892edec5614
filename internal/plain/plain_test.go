package plain

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	in := map[any]any{nil: []byte("b"), 2: uint(3), int32(4): float32(0.5), "u": uint64(1 << 63),
		"l": []any{map[any]any{true: 1}}}
	want := map[string]any{"null": "b", "2": int64(3), "4": 0.5,
		"u": json.Number("9223372036854775808"), "l": []any{map[string]any{"true": int64(1)}}}
	if got := Normalize(in); !reflect.DeepEqual(got, want) {
		t.Errorf("Normalize = %#v, want %#v", got, want)
	}
}

func TestNormalizeNumbersAndTimes(t *testing.T) {
	day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	in := []any{json.Number("12"), json.Number("1.5"), json.Number("123456789012345678901"), day, int(7)}
	want := []any{int64(12), 1.5, json.Number("123456789012345678901"), "2024-01-02", int64(7)}
	if got := Normalize(in); !reflect.DeepEqual(got, want) {
		t.Errorf("Normalize = %#v, want %#v", got, want)
	}
}
