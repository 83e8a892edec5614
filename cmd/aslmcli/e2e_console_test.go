package main

import (
	"strings"
	"testing"
	"time"
)

// TestConsoleManual runs the Console example of the original manual and ascli's spellings
// against `aslmcli console simulator` (sample transfers placed relative to its start: 101,
// 102, 103, 104 and 106 in the last 24 hours, 105 three days ago).
func TestConsoleManual(t *testing.T) {
	e := newEnv(t)
	url, creds := startProductSimulator(t, e, "console")
	e.ok("config", "preset", "update", "con", "--url="+url, "--username="+creds["username"], "--password="+creds["password"])
	e.ok("config", "id", "default", "set", "console", "con")
	threeDaysAgo := time.Now().Add(-72 * time.Hour)
	e.runManual([]manualCase{
		{"aslmcli console transfer current list  --insecure=yes", []string{"console", "transfer", "current", "list", "--insecure=yes"},
			[]string{"id", "contact", "name", "status", "101", "aoc_user", "completed", "102", "103", "104", "106", "john", "queued"}},
		// the manual's date forms: DD-MM-YY HH:MM:SS, now, -<num>h
		{"--filter-from=DD-MM-YY HH:MM:SS --filter-to=DD-MM-YY HH:MM:SS",
			[]string{"console", "transfer", "current", "list", "--format=csv", "--fields=id",
				"--filter-from=" + threeDaysAgo.Add(-time.Hour).Format("02-01-06 15:04:05"), "--filter-to=" + threeDaysAgo.Add(time.Hour).Format("02-01-06 15:04:05")},
			[]string{"105\n"}},
		{"--filter-from=-<num>h --filter-to=now", []string{"console", "transfer", "current", "list", "--format=csv", "--fields=id", "--filter-from=-4h", "--filter-to=now"},
			[]string{"101\n102\n104\n106\n"}},
		{"--filter-from=ISO 8601", []string{"console", "transfer", "current", "list", "--format=csv", "--fields=id",
			"--filter-from=" + threeDaysAgo.Add(-time.Hour).UTC().Format("2006-01-02T15:04Z"), "--filter-to=" + threeDaysAgo.Add(time.Hour).Format("20060102T150405-0700")},
			[]string{"105\n"}},
		// ascli's spellings
		{`ascli console transfer current list --query=@json:'{"filter1":"transfer_name","comp1":"contain","val1":"aoc"}'`,
			[]string{"console", "transfer", "current", "list", `--query=@json:{"filter1":"transfer_name","comp1":"contain","val1":"aoc"}`, "--format=csv", "--fields=id"},
			[]string{"101\n103\n"}},
		{"ascli console transfer current list --query.filter='(transfer_name contain aoc)'",
			[]string{"console", "transfer", "current", "list", `--query=@json:{"filter":"(transfer_name contain aoc)"}`, "--format=csv", "--fields=id"},
			[]string{"101\n103\n"}},
		{"ascli console transfer current show <ID>", []string{"console", "transfer", "current", "show", "103"}, []string{"error_description", "Disk full on destination"}},
		{"ascli console transfer current files <ID>", []string{"console", "transfer", "current", "files", "102", "--format=csv", "--fields=path,status"},
			[]string{"/faspex/packages/42/file1.bin,running\n", "/faspex/packages/42/file2.bin,queued\n"}},
		{"ascli console transfer current pause <ID>", []string{"console", "transfer", "current", "pause", "102", "--fields=status"}, []string{"paused"}},
		{"ascli console transfer current resume <ID>", []string{"console", "transfer", "current", "resume", "102", "--fields=status"}, []string{"running"}},
		{"ascli console transfer current cancel <ID>", []string{"console", "transfer", "current", "cancel", "102", "--fields=status"}, []string{"cancelled"}},
		{"ascli console transfer current rerun <ID>", []string{"console", "transfer", "current", "rerun", "103", "--fields=status"}, []string{"queued"}},
		{"ascli console transfer smart list", []string{"console", "transfer", "smart", "list", "--format=csv", "--fields=id,name"}, []string{"1,Send to partner\n2,Weekly archive\n"}},
		{"ascli console transfer smart sub <SMART_ID> @: source.paths.0=my_smart_file source_type=user_selected",
			[]string{"console", "transfer", "smart", "sub", "1", `@json:{"source":{"paths":["my_smart_file"]},"source_type":"user_selected"}`, "--format=csv", "--fields=name,status"},
			[]string{"Send to partner,queued\n"}},
		{"ascli console health", []string{"console", "health", "--format=csv"}, []string{"ok,console api,accessible\n"}},
	})
	// bad input: exit 2, one clear line, nothing sent
	r := e.fails(2, `ERROR: usage: --filter-from: date "yesterday"`, "console", "transfer", "current", "list", "--filter-from=yesterday", "-r")
	if strings.Contains(r.err, "> GET") {
		t.Fatalf("a request was sent: %s", r.err)
	}
	e.fails(2, "filter", "console", "transfer", "current", "list", `--query=@json:{"filter":"transfer_name contain aoc"}`)
	e.fails(2, "ERROR: usage:", "console", "transfer", "current", "pause")
	e.fails(2, "ERROR: usage:", "console", "transfer", "current", "change_rate", "102")
	e.fails(1, "cannot pause transfer 101: it is completed", "console", "transfer", "current", "pause", "101")
	// a failed health check shows its lines and exits 1 (cron and CI see it)
	r = e.fails(1, "ERROR: error: health: console api is critical: 401 Unauthorized", "console", "health", "--password=wrong", "--format=csv")
	if !strings.HasPrefix(r.out, "critical,console api,") {
		t.Fatalf("health with a bad password: %q", r.out)
	}
}
