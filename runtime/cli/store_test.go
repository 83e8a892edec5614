package cli_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/extval"
)

// testEnv is what @env: sees in these tests (the process environment is never read).
var testEnv = map[string]string{
	"V_GLOBAL": "global", "V_PLUGIN": "plugin", "V_PRESET": "preset", "V_ENV": "env", "V_CMD": "command line",
	"PW": "s3cret", "H": `{"from":"env var"}`,
}

func testDecoder() *extval.Decoder {
	return extval.New(extval.Hooks{
		Getenv: func(n string) (string, bool) { v, ok := testEnv[n]; return v, ok },
		Stdin:  strings.NewReader(""),
	})
}

func newStore(opts ...*cli.Option) *cli.Store {
	return cli.NewStore(cli.NewDecls(append(testOptions(), opts...)...), testDecoder(), "ASLMCLI_")
}

// addCommandLine parses argv as the command line and records its options.
func addCommandLine(t *testing.T, s *cli.Store, argv ...string) {
	t.Helper()
	l, err := cli.Parse(argv, s.Decls, cli.ParseOptions{})
	if err != nil {
		t.Fatalf("Parse(%q): %v", argv, err)
	}
	s.AddCommandLine(l.Given)
}

// sources, lowest first, with the extended value each one gives and the origin text.
var sources = []struct {
	src    cli.Source
	envVar string // @env: variable whose value names the source
	origin string
}{
	{cli.FromGlobalPreset, "V_GLOBAL", "preset my_globals"},
	{cli.FromPluginPreset, "V_PLUGIN", "preset my_server"},
	{cli.FromPreset, "V_PRESET", "preset picked"},
	{cli.FromEnv, "V_ENV", "ASLMCLI_URL"},
	{cli.FromCommandLine, "V_CMD", "--url"},
}

// addFrom records value for option name from the source, the way the CLI does.
func addFrom(t *testing.T, s *cli.Store, src cli.Source, name string, value string, origin string) {
	t.Helper()
	switch src {
	case cli.FromEnv:
		s.AddEnv([]string{cli.EnvName("ASLMCLI_", name) + "=" + value})
	case cli.FromCommandLine:
		addCommandLine(t, s, cli.FlagName(name)+"="+value)
	default:
		s.AddMap(src, map[string]any{name: value}, origin)
	}
}

func TestPrecedenceOfAStringOption(t *testing.T) {
	for _, withDefault := range []bool{true, false} {
		for mask := 0; mask < 1<<len(sources); mask++ {
			var s *cli.Store
			want := any(nil)
			if withDefault {
				s = newStore()
				want = "https://default"
			} else {
				s = newStore(&cli.Option{Name: "url", Type: cli.String}) // redeclared without default
			}
			wantSrc, wantOrigin := cli.FromDefault, "default"
			var used []string
			for i, so := range sources {
				if mask&(1<<i) == 0 {
					continue
				}
				addFrom(t, s, so.src, "url", "@env:"+so.envVar, so.origin)
				want = testEnv[so.envVar]
				wantSrc, wantOrigin = so.src, so.origin
				used = append(used, so.src.String())
			}
			got, err := s.Get("url")
			if err != nil || got != want {
				t.Errorf("default %v, sources %v: Get(url) = %#v, %v; want %#v", withDefault, used, got, err, want)
			}
			if src, origin := s.Origin("url"); src != wantSrc || origin != wantOrigin {
				t.Errorf("sources %v: Origin = %v %q, want %v %q", used, src, origin, wantSrc, wantOrigin)
			}
		}
	}
}

func TestPrecedenceOfAHashOption(t *testing.T) {
	names := []string{"global", "plugin", "preset", "env", "cmd"}
	defaultValue := map[string]any{"k": "default", "from_default": true, "n": map[string]any{"default": true}}
	for mask := 0; mask < 1<<len(sources); mask++ {
		s := newStore(&cli.Option{Name: "params", Type: cli.Hash, Default: defaultValue})
		want := map[string]any{"k": "default", "from_default": true, "n": map[string]any{"default": true}}
		for i, so := range sources {
			if mask&(1<<i) == 0 {
				continue
			}
			n := names[i]
			js := fmt.Sprintf(`@json:{"k":%q,"from_%s":true,"n":{%q:true}}`, n, n, n)
			switch so.src {
			case cli.FromGlobalPreset, cli.FromPreset: // as read from YAML
				s.AddMap(so.src, map[string]any{"params": map[string]any{"k": n, "from_" + n: true, "n": map[string]any{n: true}}}, so.origin)
			default: // extended value
				addFrom(t, s, so.src, "params", js, so.origin)
			}
			want["k"] = n
			want["from_"+n] = true
			want["n"].(map[string]any)[n] = true
		}
		got, err := s.Get("params")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("mask %05b: Get(params) = %#v, %v\nwant %#v", mask, got, err, want)
		}
	}
	if !reflect.DeepEqual(defaultValue, map[string]any{"k": "default", "from_default": true, "n": map[string]any{"default": true}}) {
		t.Fatalf("the declared default was modified: %v", defaultValue)
	}
}

