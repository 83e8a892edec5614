package nodesim

import "testing"

func TestScrubAndNodePath(t *testing.T) {
	tr := &tree{root: "/srv/root"}
	for in, want := range map[string]string{
		"lstat /srv/root/a/b: not a directory": "lstat /a/b: not a directory",
		"open /srv/root: denied":               "open /: denied",
		"rename /srv/root/x /srv/root/y: busy": "rename /x /y: busy",
		"/srv/rootless/z stays":                "/srv/rootless/z stays",
		"nothing local":                        "nothing local",
	} {
		if got := tr.scrub(in); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"/srv/root": "/", "/srv/root/a/../b": "/b", "/srv/rootless": "", "rel/path": "", "": ""} {
		got, ok := tr.nodePath(in)
		if got != want || ok != (want != "") {
			t.Errorf("nodePath(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}
