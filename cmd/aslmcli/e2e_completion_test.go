package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// completionEnv is a home with a user plugin (hello) and two presets.
func completionEnv(t *testing.T) *env {
	e := newEnv(t)
	e.helloPlugin()
	e.ok("config", "preset", "set", "my_node", "url", "https://node.example")
	e.ok("config", "preset", "set", "my_aoc", "url", "https://aoc.example")
	return e
}

// bashComplete sources the script of `aslmcli completion bash` in a real bash, calls its
// complete -F function with COMP_WORDS/COMP_CWORD as bash sets them (the line split at "="
// as COMP_WORDBREAKS does) and returns COMPREPLY.
func bashComplete(e *env, script string, compWords ...string) []string {
	e.t.Helper()
	var quoted []string
	for _, w := range compWords {
		quoted = append(quoted, "'"+w+"'")
	}
	prog := script + `
fn=$(complete -p aslmcli | sed -E 's/.* -F ([^ ]+) .*/\1/')
COMP_WORDS=(` + strings.Join(quoted, " ") + `)
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
"$fn" aslmcli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
`
	r := e.exec(exec.Command(requireTool(e.t, "bash"), "--norc", "--noprofile", "-c", prog), "")
	if r.code != 0 || r.err != "" {
		e.t.Fatalf("bash completion of %q: %v", compWords, r)
	}
	return completionLines(r.out)
}

func completionLines(out string) []string {
	var l []string
	for _, s := range strings.Split(out, "\n") {
		if s != "" {
			l = append(l, s)
		}
	}
	return l
}

func TestCompletionBash(t *testing.T) {
	e := completionEnv(t)
	script := e.ok("completion", "bash")
	if other := e.ok("config", "completion", "bash"); other != script {
		t.Fatalf("config completion bash and completion bash differ:\n%s\n---\n%s", other, script)
	}
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"aslmcli", "h"}, []string{"hello", "httpgw"}}, // a user plugin, a built-in one
		{[]string{"aslmcli", "hello", ""}, []string{"count", "world"}},
		{[]string{"aslmcli", "hello", "--lou"}, []string{"--loud="}},
		{[]string{"aslmcli", "config", "comp"}, []string{"completion"}},
		{[]string{"aslmcli", "completion", ""}, []string{"bash", "fish", "zsh"}}, // the usage's words
		{[]string{"aslmcli", "config", "completion", "z"}, []string{"zsh"}},
		{[]string{"aslmcli", "config", "preset", "s"}, []string{"set", "show"}},
		{[]string{"aslmcli", "--format", "=", "js"}, []string{"json", "jsonpp"}}, // bash splits at =
		{[]string{"aslmcli", "--format", "="}, []string{"csv", "json", "jsonpp", "table", "yaml"}},
		{[]string{"aslmcli", "node", "--transfer", "=", "h"}, []string{"httpgw"}},
		{[]string{"aslmcli", "-P", "my_"}, []string{"my_aoc", "my_node"}},
		{[]string{"aslmcli", "--preset", "=", "my_a"}, []string{"my_aoc"}},
		{[]string{"aslmcli", "--show-se"}, []string{"--show-secrets="}},
		{[]string{"aslmcli", "zzz", ""}, nil},
	} {
		if got := bashComplete(e, script, tc.words...); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("bash completion of %q: got %q, want %q", tc.words, got, tc.want)
		}
	}
}

// TestCompletionZsh sources the zsh script in a real zsh with compadd and compdef replaced by
// functions that record what the script offers, words and CURRENT set as zsh's completion
// system sets them (the whole line, the word under the cursor unsplit). The stub prints the
// candidates given after "--", as the script passes them.
func TestCompletionZsh(t *testing.T) {
	zsh := requireTool(t, "zsh")
	e := completionEnv(t)
	script := e.ok("config", "completion", "zsh")
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"aslmcli", "hel"}, []string{"hello"}},
		{[]string{"aslmcli", "hello", "w"}, []string{"world"}},
		{[]string{"aslmcli", "--format=js"}, []string{"--format=json", "--format=jsonpp"}},
		{[]string{"aslmcli", "config", "--log"}, []string{"--log-level=", "--logger="}},
		{[]string{"aslmcli", "-P", "my_n"}, []string{"my_node"}},
	} {
		var quoted []string
		for _, w := range tc.words {
			quoted = append(quoted, "'"+w+"'")
		}
		prog := `compdef() { :; }
compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@"; }
` + script + `
words=(` + strings.Join(quoted, " ") + `)
CURRENT=${#words}
_aslmcli_complete
`
		r := e.exec(exec.Command(zsh, "-f", "-c", prog), "")
		if r.code != 0 || r.err != "" {
			t.Fatalf("zsh completion of %q: %v", tc.words, r)
		}
		if got := completionLines(r.out); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("zsh completion of %q: got %q, want %q", tc.words, got, tc.want)
		}
	}
}

func TestCompletionHidden(t *testing.T) {
	e := completionEnv(t)
	before := e.read(e.configFile())
	// the options before the cursor are read: another home has no hello plugin and no preset
	if out := e.ok("__complete", "--home="+e.dir, "hel"); out != "" {
		t.Errorf("another home: got %q, want no candidate", out)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "config.yaml")); !os.IsNotExist(err) {
		t.Errorf("completion made a configuration file in the other home (%v)", err)
	}
	if out := e.ok("__complete", "-P", "my_a"); out != "my_aoc\n" {
		t.Errorf("presets: got %q", out)
	}
	// a bad command line is no candidate and no error
	if r := e.run("__complete", "--format=bogus", "--zzz", "-Q", "config", ""); r.code != 0 || r.err != "" {
		t.Errorf("bad line: %v", r)
	}
	if after := e.read(e.configFile()); after != before {
		t.Errorf("completion changed the configuration file")
	}
	e.fails(2, `unknown command "tcsh"`, "completion", "tcsh")
	e.fails(2, `unknown command "tcsh"`, "config", "completion", "tcsh")
}

// TestCompletionFish sources the fish script in a real fish and asks fish itself for the
// completions of a command line (complete -C), as it does on TAB.
func TestCompletionFish(t *testing.T) {
	fish := requireTool(t, "fish")
	e := completionEnv(t)
	script := e.write("aslmcli.fish", e.ok("completion", "fish"))
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"aslmcli hel", []string{"hello"}},
		{"aslmcli hello ", []string{"count", "world"}},
		{"aslmcli --format=js", []string{"--format=json", "--format=jsonpp"}},
		{"aslmcli config completion ", []string{"bash", "fish", "zsh"}},
		{"aslmcli -P my_", []string{"my_aoc", "my_node"}},
	} {
		r := e.exec(exec.Command(fish, "--no-config", "-c", "source "+script+"; complete -C '"+tc.line+"'"), "")
		if r.code != 0 || r.err != "" {
			t.Fatalf("fish completion of %q: %v", tc.line, r)
		}
		if got := completionLines(r.out); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("fish completion of %q: got %q, want %q", tc.line, got, tc.want)
		}
	}
}
