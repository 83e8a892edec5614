package kit_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
	lua "github.com/yuin/gopher-lua"
)

// recorder is a TEST DOUBLE of a transfer agent: it records the specs it is given, fails the
// sources named "bad", and counts the jobs running at once.
type recorder struct {
	mu      sync.Mutex
	specs   []spec.Spec
	running atomic.Int32
	peak    atomic.Int32
}

func (a *recorder) Name() string { return "recorder" }

func (a *recorder) Start(ctx context.Context, s spec.Spec, _ transfer.Options) (transfer.Job, error) {
	a.mu.Lock()
	a.specs = append(a.specs, s)
	a.mu.Unlock()
	return &recorded{a: a, s: s}, nil
}

type recorded struct {
	a *recorder
	s spec.Spec
}

func (j *recorded) Wait(ctx context.Context) (transfer.Result, error) {
	n := j.a.running.Add(1)
	defer j.a.running.Add(-1)
	for p := j.a.peak.Load(); n > p && !j.a.peak.CompareAndSwap(p, n); p = j.a.peak.Load() {
	}
	time.Sleep(20 * time.Millisecond)
	if j.s["paths"].([]any)[0].(map[string]any)["source"] == "bad" {
		return transfer.Result{Status: transfer.Failed}, &transfer.Error{Agent: "recorder", Code: 4, Message: "bad file"}
	}
	return transfer.Result{Status: transfer.Succeeded, Files: 1, Bytes: 10}, nil
}
func (j *recorded) Cancel()       {}
func (j *recorded) Agent() string { return "recorder" }

var rec = &recorder{}

func init() {
	transfer.Register(transfer.Info{Name: "recorder", Help: "a test double that records its specs",
		New: func(map[string]any) (transfer.Agent, error) { return rec, nil }})
}

// TestBatch: every id is received with its spec, n at a time, each into its own folder; the
// ids received go to the seen set, a failed one does not; a spec error is that id's error.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	seen, err := kit.OpenSeen(dir, "test_recv", "https://h", "u", "inbox")
	if err != nil {
		t.Fatal(err)
	}
	var results []map[string]any
	probe := &kit.Module{Name: "test.batch", Funcs: map[string]lua.LGFunction{"run": func(L *lua.LState) int {
		results = kit.Batch(L, []string{"1", "2", "bad", "nospec", "5"}, func(ctx context.Context, id string) (spec.Spec, error) {
			if id == "nospec" {
				return nil, errors.New("no spec for you")
			}
			return spec.Spec{"remote_host": "h", "remote_user": "u", "direction": "receive", "paths": []any{map[string]any{"source": id}}}, nil
		}, kit.BatchOptions{Concurrency: 2, Agent: "recorder", ToFolder: filepath.Join(dir, "in"), PerID: true, Seen: seen})
		return 0
	}}}
	w := bindtest.New(t, []kit.Module{*probe})
	w.Must(`require("test.batch").run()`)
	var status []string
	for _, r := range results {
		status = append(status, fmt.Sprint(r["id"], ":", r["status"]))
	}
	if !slices.Equal(status, []string{"1:success", "2:success", "bad:failed", "nospec:failed", "5:success"}) {
		t.Fatalf("results %v", results)
	}
	if results[3]["error"] != "no spec for you" || results[2]["error"] != "recorder: error 4: bad file" {
		t.Fatalf("errors %v / %v", results[2], results[3])
	}
	if p := rec.peak.Load(); p != 2 {
		t.Fatalf("peak of %d transfers at once", p)
	}
	for _, s := range rec.specs {
		id := s["paths"].([]any)[0].(map[string]any)["source"].(string)
		if s["destination_root"] != filepath.Join(dir, "in", id) {
			t.Fatalf("destination %v", s["destination_root"])
		}
		if _, err := os.Stat(filepath.Join(dir, "in", id)); err != nil {
			t.Fatal(err)
		}
	}
	again, err := kit.OpenSeen(dir, "test_recv", "https://h", "u", "inbox")
	if err != nil || !slices.Equal(slices.Sorted(slices.Values(again.IDs())), []string{"1", "2", "5"}) || again.Has("bad") || !again.Has("5") {
		t.Fatalf("seen %v %v", again.IDs(), err)
	}
	if st, err := os.Stat(again.Path()); err != nil || st.Mode().Perm() != 0o600 || filepath.Dir(again.Path()) != dir {
		t.Fatalf("seen file %v %v", st, err)
	}
	other, _ := kit.OpenSeen(dir, "test_recv", "https://h", "u", "outbox")
	if len(other.IDs()) != 0 || other.Path() == again.Path() {
		t.Fatal("sets of another box are shared")
	}
	if err := again.Reset([]string{"9"}); err != nil || !slices.Equal(again.IDs(), []string{"9"}) {
		t.Fatal(err)
	}
	os.WriteFile(again.Path(), []byte("{bad"), 0o600)
	if _, err := kit.OpenSeen(dir, "test_recv", "https://h", "u", "inbox"); err == nil {
		t.Fatal("a damaged file is read")
	}
	if _, err := kit.OpenSeen("", "x"); err == nil {
		t.Fatal("no folder")
	}
}

