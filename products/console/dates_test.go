package console

import (
	"errors"
	"net/url"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600) // no tzdata: the March dates below are CET anyway
	}
	now := time.Date(2024, 3, 10, 15, 30, 0, 0, time.UTC)
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	cases := []struct {
		in   string
		want time.Time
	}{
		// the manual's forms
		{"now", now},
		{"NOW", now},
		{"-3h", now.Add(-3 * time.Hour)},
		{"-0h", now},
		{"-48h", now.Add(-48 * time.Hour)},
		{"-90m", now.Add(-90 * time.Minute)},
		{"-2d", now.Add(-48 * time.Hour)},
		{"-30s", now.Add(-30 * time.Second)},
		{"05-03-24 10:20:30", utc(2024, 3, 5, 9, 20, 30, 0)}, // Paris is UTC+1 in March
		{"05-03-24 10:20", utc(2024, 3, 5, 9, 20, 0, 0)},
		{"05-03-24", utc(2024, 3, 4, 23, 0, 0, 0)},
		{"05-03-2024 10:20:30", utc(2024, 3, 5, 9, 20, 30, 0)},
		{"31-12-99 23:59:59", utc(1999, 12, 31, 22, 59, 59, 0)},
		{"01-01-68 00:00:00", utc(2067, 12, 31, 23, 0, 0, 0)},
		{"  05-03-24 10:20:30  ", utc(2024, 3, 5, 9, 20, 30, 0)},
		// ISO 8601 calendar dates
		{"2024-03-05", utc(2024, 3, 4, 23, 0, 0, 0)},
		{"20240305", utc(2024, 3, 4, 23, 0, 0, 0)},
		{"2024-03", utc(2024, 2, 29, 23, 0, 0, 0)},
		{"2024", utc(2023, 12, 31, 23, 0, 0, 0)},
		{"2024-03-05T10:20:30Z", utc(2024, 3, 5, 10, 20, 30, 0)},
		{"2024-03-05T10:20:30", utc(2024, 3, 5, 9, 20, 30, 0)},
		{"2024-03-05 10:20:30", utc(2024, 3, 5, 9, 20, 30, 0)},
		{"2024-03-05T10:20:30.250Z", utc(2024, 3, 5, 10, 20, 30, 250000000)},
		{"2024-03-05T10:20:30,5Z", utc(2024, 3, 5, 10, 20, 30, 500000000)},
		{"2024-03-05T10:20Z", utc(2024, 3, 5, 10, 20, 0, 0)},
		{"2024-03-05T10Z", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"2024-03-05T10.5Z", utc(2024, 3, 5, 10, 30, 0, 0)},
		{"2024-03-05T10:20.5Z", utc(2024, 3, 5, 10, 20, 30, 0)},
		{"2024-03-05T10:20:30+02:00", utc(2024, 3, 5, 8, 20, 30, 0)},
		{"2024-03-05T10:20:30-0530", utc(2024, 3, 5, 15, 50, 30, 0)},
		{"2024-03-05T10:20:30+02", utc(2024, 3, 5, 8, 20, 30, 0)},
		{"20240305T102030Z", utc(2024, 3, 5, 10, 20, 30, 0)},
		{"20240305T1020Z", utc(2024, 3, 5, 10, 20, 0, 0)},
		{"20240305T102030+0100", utc(2024, 3, 5, 9, 20, 30, 0)},
		{"2024-03-05T24:00:00Z", utc(2024, 3, 6, 0, 0, 0, 0)},
		{"2024-03-05T24:00Z", utc(2024, 3, 6, 0, 0, 0, 0)},
		// ordinal dates
		{"2024-065", utc(2024, 3, 4, 23, 0, 0, 0)},
		{"2024065T12:00Z", utc(2024, 3, 5, 12, 0, 0, 0)},
		{"2024-366T00:00Z", utc(2024, 12, 31, 0, 0, 0, 0)},
		// week dates: 2024-W01-1 is Monday 1 January 2024; 2020-W53 exists; 2021-W01-1 is 4 January
		{"2024-W01-1T00:00Z", utc(2024, 1, 1, 0, 0, 0, 0)},
		{"2024-W10-2T06:00Z", utc(2024, 3, 5, 6, 0, 0, 0)},
		{"2024W102T06:00Z", utc(2024, 3, 5, 6, 0, 0, 0)},
		{"2024-W10T00:00Z", utc(2024, 3, 4, 0, 0, 0, 0)},
		{"2020-W53-7T00:00Z", utc(2021, 1, 3, 0, 0, 0, 0)},
		{"2021-W01-1T00:00Z", utc(2021, 1, 4, 0, 0, 0, 0)},
		{"2009-W01-1T00:00Z", utc(2008, 12, 29, 0, 0, 0, 0)},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in, now, paris)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("%q: got %s, want %s", c.in, got.UTC(), c.want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	now := time.Date(2024, 3, 10, 15, 30, 0, 0, time.UTC)
	for _, in := range []string{
		"", "yesterday", "-3", "-3y", "+3h", "3h",
		"32-01-24 00:00:00", "31-02-24", "00-01-24", "05-13-24", "05-03-24 24:00:00", "05-03-24 10:60",
		"2024-02-30", "2023-02-29", "2024-13", "2024-00-10", "2024-1-5", "24-03-2024x",
		"2024-367", "2023-366", "2024-000", "2024-W54", "2021-W53", "2024-W00-1", "2024-W10-8",
		"2024-03-05T", "2024-03-05T25:00", "2024-03-05T24:00:01", "2024-03-05T10:61", "2024-03-05T10:20:61",
		"2024-03-05T10:20:30+25:00", "2024-03-05Tnoon", "2024-03-05T10:2030",
	} {
		if got, err := ParseDate(in, now, time.UTC); err == nil {
			t.Errorf("%q: accepted as %s", in, got)
		} else if !errors.Is(err, ErrUsage) {
			t.Errorf("%q: error %v is not a usage error", in, err)
		}
	}
}

