package transfer

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer/spec"
)

// base returns a JobBase of agent "x" and the events it reported.
func base(stop func() error) (*JobBase, *[]Event) {
	var got []Event
	b := &JobBase{}
	b.Init("x", Options{OnEvent: func(e Event) { got = append(got, e) }}, stop)
	return b, &got
}

func TestFinish(t *testing.T) {
	b, ev := base(nil)
	b.SetSession("s1")
	b.Emit(Event{Type: Progress, Bytes: 5})
	b.Finish(Succeeded, Result{Bytes: 5}, nil)
	b.Emit(Event{Type: Progress, Bytes: 6}) // after the end: dropped
	b.Finish(Failed, Result{}, errors.New("late"))
	r, err := b.Wait(context.Background())
	if err != nil || r.Status != Succeeded || r.Agent != "x" || r.Sessions != 1 || r.Bytes != 5 {
		t.Fatalf("success %+v %v", r, err)
	}
	if len(*ev) != 2 || (*ev)[1].Type != SessionDone || (*ev)[1].Bytes != 5 || (*ev)[1].Session != "s1" || (*ev)[1].Agent != "x" {
		t.Fatalf("events %+v", *ev)
	}

	// a failure: the first *Error of the error is the job's, and the final event carries it
	b, ev = base(nil)
	b.Finish(Failed, Result{}, errors.Join(errors.New("other"), &Error{Agent: "x", Code: 4, Message: "no file", Retryable: true}))
	r, err = b.Wait(context.Background())
	var te *Error
	if !errors.As(err, &te) || err.Error() != "x: error 4: no file" || r.Status != Failed || len(r.Errors) != 1 {
		t.Fatalf("failed %+v %v", r, err)
	}
	if last := (*ev)[len(*ev)-1]; len(*ev) != 1 || last.Type != SessionError || last.Code != 4 || last.Message != "no file" || !last.Retryable {
		t.Fatalf("events %+v", *ev)
	}

	// canceled by Cancel: the stop's error is told; a second Cancel does nothing
	stops := 0
	b, ev = base(func() error { stops++; return errors.New("no answer") })
	b.Cancel()
	b.Cancel()
	b.Finish(Failed, Result{Sessions: 3}, errors.New("broken pipe"))
	r, err = b.Wait(context.Background())
	if stops != 1 || r.Status != Canceled || r.Sessions != 3 || err.Error() != "x: the transfer was canceled (stop failed: no answer)" {
		t.Fatalf("canceled %+v %v (%d stops)", r, err, stops)
	}
	if len(*ev) != 1 || (*ev)[0].Type != SessionError {
		t.Fatalf("events %+v", *ev)
	}
	// canceled by the far end: its words; a context cancellation: canceled
	b, _ = base(nil)
	b.Finish(Canceled, Result{}, &Error{Agent: "x", Message: "the transfer was removed in Connect"})
	if _, err := b.Wait(context.Background()); err.Error() != "x: the transfer was removed in Connect" {
		t.Fatalf("far end: %v", err)
	}
	b, _ = base(nil)
	b.Finish(Failed, Result{}, context.Canceled)
	if r, _ := b.Wait(context.Background()); r.Status != Canceled {
		t.Fatalf("context: %+v", r)
	}
	// a job canceled after it succeeded stays a success, and Cancel of an ended job does nothing
	b, _ = base(func() error { t.Fatal("stop of an ended job"); return nil })
	b.Finish(Succeeded, Result{}, nil)
	b.Cancel()
	if r, _ := b.Wait(context.Background()); r.Status != Succeeded || b.Canceled() {
		t.Fatalf("late cancel %+v", r)
	}
}

// TestFinishOnce: concurrent Finish calls end the job once.
func TestFinishOnce(t *testing.T) {
	b, ev := base(nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); b.Finish(Succeeded, Result{}, nil) }()
	}
	wg.Wait()
	if len(*ev) != 1 {
		t.Fatalf("%d final events", len(*ev))
	}
}

func TestWaitCancels(t *testing.T) {
	b, _ := base(nil)
	b.stop = func() error { go b.Finish(Failed, Result{}, context.Canceled); return nil }
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if r, err := b.Wait(ctx); r.Status != Canceled || err == nil || !b.Canceled() {
		t.Fatalf("%+v %v", r, err)
	}
}

type rateJob struct {
	JobBase
	rate int64
}

func (j *rateJob) SetRate(kbps int64) error { j.rate = kbps; return nil }

func TestSetRate(t *testing.T) {
	j := &rateJob{}
	j.Init("fast", Options{}, nil)
	if err := SetRate(j, 100); err != nil || j.rate != 100 {
		t.Fatalf("rate setter: %v %d", err, j.rate)
	}
	if err := SetRate(j, 0); err == nil || j.rate != 100 {
		t.Fatalf("rate 0: %v", err)
	}
	b, _ := base(nil)
	if err := SetRate(b, 100); !errors.Is(err, ErrNoRate) || err.Error() != "the x agent cannot change the rate of a running transfer" {
		t.Fatalf("no rate: %v", err)
	}
}

