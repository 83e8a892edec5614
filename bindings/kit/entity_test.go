package kit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

// store is the client of the entity test: a REST client of a server that lists /items and
// records the calls it gets.
type store struct {
	api   *rest.Client
	calls []string
}

func (s *store) record(format string, args ...any) {
	s.calls = append(s.calls, fmt.Sprintf(format, args...))
}

var storeHandle = &kit.Handle{Name: "test.store", Methods: kit.Methods(
	kit.Entity[*store]{Singular: "item", Plural: "items", What: "store", Scope: []string{"parent"},
		List: func(ctx context.Context, s *store, sc kit.Scope, q map[string]any, max int) (*rest.Iterator, error) {
			s.record("list parent=%s query=%v", sc["parent"], q)
			return s.api.Each(ctx, &rest.Request{Path: "items"}, rest.Paging{Max: max}), nil
		},
		Show: func(ctx context.Context, s *store, sc kit.Scope, id string) (any, error) {
			s.record("show %s parent=%s", id, sc["parent"])
			return map[string]any{"id": id}, nil
		},
		Create: func(ctx context.Context, s *store, sc kit.Scope, f map[string]any) (any, error) {
			s.record("create %v", f["name"])
			return f, nil
		},
		Modify: func(ctx context.Context, s *store, sc kit.Scope, id string, f map[string]any) (any, error) {
			s.record("modify %s %v", id, f["name"])
			return nil, nil
		},
		Delete: func(ctx context.Context, s *store, sc kit.Scope, id string) error {
			s.record("delete %s", id)
			return fmt.Errorf("%w: %s is protected", errNope, id)
		},
	}.Methods(thingErrs),
	kit.Entity[*store]{Singular: "thing", Plural: "things", What: "store", // only show: the others are not made
		Show: func(ctx context.Context, s *store, sc kit.Scope, id string) (any, error) { return id, nil }}.Methods(thingErrs),
)}

func TestEntityMethods(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode([]any{map[string]any{"id": 1}, map[string]any{"id": 2}, map[string]any{"id": 3}})
	}))
	defer srv.Close()
	api, _ := rest.New(srv.URL, nil, nil)
	s := &store{api: api}
	w := bindtest.New(t, nil)
	w.L.SetGlobal("s", storeHandle.New(w.L, s))
	got := w.String(`
		local n = 0
		for item in s:each_item{max = 2, parent = "p"} do n = n + item.id end
		local all = s:items{query = {k = "v"}}
		return table.concat({n, #all, s:item(42, {parent = "q"}).id, s:create_item({name = "x"}).name,
			tostring(s:modify_item("7", {name = "y"})), s:thing("t"), tostring(s.create_thing)}, "|")
	`)
	if got != "3|3|42|x|true|t|nil" {
		t.Fatalf("got %s", got)
	}
	want := "list parent=p query=map[]|list parent= query=map[k:v]|show 42 parent=q|create x|modify 7 y"
	if strings.Join(s.calls, "|") != want {
		t.Fatalf("calls %v", s.calls)
	}
	w.Fail(runtime.KindAuth, "7 is protected", `s:delete_item(7)`)
	w.Fail(runtime.KindUsage, "item: unknown option org (known: parent)", `s:item(1, {org = "o"})`)
	w.Fail(runtime.KindLua, "an id (string or number) expected", `s:item({})`)
	w.Fail(runtime.KindLua, "store expected", `s.items()`)
	defer func() {
		if recover() == nil {
			t.Fatal("a method defined twice was accepted")
		}
	}()
	kit.Methods(map[string]lua.LGFunction{"a": nil}, map[string]lua.LGFunction{"a": nil})
}