func TestHashNullDeletes(t *testing.T) {
	def := map[string]any{"a": int64(1), "b": map[string]any{"x": int64(1), "y": int64(2)}, "c": "c"}
	s := newStore(&cli.Option{Name: "params", Type: cli.Hash, Default: def})
	s.AddMap(cli.FromGlobalPreset, map[string]any{"params": map[string]any{"a": nil, "d": "global"}}, "preset g")
	addCommandLine(t, s, `--params=@json:{"b":{"x":null},"d":null}`)
	got, err := s.Get("params")
	if want := map[string]any{"b": map[string]any{"y": int64(2)}, "c": "c"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Get(params) = %#v, %v; want %#v", got, err, want)
	}
	if def["a"] != int64(1) || def["b"].(map[string]any)["x"] != int64(1) {
		t.Fatalf("the default was modified: %v", def)
	}
}

func TestHashWithoutAnySource(t *testing.T) {
	s := newStore()
	if got, err := s.Get("params"); err != nil || got != nil {
		t.Fatalf("Get(params) = %#v, %v; want nil", got, err)
	}
}

func TestSeveralValuesInOneSource(t *testing.T) {
	t.Run("list concatenates", func(t *testing.T) {
		s := newStore()
		addCommandLine(t, s, "--tags", "a,b", "--tags", "c", `--tags=@json:["d",1]`)
		got, err := s.Get("tags")
		if want := []any{"a", "b", "c", "d", int64(1)}; err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get(tags) = %#v, %v; want %#v", got, err, want)
		}
	})
	t.Run("list from two -P presets", func(t *testing.T) {
		s := newStore()
		s.AddMap(cli.FromPreset, map[string]any{"tags": []any{"p1"}}, "preset one")
		s.AddMap(cli.FromPreset, map[string]any{"tags": "p2,p3"}, "preset two")
		got, err := s.Get("tags")
		if want := []any{"p1", "p2", "p3"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get(tags) = %#v, %v; want %#v", got, err, want)
		}
	})
	t.Run("list: a higher source replaces", func(t *testing.T) {
		s := newStore()
		s.AddEnv([]string{"ASLMCLI_TAGS=x,y"})
		addCommandLine(t, s, "--tags", "z")
		got, err := s.Get("tags")
		if want := []any{"z"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get(tags) = %#v, %v; want %#v", got, err, want)
		}
	})
	t.Run("string: the last one wins", func(t *testing.T) {
		s := newStore()
		s.AddMap(cli.FromPreset, map[string]any{"url": "first"}, "preset one")
		s.AddMap(cli.FromPreset, map[string]any{"url": "second"}, "preset two")
		if got, _ := s.Get("url"); got != "second" {
			t.Fatalf("Get(url) = %#v", got)
		}
		if _, origin := s.Origin("url"); origin != "preset two" {
			t.Fatalf("Origin = %q", origin)
		}
	})
	t.Run("hash merges", func(t *testing.T) {
		s := newStore()
		addCommandLine(t, s, `--params=@json:{"a":1,"n":{"x":1}}`, `--params=@json:{"b":2,"n":{"y":2}}`)
		got, err := s.Get("params")
		if want := map[string]any{"a": int64(1), "b": int64(2), "n": map[string]any{"x": int64(1), "y": int64(2)}}; err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get(params) = %#v, %v; want %#v", got, err, want)
		}
	})
}

