package spec

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParseRoundTrip(t *testing.T) {
	in := `{"direction":"send","fasp_port":33001,"huge":123456789012345678901234567890,"id":9007199254740993,` +
		`"rate":1.50,"unknown":{"e":1e3,"nested":[1,"x",null,true]},"x_extra":null}`
	s, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := s["id"].(json.Number); !ok || n != "9007199254740993" {
		t.Fatalf("id %#v", s["id"])
	}
	if i, ok := s.Int("id"); !ok || i != 9007199254740993 {
		t.Fatalf("Int(id) %d %v", i, ok)
	}
	if _, ok := s.Int("huge"); ok {
		t.Fatal("Int(huge) beyond int64")
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal sorts the keys: the input above is sorted, so the text is the same
	if string(out) != in {
		t.Fatalf("round trip:\n got %s\nwant %s", out, in)
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		`null`:       "transfer spec: a JSON object expected, got null",
		`[1]`:        "transfer spec: json: cannot unmarshal array into Go value of type map[string]interface {}",
		`{"a":1} {}`: "transfer spec: unexpected data after the JSON object",
		`{"a":`:      "transfer spec: unexpected EOF",
		``:           "transfer spec: EOF",
	} {
		if _, err := Parse([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("Parse(%q): %v, want %s", in, err, want)
		}
	}
}

func TestAccessors(t *testing.T) {
	s, err := Parse([]byte(`{"direction":"receive","remote_host":"h","ssh_port":33001,"create_dir":true,"cookie":"c",
		"rate":2.5,"two":2.0,"flag":"true","paths":[{"source":"a"},{"source":"b","destination":"c"},{"destination":"x"},"bad"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Direction() != "receive" || s.String("remote_host") != "h" || s.String("ssh_port") != "33001" || s.String("create_dir") != "true" ||
		s.String("paths") != "" || s.String("absent") != "" {
		t.Fatal("String")
	}
	if n, ok := s.Int("ssh_port"); !ok || n != 33001 {
		t.Fatal("Int")
	}
	if n, ok := s.Int("two"); !ok || n != 2 {
		t.Fatal("Int(2.0)")
	}
	for _, k := range []string{"rate", "remote_host", "absent"} {
		if _, ok := s.Int(k); ok {
			t.Errorf("Int(%s)", k)
		}
	}
	if !s.Bool("create_dir") || s.Bool("flag") || s.Bool("absent") {
		t.Fatal("Bool")
	}
	want := []Path{{Source: "a"}, {Source: "b", Destination: "c"}}
	if got := s.Paths(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Paths %v", got)
	}
	other := Spec{"direction": 1, "ssh_port": float64(22), "big": int64(1) << 60, "n": 3,
		"paths": []map[string]any{{"source": "m"}}}
	if other.Direction() != "" || other.String("ssh_port") != "22" || other.String("big") != "1152921504606846976" || other.String("n") != "3" {
		t.Fatal("other decoders")
	}
	if n, _ := other.Int("big"); n != 1<<60 {
		t.Fatal("Int int64")
	}
	if got := other.Paths(); !reflect.DeepEqual(got, []Path{{Source: "m"}}) {
		t.Fatalf("Paths of []map %v", got)
	}
	if (Spec{"paths": []Path{{Source: "p"}}}).Paths()[0].Source != "p" || (Spec{}).Paths() != nil {
		t.Fatal("Paths of []Path / none")
	}
}
