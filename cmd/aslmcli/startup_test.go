package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Start-up guard (DESIGN.md performance budgets). Every package linked into the binary runs
// its initialisers on every command, --version included, so costly work must be done on first
// use (sync.OnceValue), not at package level. Init times are noisy on a shared machine, but
// what the initialisers allocate is exact: this test counts it, from GODEBUG=inittrace=1, and
// fails when it grows past an allowance. bench/startup.sh reports the times.
const (
	// initBytesTotal bounds the bytes allocated by all package inits (std and third-party
	// included): about 940 KB when the guard was written, of which 663 KB are tablewriter's
	// width cache (kept: the house prefers the library for tables to drawing boxes by hand).
	initBytesTotal = 1152 << 10
	// initBytesOwn bounds the bytes allocated by the init of one package of this module: the
	// largest was 18 KB (the function table of a binding); 35 regexps compiled at package level
	// were 330 KB.
	initBytesOwn = 32 << 10
)

// initTrace is one line of GODEBUG=inittrace=1: init PKG @T ms, C ms clock, B bytes, N allocs.
type initTrace struct {
	pkg    string
	bytes  int
	allocs int
}

func readInitTrace(t *testing.T, args ...string) []initTrace {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "ASLMCLI_HOME="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, stderr.String())
	}
	var out []initTrace
	sc := bufio.NewScanner(bytes.NewReader(stderr.Bytes()))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		n, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			t.Fatalf("unexpected inittrace line %q", sc.Text())
		}
		out = append(out, initTrace{pkg: f[1], bytes: b, allocs: n})
	}
	if len(out) == 0 {
		t.Fatalf("no inittrace lines in:\n%s", stderr.String())
	}
	return out
}

func TestInitAllocations(t *testing.T) {
	traces := readInitTrace(t, "--version")
	sort.Slice(traces, func(i, j int) bool { return traces[i].bytes > traces[j].bytes })
	total := 0
	for _, tr := range traces {
		total += tr.bytes
		if strings.HasPrefix(tr.pkg, "github.com/asperalm/aslmcli/") && tr.bytes > initBytesOwn {
			t.Errorf("package %s allocates %d bytes (%d allocs) at init, allowance %d: build its tables and regexps on first use (sync.OnceValue)",
				tr.pkg, tr.bytes, tr.allocs, initBytesOwn)
		}
	}
	if total > initBytesTotal {
		var top []string
		for _, tr := range traces[:min(5, len(traces))] {
			top = append(top, tr.pkg+" "+strconv.Itoa(tr.bytes))
		}
		t.Errorf("package inits allocate %d bytes, allowance %d; the largest: %s", total, initBytesTotal, strings.Join(top, ", "))
	}
	t.Logf("%d package inits, %d bytes", len(traces), total)
}