func TestTypedValuesFromEverySource(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  any
	}{
		{"count", "@json:12", int64(12)},
		{"count", "13", int64(13)},
		{"ratio", "0.5", 0.5},
		{"verbose", "no", false},
		{"mode", "sl", "slow"},
		{"tags", "@list:|a|b", []any{"a", "b"}},
		{"params", "@json:@env:H", map[string]any{"from": "env var"}},
		{"password", "@env:PW", "s3cret"},
		{"undeclared", "@json:[1]", []any{int64(1)}},
	}
	for _, so := range sources {
		for _, tc := range tests {
			s := newStore()
			addFrom(t, s, so.src, tc.name, tc.value, so.origin)
			got, err := s.Get(tc.name)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s from %v: Get = %#v, %v; want %#v", tc.name, so.src, got, err, tc.want)
			}
		}
	}
}

func TestDefaults(t *testing.T) {
	s := newStore()
	for name, want := range map[string]any{"format": "table", "flat_hash": true, "show_secrets": false, "log_level": "warn",
		"url": "https://default", "mode": "fair", "count": nil, "tags": nil, "undeclared": nil} {
		if got, err := s.Get(name); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Get(%s) = %#v, %v; want %#v", name, got, err, want)
		}
	}
}

func TestBadValues(t *testing.T) {
	tests := []struct {
		name   string
		add    func(t *testing.T, s *cli.Store)
		option string
		msg    string
		hint   string
	}{
		{"int from env", func(t *testing.T, s *cli.Store) { s.AddEnv([]string{"ASLMCLI_COUNT=abc"}) }, "count",
			`bad value for --count (from ASLMCLI_COUNT): expects an integer, got the text "abc"`, ""},
		{"bool from the command line", func(t *testing.T, s *cli.Store) { addCommandLine(t, s, "--verbose=maybe") }, "verbose",
			`bad value for --verbose (from --verbose): expects yes or no, got the text "maybe"`, "use yes or no"},
		{"enum from the global preset", func(t *testing.T, s *cli.Store) {
			s.AddMap(cli.FromGlobalPreset, map[string]any{"mode": "x"}, "preset g")
		}, "mode", `bad value for --mode (from preset g): unknown value "x" (use one of: fair, fast, slow)`, "use one of: fast, fair, slow"},
		{"ambiguous enum prefix", func(t *testing.T, s *cli.Store) { addCommandLine(t, s, "--mode", "fa") }, "mode",
			`bad value for --mode (from --mode): ambiguous value "fa" (could be: fair, fast)`, "use one of: fast, fair, slow"},
		{"hash given as text", func(t *testing.T, s *cli.Store) { addCommandLine(t, s, "--params", "text") }, "params",
			`bad value for --params (from --params): expects a mapping, got the text "text"`, `give a mapping, e.g. --params=@json:'{"key":"value"}'`},
		{"hash given as a list in the env", func(t *testing.T, s *cli.Store) { s.AddEnv([]string{"ASLMCLI_PARAMS=@json:[1]"}) }, "params",
			`bad value for --params (from ASLMCLI_PARAMS): expects a mapping, got a list`, `give a mapping, e.g. --params=@json:'{"key":"value"}'`},
		{"extended value error in a preset", func(t *testing.T, s *cli.Store) {
			s.AddMap(cli.FromPreset, map[string]any{"url": "@env:"}, "preset demo")
		}, "url", "bad value for --url (from preset demo): @env: ", ""},
		{"extended value error of an undeclared option", func(t *testing.T, s *cli.Store) { s.AddEnv([]string{"ASLMCLI_FOO=@json:{bad"}) }, "foo",
			"bad value for --foo (from ASLMCLI_FOO): @json: ", ""},
		{"bad value in a lower source of a hash", func(t *testing.T, s *cli.Store) {
			s.AddMap(cli.FromGlobalPreset, map[string]any{"params": "@json:[1"}, "preset g")
			addCommandLine(t, s, `--params=@json:{"a":1}`)
		}, "params", "bad value for --params (from preset g): @json: ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore()
			tc.add(t, s)
			got, err := s.Get(tc.option)
			var re *runtime.Error
			if !errors.As(err, &re) {
				t.Fatalf("Get = %#v, %v; want a *runtime.Error", got, err)
			}
			if re.Kind != runtime.KindUsage || !strings.HasPrefix(re.Message, tc.msg) || re.Hint != tc.hint {
				t.Fatalf("got kind %q message %q hint %q\nwant usage %q... hint %q", re.Kind, re.Message, re.Hint, tc.msg, tc.hint)
			}
			if cli.ExitCode(err) != cli.ExitUsage {
				t.Fatalf("exit code %d", cli.ExitCode(err))
			}
			if _, err := s.Merged(); err == nil {
				t.Fatalf("Merged hides the bad value")
			}
		})
	}
}

