package statefile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "state.json")
	var v struct{ A int }
	if found, err := Load(path, &v); found || err != nil {
		t.Fatalf("missing file: found %v, %v", found, err)
	}
	if b, err := Read(path); b != nil || err != nil {
		t.Fatalf("missing file read: %q, %v", b, err)
	}
	if err := Save(path, map[string]int{"A": 3}); err != nil {
		t.Fatal(err)
	}
	if found, err := Load(path, &v); !found || err != nil || v.A != 3 {
		t.Fatalf("found %v, %v, %+v", found, err, v)
	}
	st, _ := os.Stat(path)
	dir, _ := os.Stat(filepath.Dir(path))
	b, _ := os.ReadFile(path)
	if st.Mode().Perm() != 0o600 || dir.Mode().Perm() != 0o700 || !strings.HasSuffix(string(b), "}\n") {
		t.Fatalf("file %v, folder %v, content %q", st.Mode(), dir.Mode(), b)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, &v); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a broken file: %v", err)
	}
}

func TestSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "set.json")
	s, err := OpenSet(path, map[string]any{"url": "https://x"})
	if err != nil || len(s.IDs()) != 0 || s.Path() != path {
		t.Fatalf("%v %v", s, err)
	}
	if err := s.Add("b", "a", "b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Add("c"); err != nil {
		t.Fatal(err)
	}
	again, err := OpenSet(path, nil)
	if err != nil || !reflect.DeepEqual(again.IDs(), []string{"b", "a", "c"}) || !again.Has("a") || again.Has("d") {
		t.Fatalf("reopened: %v %v", again.IDs(), err)
	}
	var rec map[string]any
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &rec); err != nil || rec["url"] != "https://x" {
		t.Fatalf("file %s: %v", b, err)
	}
	if err := again.Reset([]string{"z"}); err != nil {
		t.Fatal(err)
	}
	if third, _ := OpenSet(path, nil); !reflect.DeepEqual(third.IDs(), []string{"z"}) || third.Has("a") {
		t.Fatalf("after reset: %v", third.IDs())
	}
	if err := again.Reset(nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), `"ids": []`) {
		t.Fatalf("an empty set is saved as []: %s", b)
	}
}

// TestSetReadsOldFiles: the files written before the set was shared still load: kit's
// once_*.json (no final newline) and aoc's aoc_received_*.json (with its owner's fields).
func TestSetReadsOldFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"once_faspex5_recv_0123456789abcdef.json": "{\n  \"ids\": [\n    \"p1\",\n    \"p2\"\n  ]\n}",
		"aoc_received_0123456789abcdef.json": "{\n  \"url\": \"https://sim.example\",\n  \"workspace_id\": \"w1\",\n" +
			"  \"user_id\": \"u1\",\n  \"ids\": [\n    \"p1\",\n    \"p2\"\n  ]\n}\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := OpenSet(path, nil)
		if err != nil || !reflect.DeepEqual(s.IDs(), []string{"p1", "p2"}) {
			t.Fatalf("%s: %v %v", name, s, err)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"ids": "p1"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSet(bad, nil); err == nil || !strings.Contains(err.Error(), "once-only list: "+bad) {
		t.Fatalf("a broken list: %v", err)
	}
}

func TestSetConcurrentAdds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "set.json")
	s, _ := OpenSet(path, nil)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Add(fmt.Sprint(i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if again, _ := OpenSet(path, nil); len(again.IDs()) != 20 {
		t.Fatalf("saved %v", again.IDs())
	}
}