// TestReceiveAll: INIT records the ids and moves nothing; ALL is Batch; INIT needs
// --once-only; the options are read with their types checked.
func TestReceiveAll(t *testing.T) {
	dir := t.TempDir()
	seen, err := kit.OpenSeen(dir, "test_all", "u")
	if err != nil {
		t.Fatal(err)
	}
	var inited, all []any
	before := len(rec.specs)
	specOf := func(ctx context.Context, id string) (spec.Spec, error) {
		return spec.Spec{"remote_host": "h", "direction": "receive", "paths": []any{map[string]any{"source": id}}}, nil
	}
	probe := &kit.Module{Name: "test.all", Funcs: map[string]lua.LGFunction{
		"init": func(L *lua.LState) int {
			inited = kit.ReceiveAll(L, []string{"a", "b"}, true, specOf, kit.BatchOptions{Agent: "recorder", Seen: seen})
			return 0
		},
		"all": func(L *lua.LState) int {
			all = kit.ReceiveAll(L, []string{"c"}, false, specOf, kit.BatchOptions{Agent: "recorder", ToFolder: dir, Seen: seen})
			return 0
		},
		"once": func(L *lua.LState) int {
			once, init, b, err := kit.ReceiveAllOptions(kit.OptionsArg(L, 1, "once", kit.ReceiveAllKeys...))
			if err != nil {
				L.ArgError(1, err.Error())
			}
			kit.OnceOnly(L, "test receive", once, init, "x")
			L.Push(lua.LNumber(b.Concurrency))
			return 1
		},
	}}
	w := bindtest.New(t, []kit.Module{*probe})
	w.Must(`require("test.all").init()`)
	if len(inited) != 2 || inited[0].(map[string]any)["status"] != "skipped" || len(rec.specs) != before || !seen.Has("a") || !seen.Has("b") {
		t.Fatalf("INIT: %v, %d transfers", inited, len(rec.specs)-before)
	}
	w.Must(`require("test.all").all()`)
	if len(all) != 1 || all[0].(map[string]any)["status"] != "success" || !seen.Has("c") {
		t.Fatalf("ALL: %v", all)
	}
	w.Fail(runtime.KindUsage, "test receive INIT: only with --once-only=yes", `require("test.all").once{init = true}`)
	w.Fail(runtime.KindLua, "concurrency", `require("test.all").once{concurrency = "many"}`)
	w.Must(`assert(require("test.all").once{concurrency = 3} == 3)`)
}

// TestOpenSeenReadsOldFile: a set written before internal/statefile kept it (its name and its
// bytes as that code wrote them) still loads, and is saved where it was.
func TestOpenSeenReadsOldFile(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "once_faspex5_recv_b47863e7d7c695ca.json")
	if err := os.WriteFile(old, []byte("{\n  \"ids\": [\n    \"p1\",\n    \"p2\"\n  ]\n}"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := kit.OpenSeen(dir, "faspex5_recv", "https://f5.example/aspera/faspex", "admin", "inbox")
	if err != nil || s.Path() != old || !slices.Equal(s.IDs(), []string{"p1", "p2"}) {
		t.Fatalf("%v %v", s, err)
	}
	if err := s.Add("p3"); err != nil {
		t.Fatal(err)
	}
	if again, _ := kit.OpenSeen(dir, "faspex5_recv", "https://f5.example/aspera/faspex", "admin", "inbox"); !slices.Equal(again.IDs(), []string{"p1", "p2", "p3"}) {
		t.Fatalf("after add: %v", again.IDs())
	}
}