func TestSimulatorHandle(t *testing.T) {
	w := bindtest.New(t, nil)
	h := kit.SimulatorHandle("test.simulator")
	closed := 0
	sim := &kit.Simulator{URL: "http://127.0.0.1:1", Root: "/r", Credentials: map[string]any{"username": "u"}, Close: func() { closed++ }}
	kit.PushSimulator(w.L, h, sim)
	w.L.SetGlobal("sim", w.L.Get(-1))
	w.L.Pop(1)
	got := w.String(`
		local a = table.concat({sim:url(), sim:root(), sim:credentials().username, tostring(sim)}, "|")
		sim:stop()
		sim:stop()
		return a .. "|" .. tostring(sim)
	`)
	if got != "http://127.0.0.1:1|/r|u|test.simulator(http://127.0.0.1:1)|test.simulator(stopped)" || closed != 1 {
		t.Fatalf("got %s, closed %d times", got, closed)
	}
	w.Fail(runtime.KindUsage, "the simulator is stopped", `sim:url()`)
	// a module's own methods find the simulator and its server
	h2 := kit.SimulatorHandle("test.simulator2", map[string]lua.LGFunction{"server": func(L *lua.LState) int {
		L.Push(lua.LString(kit.RunningSimulator(L).Server.(string)))
		return 1
	}})
	kit.PushSimulator(w.L, h2, &kit.Simulator{URL: "http://127.0.0.1:2", Server: "the server"})
	w.L.SetGlobal("sim2", w.L.Get(-1))
	w.L.Pop(1)
	if got := w.String(`return sim2:server() .. " " .. sim2:url()`); got != "the server http://127.0.0.1:2" {
		t.Fatalf("own method: %s", got)
	}
	w.Fail(runtime.KindUsage, "the simulator is stopped", `sim2:stop(); sim2:server()`)
	// CredentialValues replace the Credentials table: several values, or another shape
	kit.PushSimulator(w.L, h, &kit.Simulator{URL: "http://127.0.0.1:3", Credentials: map[string]any{"username": "u"},
		CredentialValues: []any{"u", "p", []any{map[string]any{"name": "n", "value": "v"}}}})
	w.L.SetGlobal("sim3", w.L.Get(-1))
	w.L.Pop(1)
	if got := w.String(`local u, p, l = sim3:credentials(); return u .. p .. l[1].name .. l[1].value .. select("#", sim3:credentials())`); got != "upnv3" {
		t.Fatalf("credential values: %s", got)
	}
}

// TestStartSimulator: a temporary root is made when none is given, is the simulator's Root and
// is removed at stop; a given root is kept; a start that fails removes the temporary root and
// raises an io error naming the function.
func TestStartSimulator(t *testing.T) {
	var made string
	closed := 0
	probe := kit.Module{Name: "test.startsim", Funcs: map[string]lua.LGFunction{"start": func(L *lua.LState) int {
		root, fail := L.OptString(1, ""), L.OptBool(2, false)
		h := kit.SimulatorHandle("test.startsim.simulator")
		start := func() (*testServer, error) {
			made = root
			if fail {
				return nil, errors.New("port taken")
			}
			return &testServer{closed: &closed}, nil
		}
		return kit.StartSimulator(L, h, "test.simulator", &root, start, func(*testServer) *kit.Simulator {
			return &kit.Simulator{URL: "http://127.0.0.1:4"}
		})
	}}}
	w := bindtest.New(t, []kit.Module{probe})
	if got := w.String(`local s = require("test.startsim").start(); local r = s:root(); s:stop(); s:stop(); return r`); got != made ||
		!strings.Contains(made, "aslmcli-test-simulator-") || closed != 1 {
		t.Fatalf("root %q (made %q), closed %d", got, made, closed)
	}
	if _, err := os.Stat(made); !os.IsNotExist(err) {
		t.Fatalf("the temporary root stays: %v", err)
	}
	given := t.TempDir()
	if got := w.String(`local s = require("test.startsim").start(...); local r = s:root(); s:stop(); return r`, given); got != given || made != given {
		t.Fatalf("given root: %q", got)
	}
	if _, err := os.Stat(given); err != nil {
		t.Fatalf("a given root is removed: %v", err)
	}
	w.Fail(runtime.KindIO, "test.simulator: port taken", `require("test.startsim").start(nil, true)`)
	if _, err := os.Stat(made); !os.IsNotExist(err) {
		t.Fatalf("a failed start leaves its root: %v", err)
	}
}

// testServer is the server of TestStartSimulator: it counts its Close calls.
type testServer struct{ closed *int }

func (s *testServer) Close() error {
	*s.closed++
	return nil
}

// TestSimulatorServe: sim:serve(lines) takes Ctrl-C before it prints the URL and the lines,
// so a Ctrl-C that comes as soon as they are out ends it normally and stops the simulator.
func TestSimulatorServe(t *testing.T) {
	w := bindtest.New(t, nil)
	printedAtDivert := -1
	kit.SetInterrupts(runtime.EngineOf(w.L), &kit.InterruptContext{Divert: func(ctrlC func()) func() {
		printedAtDivert = w.Out.Len()
		ctrlC() // at once: a Ctrl-C from now on is the simulator's
		return func() {}
	}})
	closed := 0
	kit.PushSimulator(w.L, kit.SimulatorHandle("test.serve.simulator"), &kit.Simulator{URL: "http://127.0.0.1:5", Close: func() { closed++ }})
	w.L.SetGlobal("sim", w.L.Get(-1))
	w.L.Pop(1)
	w.Must(`sim:serve{"a: 1", "b: 2"}`)
	if got := w.Out.String(); got != "http://127.0.0.1:5\na: 1\nb: 2\n" || printedAtDivert != 0 || closed != 1 {
		t.Fatalf("printed %q (%d bytes before Ctrl-C was taken), closed %d", got, printedAtDivert, closed)
	}
	w.Fail(runtime.KindUsage, "the simulator is stopped", `sim:serve()`)
}
