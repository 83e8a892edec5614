package faspex5

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f5 "github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/runtime"
)

// health is faspex5.health(url): GET URL/health, no credentials.
func health(L *lua.LState) int {
	v, err := f5.Health(kit.Ctx(L), L.CheckString(1), kit.HTTPSettings(L))
	return errs.Push(L, v, err)
}

// wizard is faspex5.wizard{url, username, client_id, client_secret, key_path, key_bits,
// passphrase}: the key pair (made when missing), the preset values and the registration steps
// of `config wizard URL faspex5`. It writes no configuration: the caller saves the preset.
func wizard(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "faspex5.wizard", "url", "username", "client_id", "client_secret", "key_path", "key_bits", "passphrase")
	bits, err := o.Int("key_bits")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	s, err := f5.Wizard(f5.WizardOptions{URL: o.Str("url"), Username: o.Str("username"), ClientID: o.Str("client_id"),
		ClientSecret: o.Str("client_secret"), KeyPath: o.Str("key_path"), KeyBits: bits, Passphrase: o.Str("passphrase")})
	if err != nil {
		errs.Raise(L, err)
	}
	steps := make([]any, len(s.Steps))
	for i, x := range s.Steps {
		steps[i] = x
	}
	return errs.Push(L, map[string]any{"preset": s.Preset, "preset_name": s.PresetName, "public_key": s.PublicKey,
		"key_created": s.KeyCreated, "steps": steps, "test_args": s.TestArgs}, nil)
}

// event is one webhook request waiting for the Lua handler.
type event struct {
	ctx   context.Context
	name  string
	data  f5.Object
	reply chan eventResult
}

type eventResult struct {
	out f5.Object
	err error
}

// listener is a postprocessing listener and its Lua handler.
type listener struct {
	pp      *f5.Postprocessing
	handler *lua.LFunction
	events  chan event
	served  bool
}

// postprocessing is faspex5.postprocessing{url, timeout, handler}: a listener of Faspex 5
// webhooks; l:serve() hands each event to handler(event, name) on the script's thread until
// Ctrl-C.
func postprocessing(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "faspex5.postprocessing", "url", "timeout", "handler")
	fn, ok := L.CheckTable(1).RawGetString("handler").(*lua.LFunction)
	if !ok {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex5.postprocessing: handler must be a function(event, name)"))
	}
	secs, err := o.Int("timeout")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	l := &listener{handler: fn, events: make(chan event)}
	var log *slog.Logger
	if e := runtime.EngineOf(L); e != nil {
		log = e.Log
	}
	l.pp, err = f5.ListenPostprocessing(o.Str("url"), time.Duration(secs)*time.Second, func(ctx context.Context, name string, ev f5.Object) (f5.Object, error) {
		reply := make(chan eventResult, 1)
		select {
		case l.events <- event{ctx: ctx, name: name, data: ev, reply: reply}:
		case <-ctx.Done():
			return nil, fmt.Errorf("no answer from the handler: %w", ctx.Err())
		}
		select {
		case r := <-reply:
			return r.out, r.err
		case <-ctx.Done():
			return nil, fmt.Errorf("the handler did not finish in time: %w", ctx.Err())
		}
	}, log)
	if err != nil {
		errs.Raise(L, err)
	}
	runtime.OnClose(L, func() { _ = l.pp.Close() })
	listenerHandle.Push(L, l)
	return 1
}

// handle runs the Lua handler of one event, under the event's context (its timeout stops the
// handler).
func (l *listener) handle(L *lua.LState, ev event) eventResult {
	restore := runtime.WithCallContext(L, ev.ctx)
	defer restore()
	out, err := runtime.Call(L, l.handler, runtime.ToLua(L, ev.data), lua.LString(ev.name))
	if err != nil {
		return eventResult{err: err}
	}
	res := f5.Object{}
	if len(out) > 0 && out[0] != lua.LNil {
		v, err := runtime.FromLua(L, out[0])
		if err != nil {
			return eventResult{err: err}
		}
		if m, ok := v.(map[string]any); ok {
			res = m
		} else {
			res["result"] = v
		}
	}
	return eventResult{out: res}
}

var listenerHandle = &kit.Handle{Name: "aspera.faspex5.listener", Methods: map[string]lua.LGFunction{
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(kit.Arg[*listener](L, 1, "postprocessing listener").pp.URL))
		return 1
	},
	"serve": func(L *lua.LState) int {
		l := kit.Arg[*listener](L, 1, "postprocessing listener")
		if l.served {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the listener was served already"))
		}
		l.served = true
		ctx := runtime.Context(L)
		done := make(chan error, 1)
		go func() { done <- l.pp.Serve(ctx) }()
		for {
			select {
			case ev := <-l.events:
				ev.reply <- l.handle(L, ev)
			case err := <-done:
				if err != nil {
					errs.Raise(L, err)
				}
				return 0
			}
		}
	},
	"stop": func(L *lua.LState) int {
		kit.Arg[*listener](L, 1, "postprocessing listener").pp.Stop()
		return 0
	},
}, String: func(v any) string { return "aspera.faspex5.listener(" + v.(*listener).pp.URL + ")" }}