func TestCoerce(t *testing.T) {
	str := &cli.Option{Name: "s", Type: cli.String}
	boolean := &cli.Option{Name: "b", Type: cli.Bool}
	flag := &cli.Option{Name: "f", Type: cli.Flag}
	integer := &cli.Option{Name: "i", Type: cli.Int}
	number := &cli.Option{Name: "n", Type: cli.Number}
	enum := &cli.Option{Name: "e", Type: cli.Enum, Values: []string{"table", "csv", "json", "jsonpp", "yaml"}}
	list := &cli.Option{Name: "l", Type: cli.List}
	hash := &cli.Option{Name: "h", Type: cli.Hash}
	anyOpt := &cli.Option{Name: "a", Type: cli.Any}
	m := map[string]any{"k": "v"}
	tests := []struct {
		o    *cli.Option
		in   any
		want any
		err  string
	}{
		{str, "x", "x", ""},
		{str, true, "true", ""},
		{str, int64(5), "5", ""},
		{str, 5, "5", ""},
		{str, 1.5, "1.5", ""},
		{str, json.Number("123456789012345678901"), "123456789012345678901", ""},
		{str, []any{"a"}, nil, "expects text, got a list"},
		{str, m, nil, "expects text, got a mapping"},
		{str, nil, nil, ""},
		{boolean, "yes", true, ""}, {boolean, "YES", true, ""}, {boolean, "true", true, ""}, {boolean, "on", true, ""},
		{boolean, "1", true, ""}, {boolean, "y", true, ""}, {boolean, true, true, ""}, {boolean, int64(2), true, ""},
		{boolean, "no", false, ""}, {boolean, "False", false, ""}, {boolean, "off", false, ""}, {boolean, "0", false, ""},
		{boolean, "n", false, ""}, {boolean, "", false, ""}, {boolean, false, false, ""}, {boolean, int64(0), false, ""},
		{boolean, "maybe", nil, `expects yes or no, got the text "maybe"`},
		{boolean, []any{}, nil, "expects yes or no, got a list"},
		{flag, "yes", true, ""}, {flag, true, true, ""}, {flag, "no", false, ""},
		{integer, "42", int64(42), ""}, {integer, " 7 ", int64(7), ""}, {integer, "-3", int64(-3), ""},
		{integer, int64(3), int64(3), ""}, {integer, 4, int64(4), ""}, {integer, 3.0, int64(3), ""},
		{integer, 3.5, nil, "expects an integer, got 3.5"},
		{integer, "x", nil, `expects an integer, got the text "x"`},
		{integer, "1.5", nil, `expects an integer, got the text "1.5"`},
		{integer, true, nil, "expects an integer, got true"},
		{number, "1.5", 1.5, ""}, {number, "2", int64(2), ""}, {number, " -0.25 ", -0.25, ""}, {number, "1e3", 1000.0, ""},
		{number, int64(7), int64(7), ""}, {number, 8, int64(8), ""}, {number, 2.5, 2.5, ""},
		{number, "abc", nil, `expects a number, got the text "abc"`},
		{enum, "json", "json", ""}, {enum, "jsonp", "jsonpp", ""}, {enum, "ya", "yaml", ""}, {enum, "t", "table", ""},
		{enum, "j", nil, `ambiguous value "j" (could be: json, jsonpp)`},
		{enum, "x", nil, `unknown value "x" (use one of: csv, json, jsonpp, table, yaml)`},
		{enum, []any{"json"}, nil, "expects text, got a list"},
		{list, "a,b", []any{"a", "b"}, ""}, {list, "a", []any{"a"}, ""}, {list, "", []any{}, ""},
		{list, "a,,b", []any{"a", "", "b"}, ""},
		{list, []any{"x", int64(1)}, []any{"x", int64(1)}, ""}, {list, int64(5), []any{int64(5)}, ""},
		{hash, m, m, ""},
		{hash, "k=v", nil, `expects a mapping, got the text "k=v"`},
		{hash, []any{m}, nil, "expects a mapping, got a list"},
		{hash, int64(1), nil, "expects a mapping, got 1"},
		{anyOpt, m, m, ""}, {anyOpt, "x", "x", ""}, {anyOpt, int64(1), int64(1), ""},
	}
	for _, tc := range tests {
		got, err := cli.Coerce(tc.o, tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("Coerce(%v, %#v) = %#v, %v; want error %q", tc.o.Type, tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Coerce(%v, %#v) = %#v, %v; want %#v", tc.o.Type, tc.in, got, err, tc.want)
		}
	}
	for _, o := range []*cli.Option{str, boolean, flag, integer, number, enum, list, hash, anyOpt} {
		if got, err := cli.Coerce(o, nil); got != nil || err != nil {
			t.Errorf("Coerce(%v, nil) = %#v, %v", o.Type, got, err)
		}
	}
}

func TestToBool(t *testing.T) {
	if v, err := cli.ToBool("On"); !v || err != nil {
		t.Errorf("ToBool(On) = %v, %v", v, err)
	}
	if _, err := cli.ToBool(1.0); err == nil {
		t.Errorf("ToBool(1.0) accepted")
	}
}

// fakePrompter answers from a list and records the questions.
type fakePrompter struct {
	answers []string
	err     error
	labels  []string
	secrets []bool
}

func (p *fakePrompter) Prompt(label string, secret bool) (string, error) {
	p.labels = append(p.labels, label)
	p.secrets = append(p.secrets, secret)
	if p.err != nil {
		return "", p.err
	}
	if len(p.answers) == 0 {
		return "", nil
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func TestRequireWithoutPrompter(t *testing.T) {
	s := newStore()
	v, err := s.Require("remote-node")
	var re *runtime.Error
	if !errors.As(err, &re) || v != nil {
		t.Fatalf("Require = %#v, %v; want a usage error", v, err)
	}
	wantHint := "set it with --remote-node=VALUE, the environment variable ASLMCLI_REMOTE_NODE, or in a preset: aslmcli config preset set NAME remote_node VALUE"
	if re.Kind != runtime.KindUsage || re.Message != "missing mandatory option --remote-node" || re.Hint != wantHint {
		t.Fatalf("got kind %q message %q hint %q", re.Kind, re.Message, re.Hint)
	}
	// a value from any source satisfies it
	s.AddEnv([]string{"ASLMCLI_REMOTE_NODE=tn"})
	if v, err := s.Require("remote_node"); v != "tn" || err != nil {
		t.Fatalf("Require after env = %#v, %v", v, err)
	}
	// a default satisfies it
	if v, err := s.Require("url"); v != "https://default" || err != nil {
		t.Fatalf("Require(url) = %#v, %v", v, err)
	}
}

func TestRequireAsks(t *testing.T) {
	t.Run("secret option, decoded answer, asked once", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"@env:PW"}}
		s.Prompter = p
		for i := 0; i < 2; i++ {
			v, err := s.Require("password")
			if v != "s3cret" || err != nil {
				t.Fatalf("Require #%d = %#v, %v", i, v, err)
			}
		}
		if !reflect.DeepEqual(p.labels, []string{"--password (the password)"}) || !reflect.DeepEqual(p.secrets, []bool{true}) {
			t.Fatalf("asked %q secret %v", p.labels, p.secrets)
		}
		if src, origin := s.Origin("password"); src != cli.FromCommandLine || origin != "answer to --password" {
			t.Fatalf("Origin = %v %q", src, origin)
		}
	})
	t.Run("typed option", func(t *testing.T) {
		s := newStore()
		s.Prompter = &fakePrompter{answers: []string{"12"}}
		if v, err := s.Require("count"); v != int64(12) || err != nil {
			t.Fatalf("Require(count) = %#v, %v", v, err)
		}
	})
	t.Run("secret by name", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"k"}}
		s.Prompter = p
		if v, err := s.Require("api_key"); v != "k" || err != nil {
			t.Fatalf("Require(api_key) = %#v, %v", v, err)
		}
		if !reflect.DeepEqual(p.labels, []string{"--api-key"}) || !reflect.DeepEqual(p.secrets, []bool{true}) {
			t.Fatalf("asked %q secret %v", p.labels, p.secrets)
		}
	})
	t.Run("not a secret", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"n"}}
		s.Prompter = p
		s.Require("remote_node")
		if !reflect.DeepEqual(p.secrets, []bool{false}) {
			t.Fatalf("secret %v", p.secrets)
		}
	})
	t.Run("bad answer", func(t *testing.T) {
		s := newStore()
		s.Prompter = &fakePrompter{answers: []string{"abc"}}
		_, err := s.Require("count")
		var re *runtime.Error
		if !errors.As(err, &re) || re.Kind != runtime.KindUsage ||
			re.Message != `bad value for --count (from answer to --count): expects an integer, got the text "abc"` {
			t.Fatalf("Require = %#v", err)
		}
	})
	t.Run("empty answer", func(t *testing.T) {
		s := newStore()
		s.Prompter = &fakePrompter{answers: []string{""}}
		_, err := s.Require("remote_node")
		var re *runtime.Error
		if !errors.As(err, &re) || re.Message != "missing mandatory option --remote-node" {
			t.Fatalf("Require = %#v", err)
		}
	})
	t.Run("prompter error", func(t *testing.T) {
		s := newStore()
		boom := errors.New("no terminal")
		s.Prompter = &fakePrompter{err: boom}
		if _, err := s.Require("remote_node"); !errors.Is(err, boom) {
			t.Fatalf("Require = %v, want the prompter's error", err)
		}
	})
	t.Run("value present: no question", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"asked"}}
		s.Prompter = p
		addCommandLine(t, s, "--remote-node", "given")
		if v, _ := s.Require("remote_node"); v != "given" || len(p.labels) != 0 {
			t.Fatalf("Require = %#v, asked %q", v, p.labels)
		}
	})
}