// testSettings exercises every kind of setting.
type testSettings struct {
	Name    string        `setting:"name,cli" help:"a name"`
	Mode    string        `setting:"mode" enum:"a,b"`
	On      *bool         `setting:"on"`
	Count   int           `setting:"count"`
	Ratio   float64       `setting:"ratio"`
	Wait    time.Duration `setting:"wait"`
	Files   []string      `setting:"files"`
	Nested  nested        `setting:"nested" help:"a hash"`
	Handle  *os           `setting:"handle,internal"`
	Ignored string
}

type nested struct {
	Max int `setting:"max"`
}

type os struct{ n int }

func TestDecode(t *testing.T) {
	h := &os{n: 1}
	var s testSettings
	err := Decode(map[string]any{"name": "n", "mode": "b", "on": "yes", "count": json.Number("3"), "ratio": int64(2),
		"wait": 1.5, "files": []any{"f1", "f2"}, "nested": map[string]any{"max": 7.0}, "handle": h, "Ignored": nil}, &s)
	on := true
	want := testSettings{Name: "n", Mode: "b", On: &on, Count: 3, Ratio: 2, Wait: 1500 * time.Millisecond,
		Files: []string{"f1", "f2"}, Nested: nested{Max: 7}, Handle: h}
	if err != nil || !reflect.DeepEqual(s, want) {
		t.Fatalf("Decode = %+v, %v", s, err)
	}
	for in, msg := range map[string]string{
		`{"nope":1}`:             `unknown setting "nope" (known: count, files, mode, name, nested, on, ratio, wait)`,
		`{"nested":{"min":1}}`:   `unknown setting "nested.min" (known: max)`,
		`{"count":1.5}`:          `setting "count": a whole number expected, got the number 1.5`,
		`{"count":"3"}`:          `setting "count": a whole number expected, got the string "3"`,
		`{"mode":"c"}`:           `setting "mode": "c" is not one of a, b`,
		`{"on":"maybe"}`:         `setting "on": true or false expected, got the string "maybe"`,
		`{"wait":-1}`:            `setting "wait": a number of seconds expected, got the number -1`,
		`{"files":[1]}`:          `setting "files": a list of strings expected, got a list`,
		`{"nested":[]}`:          `setting "nested": an object expected, got a list`,
		`{"handle":{"n":1}}`:     `setting "handle": *transfer.os expected, got an object`,
		`{"name":1,"ratio":"x"}`: "setting \"name\": a string expected, got the number 1\nsetting \"ratio\": a number expected, got the string \"x\"",
	} {
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(in))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		err := Decode(m, &testSettings{})
		if err == nil || err.Error() != msg || !errors.Is(err, ErrSettings) {
			t.Errorf("%s: %v\nwant %s", in, err, msg)
		}
	}
	if err := Decode(nil, &s); err != nil {
		t.Errorf("nil settings: %v", err)
	}
	if err := Decode(map[string]any{}, s); err == nil {
		t.Error("a struct, not a pointer, was accepted")
	}
}