func TestListOptionsValues(t *testing.T) {
	now := time.Date(2024, 3, 10, 15, 30, 0, 0, time.UTC)
	q, err := ListOptions{Now: now}.Values()
	if err != nil || q.Get("from") != "2024-03-09 15:30:00" || q.Get("to") != "2024-03-10 15:30:00" {
		t.Fatalf("default window: %v %v", q, err)
	}
	// the options win over the query's dates; the query's are parsed the same way
	q, err = ListOptions{Now: now, From: "-3h", Location: time.UTC,
		Query: map[string]any{"from": "2000-01-01", "to": "10-03-24 12:00:00", "filter": "(transfer_name contain aoc)and(status eq running)", "filter1": "contact", "comp1": "eq", "val1": "bob"}}.Values()
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"from": {"2024-03-10 12:30:00"}, "to": {"2024-03-10 12:00:00"},
		"filter1": {"contact"}, "comp1": {"eq"}, "val1": {"bob"},
		"filter2": {"transfer_name"}, "comp2": {"contain"}, "val2": {"aoc"},
		"filter3": {"status"}, "comp3": {"eq"}, "val3": {"running"}}
	if q.Encode() != want.Encode() {
		t.Fatalf("got  %s\nwant %s", q.Encode(), want.Encode())
	}
	// only one bound given: the other is not invented
	q, _ = ListOptions{Now: now, To: "now"}.Values()
	if q.Has("from") || q.Get("to") != "2024-03-10 15:30:00" {
		t.Fatalf("to only: %v", q)
	}
	for _, o := range []ListOptions{
		{From: "yesterday"},
		{Query: map[string]any{"to": "soon"}},
		{Query: map[string]any{"filter": "transfer_name contain aoc"}},
		{Query: map[string]any{"filter": "(transfer_name)"}},
	} {
		if _, err := o.Values(); !errors.Is(err, ErrUsage) {
			t.Errorf("%+v: %v", o, err)
		}
	}
}