func TestAskOptional(t *testing.T) {
	t.Run("asked once, answer decoded and typed", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"sl", "again"}}
		s.Prompter, s.AskOptional = p, true
		for i := 0; i < 2; i++ {
			if v, err := s.GetOrAsk("mode"); v != "slow" || err != nil {
				t.Fatalf("GetOrAsk #%d = %#v, %v", i, v, err)
			}
		}
		if !reflect.DeepEqual(p.labels, []string{"--mode (transfer mode) [optional, Enter to skip]"}) || !reflect.DeepEqual(p.secrets, []bool{false}) {
			t.Fatalf("asked %q secret %v", p.labels, p.secrets)
		}
	})
	t.Run("empty answer keeps the default", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{}
		s.Prompter, s.AskOptional = p, true
		if v, err := s.GetOrAsk("mode"); v != "fair" || err != nil {
			t.Fatalf("GetOrAsk = %#v, %v", v, err)
		}
		if v, _ := s.GetOrAsk("mode"); v != "fair" || len(p.labels) != 1 {
			t.Fatalf("second GetOrAsk = %#v, asked %d times", v, len(p.labels))
		}
	})
	t.Run("set somewhere: not asked", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"slow"}}
		s.Prompter, s.AskOptional = p, true
		s.AddMap(cli.FromGlobalPreset, map[string]any{"mode": "fast"}, "preset g")
		if v, _ := s.GetOrAsk("mode"); v != "fast" || len(p.labels) != 0 {
			t.Fatalf("GetOrAsk = %#v, asked %q", v, p.labels)
		}
	})
	t.Run("AskOptional off: not asked", func(t *testing.T) {
		s := newStore()
		p := &fakePrompter{answers: []string{"slow"}}
		s.Prompter = p
		if v, _ := s.GetOrAsk("mode"); v != "fair" || len(p.labels) != 0 {
			t.Fatalf("GetOrAsk = %#v, asked %q", v, p.labels)
		}
	})
}

