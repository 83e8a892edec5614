package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryExampleRuns keeps the promise of issue 17 that every script in scripts/examples
// runs in CI against the simulators: each example must be named by a test of this package
// (which reads and runs it). A new example without a test fails here.
func TestEveryExampleRuns(t *testing.T) {
	examples, err := filepath.Glob("../../scripts/examples/*.lua")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples found (%v)", err)
	}
	tests, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var sources strings.Builder
	for _, f := range tests {
		if f == "examples_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources.Write(b)
	}
	for _, ex := range examples {
		ref := "scripts/examples/" + filepath.Base(ex)
		if !strings.Contains(sources.String(), ref) {
			t.Errorf("%s is run by no test of cmd/aslmcli", ref)
		}
	}
}
