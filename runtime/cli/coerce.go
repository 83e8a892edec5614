package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Coerce converts a decoded value to the option's type. Nil stays nil.
func Coerce(o *Option, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch o.Type {
	case String:
		return toText(v)
	case Bool, Flag:
		return ToBool(v)
	case Int:
		return toInt(v)
	case Number:
		return toNumber(v)
	case Enum:
		t, err := toText(v)
		if err != nil {
			return nil, err
		}
		m, err := Match("value", t.(string), o.Values)
		if err != nil {
			return nil, fmt.Errorf("%s", Classify(err).Message)
		}
		return m, nil
	case List:
		switch t := v.(type) {
		case []any:
			return t, nil
		case string:
			if t == "" {
				return []any{}, nil
			}
			var out []any
			for _, p := range strings.Split(t, ",") {
				out = append(out, p)
			}
			return out, nil
		}
		return []any{v}, nil
	case Hash:
		if m, ok := v.(map[string]any); ok {
			return m, nil
		}
		return nil, fmt.Errorf("expects a mapping, got %s", describe(v))
	}
	return v, nil
}

func describe(v any) string {
	switch t := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", t)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%v", v)
}

func toText(v any) (any, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case bool, int, int64, float64, json.Number:
		return fmt.Sprint(t), nil
	}
	return nil, fmt.Errorf("expects text, got %s", describe(v))
}

// ToBool converts yes/no, true/false, on/off, 1/0 (any case) and booleans.
func ToBool(v any) (bool, error) {
	switch t := v.(type) {
	case bool:
		return t, nil
	case int64:
		return t != 0, nil
	case string:
		switch strings.ToLower(t) {
		case "yes", "true", "on", "1", "y":
			return true, nil
		case "no", "false", "off", "0", "n", "":
			return false, nil
		}
	}
	return false, fmt.Errorf("expects yes or no, got %s", describe(v))
}

func toInt(v any) (any, error) {
	switch t := v.(type) {
	case int64:
		return t, nil
	case int:
		return int64(t), nil
	case float64:
		if t == math.Trunc(t) {
			return int64(t), nil
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64); err == nil {
			return i, nil
		}
	}
	return nil, fmt.Errorf("expects an integer, got %s", describe(v))
}

func toNumber(v any) (any, error) {
	switch t := v.(type) {
	case int64, float64:
		return t, nil
	case int:
		return int64(t), nil
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64); err == nil {
			return i, nil
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(t), 64); err == nil {
			return f, nil
		}
	}
	return nil, fmt.Errorf("expects a number, got %s", describe(v))
}