func TestCommandLineOptions(t *testing.T) {
	s := newStore()
	s.AddEnv([]string{"ASLMCLI_USER=from env"})
	addCommandLine(t, s, "--url", "u1", "--url", "u2", "--help", "-P", "x", "-N", "--foo=@json:[1]", "--password", "pw",
		"--verbose", "--count", "7", "--remote-node=@env:V_CMD")
	got, err := s.CommandLine(map[string]bool{"password": true})
	want := map[string]any{"url": "u2", "foo": []any{int64(1)}, "verbose": true, "count": int64(7), "remote_node": "command line"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("CommandLine = %#v, %v\nwant %#v", got, err, want)
	}
	s2 := newStore()
	addCommandLine(t, s2, "--foo=@json:{")
	if _, err := s2.CommandLine(nil); cli.ExitCode(err) != cli.ExitUsage {
		t.Fatalf("CommandLine with a bad value: %v", err)
	}
}

func TestCommandLineKeepsRepeatedValues(t *testing.T) {
	// a list or hash option given twice on the command line is one value, as Get sees it
	s := newStore()
	addCommandLine(t, s, "--tags", "a", "--tags", "b", `--params=@json:{"x":1}`, `--params=@json:{"y":2}`)
	got, err := s.CommandLine(nil)
	want := map[string]any{"tags": []any{"a", "b"}, "params": map[string]any{"x": int64(1), "y": int64(2)}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("CommandLine = %#v, %v\nwant %#v", got, err, want)
	}
}

