package cli

import (
	"reflect"
	"strings"
	"testing"
)

// testCompleter has two plugins; "node" has a tree with options at two levels.
func testCompleter(loaded *[]string) Completer {
	node := &Command{Name: "node", Options: []*Option{{Name: "url", Type: String}}}
	browse := &Command{Name: "browse", Options: []*Option{{Name: "query", Type: Hash}, {Name: "recursive", Type: Bool}}}
	access := &Command{Name: "access_keys"}
	access.Add(&Command{Name: "list"}, &Command{Name: "create"})
	run := func(*Invocation) error { return nil }
	user := &Command{Name: "user", Usage: "ID|self show|delete", Run: run}
	shell := &Command{Name: "shell", Usage: "[NAME] bash|zsh", Run: run}
	node.Add(browse, access, &Command{Name: "info"}, user, shell)
	return Completer{
		Plugins: []string{"node", "config", "run"},
		Global:  append(GlobalOptions(), TransferOptions(Agents{Names: []string{"direct", "node", "httpgw"}})...),
		Presets: []string{"config", "default", "my_node", "my_aoc"},
		Plugin: func(name string) *Command {
			*loaded = append(*loaded, name)
			if name == "node" {
				return node
			}
			return nil
		},
	}
}

func TestComplete(t *testing.T) {
	for _, tc := range []struct {
		line string // words separated by spaces; a trailing space means a new empty word
		want []string
	}{
		{"", []string{"config", "node", "run"}},
		{"n", []string{"node"}},
		{"node ", []string{"access_keys", "browse", "info", "shell", "user"}},
		{"no a", []string{"access_keys"}},                                                   // a prefix of the plugin is followed
		{"node acc ", []string{"create", "list"}},                                           // and of a command
		{"-N --format=json node access_keys ", []string{"create", "list"}},                  // options before the words
		{"--format json node ", []string{"access_keys", "browse", "info", "shell", "user"}}, // "--format json": json is its value
		{"node user ", []string{"self"}},                                                    // the usage's literal words
		{"node user 12 ", []string{"delete", "show"}},                                       // at their place
		{"node user 12 show ", nil},
		{"node shell ", nil},                        // after an optional argument, the place is unknown
		{"--flat-hash no node i", []string{"info"}}, // a bool's yes/no is its value
		{"node info x ", nil},                       // arguments are not completed
		{"node browse --rec", []string{"--recursive="}},
		{"node browse --que", []string{"--query="}},
		{"node --que", nil}, // --query is browse's option, not node's
		{"node --ur", []string{"--url="}},
		{"--sh", []string{"--show-config", "--show-secrets="}},
		{"--format=j", []string{"--format=json", "--format=jsonpp"}},
		{"--format ", []string{"csv", "json", "jsonpp", "table", "yaml"}},
		{"--form=y", []string{"--form=yaml"}}, // the option as written (prefix)
		{"node --transfer=", []string{"--transfer=direct", "--transfer=httpgw", "--transfer=node"}},
		{"--log-level=w", []string{"--log-level=warn"}},
		{"--show-secrets=", []string{"--show-secrets=no", "--show-secrets=yes"}},
		{"-P ", []string{"config", "default", "my_aoc", "my_node"}},
		{"-Pmy_", []string{"-Pmy_aoc", "-Pmy_node"}},
		{"node --preset=my_n", []string{"--preset=my_node"}},
		{"--url=x", nil}, // a string option has no known value
		{"run -- --", nil},
		{"zzz ", nil}, // not a plugin: nothing after
	} {
		var loaded []string
		words := strings.Split(tc.line, " ")
		got := Complete(words, testCompleter(&loaded))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Complete(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestCompleteLoadsOnlyTheNamedPlugin(t *testing.T) {
	var loaded []string
	Complete([]string{""}, testCompleter(&loaded))
	if len(loaded) != 0 {
		t.Errorf("plugin names need no plugin loaded, loaded %v", loaded)
	}
	Complete([]string{"node", "b"}, testCompleter(&loaded))
	if !reflect.DeepEqual(loaded, []string{"node"}) {
		t.Errorf("loaded %v, want node only", loaded)
	}
}

func TestCompletionScript(t *testing.T) {
	for _, sh := range CompletionShells {
		s, err := CompletionScript(sh, "aslmcli")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s, "aslmcli "+CompleteCommand) || !strings.Contains(s, "_aslmcli_complete") {
			t.Errorf("%s script does not call aslmcli %s through _aslmcli_complete:\n%s", sh, CompleteCommand, s)
		}
	}
	if _, err := CompletionScript("tcsh", "aslmcli"); err == nil || ExitCode(err) != ExitUsage {
		t.Errorf("tcsh: want a usage error, got %v", err)
	}
}