func TestOptionsOf(t *testing.T) {
	got := OptionsOf[testSettings]()
	want := []Option{
		{Name: "name", Type: TypeString, Help: "a name", CLI: true},
		{Name: "mode", Type: TypeEnum, Values: []string{"a", "b"}},
		{Name: "on", Type: TypeBool},
		{Name: "count", Type: TypeInt},
		{Name: "ratio", Type: TypeNumber},
		{Name: "wait", Type: TypeSeconds},
		{Name: "files", Type: TypeList},
		{Name: "nested", Type: TypeHash, Help: "a hash", Fields: []Option{{Name: "max", Type: TypeInt}}},
		{Name: "handle", Type: TypeValue, Internal: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("OptionsOf:\n%+v\nwant\n%+v", got, want)
	}
}

// fakeAgent is an agent of the registry tests.
type fakeAgent struct{ s testSettings }

func (a *fakeAgent) Name() string { return "test-agent" }
func (a *fakeAgent) Start(context.Context, spec.Spec, Options) (Job, error) {
	return nil, errors.New("not here")
}

func register(t *testing.T) {
	if _, ok := Lookup("test-agent"); ok {
		return
	}
	Register(Info{Name: "test-agent", Aliases: []string{"ta"}, Help: "a test", Options: OptionsOf[testSettings](),
		Inputs: []Input{InputHTTP, InputSSH, InputNode},
		New:    Typed(func(s testSettings) (Agent, error) { return &fakeAgent{s}, nil })})
}

func TestRegistry(t *testing.T) {
	register(t)
	a, err := New("ta", map[string]any{"count": 2.0})
	if err != nil || a.(*fakeAgent).s.Count != 2 {
		t.Fatalf("New by alias: %v", err)
	}
	if _, err := New("test-agent", map[string]any{"bad": 1}); !errors.Is(err, ErrSettings) ||
		!strings.HasPrefix(err.Error(), `test-agent agent: unknown setting "bad" (known: `) {
		t.Fatalf("bad settings: %v", err)
	}
	if _, err := New("nope", nil); !errors.Is(err, ErrUnknownAgent) || !strings.Contains(err.Error(), "test-agent") {
		t.Fatalf("unknown: %v", err)
	}
	if i, ok := Lookup("ta"); !ok || i.Name != "test-agent" || !i.Takes(InputSSH) {
		t.Fatalf("Lookup %+v", i)
	}
	found := false
	for _, i := range Infos() {
		found = found || i.Name == "test-agent"
	}
	if !found || !contains(Names(), "test-agent") || contains(Names(), "ta") {
		t.Fatalf("Infos/Names %v", Names())
	}
	for name, info := range map[string]Info{
		"a taken name":  {Name: "test-agent", New: func(map[string]any) (Agent, error) { return nil, nil }},
		"a taken alias": {Name: "other", Aliases: []string{"ta"}, New: func(map[string]any) (Agent, error) { return nil, nil }},
		"an option of another type": {Name: "other", Options: []Option{{Name: "name", Type: TypeInt, CLI: true}},
			New: func(map[string]any) (Agent, error) { return nil, nil }},
		"no New": {Name: "other"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			Register(info)
		}()
	}
}

func TestSettings(t *testing.T) {
	register(t)
	type httpSettings struct{ proxy string }
	hs := &httpSettings{"p"}
	h := Host{
		Option: func(name string) (any, error) {
			if name == "name" {
				return "from-cli", nil
			}
			return nil, nil
		},
		HTTP: func() (any, error) { return hs, nil },
		SSH:  func() ([]string, string, error) { return []string{"/kh"}, "yes", nil },
		Node: func() (map[string]any, error) {
			return map[string]any{"url": "https://node", "username": "u", "password": "p"}, nil
		},
	}
	got, err := Settings("ta", map[string]any{"count": 1}, h)
	want := map[string]any{"count": 1, "name": "from-cli", KeyHTTP: hs, KeyKnownHosts: []string{"/kh"}, KeyStrictHostKey: "yes",
		"url": "https://node", "username": "u", "password": "p"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Settings = %v, %v", got, err)
	}
	// what the user gave wins, key by key; the node's credentials come only with its url
	given := map[string]any{"name": "mine", KeyStrictHostKey: "no", "url": "https://other"}
	got, _ = Settings("test-agent", given, h)
	if got["name"] != "mine" || got[KeyStrictHostKey] != "no" || got[KeyKnownHosts] == nil || got["url"] != "https://other" || got["username"] != nil {
		t.Fatalf("given: %v", got)
	}
	if len(given) != 3 {
		t.Fatal("the given map was changed")
	}
	if got, err := Settings("test-agent", nil, Host{}); err != nil || len(got) != 0 {
		t.Fatalf("no host: %v %v", got, err)
	}
	h.Node = func() (map[string]any, error) { return nil, errors.New("bad preset") }
	if _, err := Settings("test-agent", nil, h); err == nil || err.Error() != "test-agent agent: bad preset" {
		t.Fatalf("input error: %v", err)
	}
	if _, err := Settings("nope", nil, h); !errors.Is(err, ErrUnknownAgent) {
		t.Fatalf("unknown: %v", err)
	}
}

func TestCheckSpec(t *testing.T) {
	err := CheckSpec("direct", spec.Spec{"direction": "sideways", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}}})
	if !errors.Is(err, ErrInvalidSpec) || err.Error() != `direct agent: transfer spec: field "direction": "sideways" is not one of send, receive` {
		t.Fatalf("%v", err)
	}
	if err := CheckSpec("direct", spec.Spec{"direction": "send", "remote_host": "h", "paths": []any{map[string]any{"source": "a"}}}); err != nil {
		t.Fatal(err)
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[any]int64{int64(3): 3, 4: 4, 2.6: 3, json.Number("12"): 12, json.Number("1e3"): 1000, "7": 7, "x": 0, true: 0} {
		if got := Number(in); got != want {
			t.Errorf("Number(%v) = %d, want %d", in, got, want)
		}
	}
}

func TestVersionLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		less bool
	}{
		{"1.1.9", "1.1.10", true}, {"1.1.10", "1.1.9", false}, {"3.9", "3.9.0", false}, {"3.9.0", "3.9", false},
		{"3.8.9.1", "3.9.0", true}, {"3.11.2.63", "3.9.0", false}, {"", "3.9.0", true}, {"2.3.0-beta", "2.3.0", false},
		{"2.2.9", "2.3.0", true}, {"10.0", "9.9", false}, {"x", "0", false},
	} {
		if got := VersionLess(c.a, c.b); got != c.less {
			t.Errorf("VersionLess(%q, %q) = %v, want %v", c.a, c.b, got, c.less)
		}
	}
}