func TestMerged(t *testing.T) {
	s := newStore()
	s.AddEnv([]string{"ASLMCLI_URL=e", "ASLMCLI_", "OTHER_URL=x", "ASLMCLI_REMOTE_NODE=a=b", "NOEQUALS"})
	addCommandLine(t, s, "--count", "3", "--foo=bar", "--format", "ya")
	got, err := s.Merged()
	want := map[string]any{
		"format": "yaml", "flat_hash": true, "show_secrets": false, "log_level": "warn", "logger": "stderr",
		"ask_options": false, "url": "e", "mode": "fair", "count": int64(3), "foo": "bar", "remote_node": "a=b",
		"insecure": false, "cache_tokens": true, "transfer": "fast", "progress_bar": true, "src_type": "list",
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Merged = %#v, %v\nwant %#v", got, err, want)
	}
}

func TestStoreBookkeeping(t *testing.T) {
	s := newStore()
	s.AddMap(cli.FromPreset, map[string]any{"count": "1", "remote-node": "x"}, "preset p")
	if !s.Has(cli.FromPreset, "count") || s.Has(cli.FromEnv, "count") || !s.Has(cli.FromPreset, "remote_node") {
		t.Fatalf("Has")
	}
	addCommandLine(t, s, "--count", "2", "--count", "@json:3")
	if got := s.Raw(cli.FromCommandLine, "count"); !reflect.DeepEqual(got, []any{"2", "@json:3"}) {
		t.Fatalf("Raw = %#v", got)
	}
	if v, _ := s.Get("count"); v != int64(3) {
		t.Fatalf("Get(count) = %#v", v)
	}
	s.Clear(cli.FromCommandLine)
	if v, _ := s.Get("count"); v != int64(1) {
		t.Fatalf("Get(count) after Clear = %#v, want the preset's value", v)
	}
	// new declarations change the type of the cached value
	s.SetDecls(cli.NewDecls(&cli.Option{Name: "count", Type: cli.String}))
	if v, _ := s.Get("count"); v != "1" {
		t.Fatalf("Get(count) after SetDecls = %#v", v)
	}
	// a value added after a Get is seen
	s.AddEnv([]string{"ASLMCLI_COUNT=9"})
	if v, _ := s.Get("count"); v != "9" {
		t.Fatalf("Get(count) after AddEnv = %#v", v)
	}
	if cli.FromDefault.String() != "default" || cli.FromCommandLine.String() != "command line" || cli.FromEnv.String() != "environment" {
		t.Fatalf("Source names")
	}
}

func TestIsSecret(t *testing.T) {
	if !cli.IsSecret(&cli.Option{Name: "x", Secret: true}, "x") || !cli.IsSecret(nil, "client_secret") ||
		cli.IsSecret(&cli.Option{Name: "url"}, "url") || cli.IsSecret(nil, "access_key") {
		t.Fatalf("IsSecret")
	}
}

func TestMergeHash(t *testing.T) {
	dst := map[string]any{"a": int64(1), "n": map[string]any{"x": int64(1), "y": int64(2)}, "s": "keep", "r": "replace"}
	src := map[string]any{"a": nil, "n": map[string]any{"y": nil, "z": int64(3)}, "r": map[string]any{"new": true},
		"fresh": map[string]any{"deep": map[string]any{"v": int64(1)}}}
	cli.MergeHash(dst, src)
	want := map[string]any{"n": map[string]any{"x": int64(1), "z": int64(3)}, "s": "keep", "r": map[string]any{"new": true},
		"fresh": map[string]any{"deep": map[string]any{"v": int64(1)}}}
	if !reflect.DeepEqual(dst, want) {
		t.Fatalf("MergeHash = %#v\nwant %#v", dst, want)
	}
	// dst does not share maps with src
	src["fresh"].(map[string]any)["deep"].(map[string]any)["v"] = int64(2)
	if dst["fresh"].(map[string]any)["deep"].(map[string]any)["v"] != int64(1) {
		t.Fatalf("MergeHash shares nested maps with its source")
	}
}
