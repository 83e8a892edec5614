package ascp

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
)

const sid = "6c1b2f0e-7d4a-4f53-9a1e-2f4d3c2b1a00"

// golden is a realistic session: two files, 3 MiB, pre-calculation on.
const golden = `FASPMGR 2
Type: INIT
Direction: Send
Operation: Transfer
SessionId: ` + sid + `
UserStr: xfer-1

FASPMGR 2
Type: SESSION
SessionId: ` + sid + `
Host: demo.example.com
Port: 33001
User: xfer
Encryption: Yes
Rate: 100000000

FASPMGR 2
Type: NOTIFICATION
SessionId: ` + sid + `
PreTransferFiles: 2
PreTransferBytes: 3145728

FASPMGR 2
Type: STATS
SessionId: ` + sid + `
Rate: 100000000
TransferBytes: 1048576
StartByte: 0
Elapsedusec: 100000

FASPMGR 2
Type: STATS
SessionId: ` + sid + `
Rate: 98000000
TransferBytes: 2097152
StartByte: 0
Elapsedusec: 200000

FASPMGR 2
Type: STOP
SessionId: ` + sid + `
File: /data/dir/annual report 2024.pdf
Size: 2097152

FASPMGR 2
Type: STATS
SessionId: ` + sid + `
Rate: 99500000
TransferBytes: 3145728
StartByte: 0
Elapsedusec: 300000

FASPMGR 2
Type: STOP
SessionId: ` + sid + `
File: /data/dir/été 日本.txt
Size: 1048576

FASPMGR 2
Type: DONE
SessionId: ` + sid + `
TransferBytes: 3145728
StartByte: 0
Elapsedusec: 310000

`

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// ticker returns a clock that advances one second per call.
func ticker() func() time.Time {
	n := 0
	return func() time.Time { n++; return t0.Add(time.Duration(n) * time.Second) }
}

func kv(pairs ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}

func readAll(t *testing.T, text string) []Message {
	t.Helper()
	r := NewReader(strings.NewReader(text))
	var out []Message
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, m)
	}
}

func applyAll(s *Session, msgs []Message) []transfer.Event {
	var out []transfer.Event
	for _, m := range msgs {
		out = append(out, s.Apply(m)...)
	}
	return out
}

func TestGoldenSession(t *testing.T) {
	msgs := readAll(t, golden)
	if len(msgs) != 9 {
		t.Fatalf("got %d messages, want 9", len(msgs))
	}
	s := NewSession("direct")
	s.Clock = ticker()
	got := applyAll(s, msgs)

	ev := func(n int, typ transfer.EventType, raw map[string]string) transfer.Event {
		if typ == transfer.Progress {
			raw = nil // progress events carry their typed fields only
		}
		return transfer.Event{Type: typ, Time: t0.Add(time.Duration(n) * time.Second), Agent: "direct", Session: sid, Raw: raw}
	}
	e1 := ev(1, transfer.SessionStart, kv("Type", "INIT", "Direction", "Send", "Operation", "Transfer", "SessionId", sid, "UserStr", "xfer-1"))
	e2 := ev(2, transfer.Sizes, kv("Type", "NOTIFICATION", "SessionId", sid, "PreTransferFiles", "2", "PreTransferBytes", "3145728"))
	e2.Total, e2.Files = 3145728, 2
	e3 := ev(3, transfer.Progress, kv("Type", "STATS", "SessionId", sid, "Rate", "100000000", "TransferBytes", "1048576", "StartByte", "0", "Elapsedusec", "100000"))
	e3.Bytes, e3.Total, e3.RateKbps = 1048576, 3145728, 100000
	e4 := ev(4, transfer.Progress, kv("Type", "STATS", "SessionId", sid, "Rate", "98000000", "TransferBytes", "2097152", "StartByte", "0", "Elapsedusec", "200000"))
	e4.Bytes, e4.Total, e4.RateKbps = 2097152, 3145728, 98000
	e5 := ev(5, transfer.FileDone, kv("Type", "STOP", "SessionId", sid, "File", "/data/dir/annual report 2024.pdf", "Size", "2097152"))
	e5.File, e5.Files = "/data/dir/annual report 2024.pdf", 1
	e6 := ev(6, transfer.Progress, kv("Type", "STATS", "SessionId", sid, "Rate", "99500000", "TransferBytes", "3145728", "StartByte", "0", "Elapsedusec", "300000"))
	e6.Bytes, e6.Total, e6.Files, e6.RateKbps = 3145728, 3145728, 1, 99500
	e7 := ev(7, transfer.FileDone, kv("Type", "STOP", "SessionId", sid, "File", "/data/dir/été 日本.txt", "Size", "1048576"))
	e7.File, e7.Files = "/data/dir/été 日本.txt", 2
	e8 := ev(8, transfer.SessionDone, kv("Type", "DONE", "SessionId", sid, "TransferBytes", "3145728", "StartByte", "0", "Elapsedusec", "310000"))
	e8.Bytes, e8.Total, e8.Files = 3145728, 3145728, 2
	want := []transfer.Event{e1, e2, e3, e4, e5, e6, e7, e8}

	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("event %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
	if err := s.Result(); err != nil {
		t.Errorf("Result = %v, want nil", err)
	}
	if s.ID() != sid {
		t.Errorf("ID = %q", s.ID())
	}
}

func TestMessageOrderAndAccessors(t *testing.T) {
	msgs := readAll(t, golden)
	m := msgs[1] // SESSION
	var keys []string
	for _, f := range m.Fields {
		keys = append(keys, f.Key)
	}
	if want := []string{"Type", "SessionId", "Host", "Port", "User", "Encryption", "Rate"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	if m.Type() != "SESSION" || m.Get("Host") != "demo.example.com" || m.Get("Nope") != "" {
		t.Errorf("Get: %v", m)
	}
	if n, ok := m.Int("Port"); !ok || n != 33001 {
		t.Errorf("Int(Port) = %d %v", n, ok)
	}
	if _, ok := m.Int("Host"); ok {
		t.Error("Int(Host) ok")
	}
	if _, ok := m.Int("Nope"); ok {
		t.Error("Int(Nope) ok")
	}
	if !m.Bool("Encryption") || m.Bool("Host") || m.Bool("Nope") {
		t.Error("Bool")
	}
	dup := Message{Fields: []Field{{"Type", "X"}, {"A", "1"}, {"A", "2"}}}
	if dup.Get("A") != "2" || dup.Map()["A"] != "2" {
		t.Error("last value of a repeated key should win")
	}
}

func TestErrorEvents(t *testing.T) {
	cases := []struct {
		name      string
		code      string
		desc      string
		retryable bool
	}{
		{"retryable", "16", "Connection lost", true},
		{"not retryable", "19", "Authentication failed", false},
		{"14 target not available", "14", "Target address not available", false},
		{"14 other", "14", "Error establishing UDP connection", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := "FASPMGR 2\nType: INIT\nSessionId: s1\n\n" +
				"FASPMGR 2\nType: STATS\nSessionId: s1\nTransferBytes: 100\nStartByte: 0\nRate: 5000\n\n" +
				"FASPMGR 2\nType: ERROR\nSessionId: s1\nCode: " + c.code + "\nDescription: " + c.desc + "\nTransferBytes: 150\nStartByte: 0\n\n"
			s := NewSession("direct")
			s.Clock = func() time.Time { return t0 }
			evs := applyAll(s, readAll(t, text))
			var types []transfer.EventType
			for _, e := range evs {
				types = append(types, e.Type)
			}
			want := []transfer.EventType{transfer.SessionStart, transfer.Progress, transfer.Progress, transfer.SessionError}
			if !reflect.DeepEqual(types, want) {
				t.Fatalf("types = %v, want %v", types, want)
			}
			if evs[2].Bytes != 150 || evs[2].Raw != nil || evs[3].Raw["Type"] != "ERROR" {
				t.Errorf("final progress = %+v", evs[2])
			}
			e := evs[3]
			if e.Code != atoi(c.code) || e.Message != c.desc || e.Retryable != c.retryable || e.Session != "s1" || e.Agent != "direct" || !e.Time.Equal(t0) {
				t.Errorf("error event = %+v", e)
			}
			err := s.Result()
			var te *transfer.Error
			if !errors.As(err, &te) {
				t.Fatalf("Result = %v, want *transfer.Error", err)
			}
			if te.Agent != "direct" || te.Code != atoi(c.code) || te.Message != c.desc || te.Retryable != c.retryable {
				t.Errorf("Result = %+v", te)
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestFileError(t *testing.T) {
	text := "FASPMGR 2\nType: FILEERROR\nSessionId: s1\nFile: /in/My File ü.bin\nCode: 5\nDescription: Server aborted session: Read access denied for user\n\n"
	s := NewSession("direct")
	evs := applyAll(s, readAll(t, text))
	if len(evs) != 1 {
		t.Fatalf("events = %+v", evs)
	}
	e := evs[0]
	if e.Type != transfer.FileError || e.File != "/in/My File ü.bin" || e.Code != 5 ||
		e.Message != "Server aborted session: Read access denied for user" || e.Session != "s1" {
		t.Errorf("event = %+v", e)
	}
	if e.Time.IsZero() {
		t.Error("default clock not used")
	}
	if err := s.Result(); err == nil || !strings.Contains(err.Error(), "last event: FILEERROR") {
		t.Errorf("Result = %v", err)
	}
}

func TestDoneWithoutPrecalc(t *testing.T) {
	// no NOTIFICATION, the DONE carries more bytes than the last STATS, the session resumed at 10
	text := "FASPMGR 2\nType: INIT\nSessionId: s1\n\n" +
		"FASPMGR 2\nType: STATS\nTransferBytes: 40\nStartByte: 10\n\n" +
		"FASPMGR 2\nType: STOP\nFile: a\n\n" +
		"FASPMGR 2\nType: DONE\nTransferBytes: 90\nStartByte: 10\n\n"
	s := NewSession("direct")
	evs := applyAll(s, readAll(t, text))
	var types []transfer.EventType
	for _, e := range evs {
		types = append(types, e.Type)
	}
	want := []transfer.EventType{transfer.SessionStart, transfer.Progress, transfer.FileDone, transfer.Sizes, transfer.Progress, transfer.SessionDone}
	if !reflect.DeepEqual(types, want) {
		t.Fatalf("types = %v, want %v", types, want)
	}
	if evs[1].Bytes != 50 || evs[1].Session != "s1" {
		t.Errorf("progress = %+v", evs[1])
	}
	if evs[3].Total != 100 || evs[4].Bytes != 100 || evs[4].Total != 100 {
		t.Errorf("sizes/progress = %+v %+v", evs[3], evs[4])
	}
	if d := evs[5]; d.Bytes != 100 || d.Total != 100 || d.Files != 1 {
		t.Errorf("done = %+v", d)
	}
	if err := s.Result(); err != nil {
		t.Errorf("Result = %v", err)
	}
	// a DONE without counters adds nothing but SessionDone
	s2 := NewSession("direct")
	if evs := s2.Apply(Command("DONE")); len(evs) != 1 || evs[0].Type != transfer.SessionDone || evs[0].Bytes != 0 {
		t.Errorf("bare DONE = %+v", evs)
	}
}

func TestInformationalTypes(t *testing.T) {
	s := NewSession("direct")
	for _, typ := range []string{"NOP", "SESSION", "ARGSTOP", "QUERYRSP", "RATE", "VLINK", "SKIP", "WHATEVER"} {
		if evs := s.Apply(Command(typ)); evs != nil {
			t.Errorf("%s: events %+v", typ, evs)
		}
	}
	if evs := s.Apply(Command("NOTIFICATION", "Note", "x")); evs != nil {
		t.Errorf("NOTIFICATION without PreTransferBytes: %+v", evs)
	}
	// the session id comes from the first message that has one when INIT did not
	s.Apply(Command("STATS", "SessionId", "late"))
	if s.ID() != "late" {
		t.Errorf("ID = %q", s.ID())
	}
}

func TestResult(t *testing.T) {
	cases := []struct {
		name string
		msgs []Message
		want string // "" for nil
	}{
		{"done", []Message{Command("INIT"), Command("DONE")}, ""},
		{"error", []Message{Command("INIT"), Command("ERROR", "Code", "28", "Description", "Cancelled by user")}, "direct: error 28: Cancelled by user"},
		{"none", nil, "direct: ascp ended without DONE or ERROR (last event: none)"},
		{"last other", []Message{Command("INIT"), Command("STATS")}, "direct: ascp ended without DONE or ERROR (last event: STATS)"},
		{"done then other", []Message{Command("DONE"), Command("NOP")}, "direct: ascp ended without DONE or ERROR (last event: NOP)"},
		{"error then done", []Message{Command("ERROR", "Code", "16"), Command("DONE")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewSession("direct")
			applyAll(s, c.msgs)
			err := s.Result()
			if c.want == "" {
				if err != nil {
					t.Errorf("Result = %v, want nil", err)
				}
				return
			}
			var te *transfer.Error
			if !errors.As(err, &te) || err.Error() != c.want {
				t.Errorf("Result = %v (%T), want %q", err, err, c.want)
			}
			if te != nil && te.Retryable {
				t.Errorf("Result retryable: %+v", te)
			}
		})
	}
	s := NewSession("direct")
	if _, ok := s.Last(); ok {
		t.Error("Last before any message")
	}
	s.Apply(Command("STATS"))
	if m, ok := s.Last(); !ok || m.Type() != "STATS" {
		t.Error("Last")
	}
}

func TestProtocolErrors(t *testing.T) {
	cases := []struct {
		name string
		text string
		good int // messages read before the error
		line int
		why  string
	}{
		{"cut mid-message", "FASPMGR 2\nType: STATS\nTransferBytes: 10\n", 0, 3, "message cut by the end of the stream"},
		{"cut after a message", golden[:strings.Index(golden, "Type: SESSION")], 1, 8, "message cut by the end of the stream"},
		{"cut in a line", "FASPMGR 2\nType: DO", 0, 2, "message cut by the end of the stream"},
		{"header only", "FASPMGR 2\n", 0, 1, "message cut by the end of the stream"},
		{"data before header", "Type: STATS\nRate: 1\n\n", 0, 1, "data line without header"},
		{"data after a message", "FASPMGR 2\nType: NOP\n\nType: STATS\n\n", 1, 4, "data line without header"},
		{"malformed", "FASPMGR 2\nType: STATS\ngarbage\n\n", 0, 3, "malformed line"},
		{"empty key", "FASPMGR 2\n: value\n\n", 0, 2, "malformed line"},
		{"other version", "FASPMGR 3\nType: STATS\n\n", 0, 1, "malformed line"},
		{"empty line first", "\nFASPMGR 2\nType: NOP\n\n", 0, 1, "empty line without header"},
		{"two empty lines", "FASPMGR 2\nType: NOP\n\n\n", 1, 4, "empty line without header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(c.text))
			for i := 0; i < c.good; i++ {
				if _, err := r.Next(); err != nil {
					t.Fatalf("message %d: %v", i, err)
				}
			}
			_, err := r.Next()
			var pe *ProtocolError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ProtocolError", err, err)
			}
			if pe.Line != c.line || !strings.HasPrefix(pe.Why, c.why) {
				t.Errorf("err = %+v, want line %d %q", pe, c.line, c.why)
			}
			if _, err2 := r.Next(); err2 != err {
				t.Errorf("error not sticky: %v", err2)
			}
		})
	}
	pe := &ProtocolError{Line: 3, Text: "garbage", Why: "malformed line"}
	if pe.Error() != `ascp management port: line 3: malformed line: "garbage"` {
		t.Errorf("Error() = %s", pe.Error())
	}
}

func TestCleanEOF(t *testing.T) {
	for _, text := range []string{"", "FASPMGR 2\nType: NOP\n\n"} {
		r := NewReader(strings.NewReader(text))
		var err error
		for err == nil {
			_, err = r.Next()
		}
		if err != io.EOF {
			t.Errorf("%q: err = %v, want io.EOF", text, err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("%q: second err = %v", text, err)
		}
	}
}

type failing struct {
	data []byte
	err  error
}

func (f *failing) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadErrorPassesThrough(t *testing.T) {
	boom := errors.New("connection reset")
	r := NewReader(&failing{data: []byte("FASPMGR 2\nType: NOP\n\nFASPMGR 2\nType: STA"), err: boom})
	if m, err := r.Next(); err != nil || m.Type() != "NOP" {
		t.Fatalf("first = %v %v", m, err)
	}
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
}

func TestCRLF(t *testing.T) {
	lf := readAll(t, golden)
	crlf := readAll(t, strings.ReplaceAll(golden, "\n", "\r\n"))
	if !reflect.DeepEqual(lf, crlf) {
		t.Errorf("CRLF stream differs:\n%v\n%v", lf, crlf)
	}
	// mixed endings in one message
	msgs := readAll(t, "FASPMGR 2\r\nType: STOP\nFile: a b\r\n\n")
	if len(msgs) != 1 || msgs[0].Get("File") != "a b" {
		t.Errorf("mixed = %v", msgs)
	}
}

func TestValues(t *testing.T) {
	text := "FASPMGR 2\n" +
		"Type: STOP\n" +
		"File: /home/jörg/My Documents/日本語 ファイル.txt\n" +
		"Description: error: details: more\n" +
		"Source:no space\n" +
		"UserStr:\n" +
		"Destination:  two spaces \n" +
		"Tags: {\"aspera\":{\"xfer_id\":\"x\"}}\n" +
		"X-Unknown Key: kept\n\n"
	msgs := readAll(t, text)
	if len(msgs) != 1 {
		t.Fatalf("messages = %v", msgs)
	}
	want := []Field{
		{"Type", "STOP"},
		{"File", "/home/jörg/My Documents/日本語 ファイル.txt"},
		{"Description", "error: details: more"},
		{"Source", "no space"},
		{"UserStr", ""},
		{"Destination", " two spaces "},
		{"Tags", `{"aspera":{"xfer_id":"x"}}`},
		{"X-Unknown Key", "kept"},
	}
	if !reflect.DeepEqual(msgs[0].Fields, want) {
		t.Errorf("fields =\n%q\nwant\n%q", msgs[0].Fields, want)
	}
}

func TestHeaderRestartsMessage(t *testing.T) {
	msgs := readAll(t, "FASPMGR 2\nType: STATS\nRate: 1\nFASPMGR 2\nType: DONE\n\n")
	if len(msgs) != 1 || !reflect.DeepEqual(msgs[0].Fields, []Field{{"Type", "DONE"}}) {
		t.Errorf("messages = %v", msgs)
	}
}

func TestLongLines(t *testing.T) {
	name := "/" + strings.Repeat("déjà vu ", 20000) // 200 kB, more than the bufio buffer
	msgs := readAll(t, "FASPMGR 2\nType: STOP\nFile: "+name+"\r\nSize: 1\n\n")
	if len(msgs) != 1 || msgs[0].Get("File") != name || msgs[0].Get("Size") != "1" {
		t.Fatalf("long line not read back (%d messages)", len(msgs))
	}
	huge := "FASPMGR 2\nType: STOP\nFile: " + strings.Repeat("x", MaxLine+10) + "\n\n"
	_, err := NewReader(strings.NewReader(huge)).Next()
	var pe *ProtocolError
	if !errors.As(err, &pe) || pe.Line != 3 || !strings.Contains(pe.Why, "longer than") || len(pe.Text) != 200 {
		t.Errorf("err = %v", err)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	in := []Message{
		Command("RATE", "Rate", "300000"),
		Command("START", "Source", "/src/My Files/ünï 文件.txt", "Destination", "/dst dir"),
		{Fields: []Field{{"Type", "STATS"}, {"UserStr", ""}, {"Description", " leading space: and colon"}, {"Tags", `{"a":1}`}}},
		Command("DONE"),
	}
	var buf bytes.Buffer
	for _, m := range in {
		if err := Write(&buf, m); err != nil {
			t.Fatal(err)
		}
	}
	if got := in[0].String(); got != "FASPMGR 2\nType: RATE\nRate: 300000\n\n" {
		t.Errorf("wire = %q", got)
	}
	out := readAll(t, buf.String())
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n in  %q\n out %q", in, out)
	}
}

type countingWriter struct {
	calls int
	bytes.Buffer
}

func (w *countingWriter) Write(p []byte) (int, error) { w.calls++; return w.Buffer.Write(p) }

func TestWriteRejects(t *testing.T) {
	bad := []Message{
		{Fields: []Field{{"", "x"}}},
		{Fields: []Field{{"A:B", "x"}}},
		{Fields: []Field{{"A\nB", "x"}}},
		Command("START", "Source", "a\nType: DONE"),
		Command("START", "Source", "a\rb"),
	}
	for _, m := range bad {
		var w countingWriter
		if err := Write(&w, m); err == nil || w.calls != 0 {
			t.Errorf("Write(%q) = %v, %d writes", m.Fields, err, w.calls)
		}
	}
	var w countingWriter
	if err := Write(&w, Command("START", "Source", "a", "Destination", "b")); err != nil || w.calls != 1 {
		t.Errorf("Write: %v, %d writes, want one", err, w.calls)
	}
	defer func() {
		if recover() == nil {
			t.Error("Command with an odd kv did not panic")
		}
	}()
	Command("RATE", "Rate")
}

func TestSnake(t *testing.T) {
	m := Message{Fields: []Field{
		{"Type", "STATS"},
		{"SessionId", "s1"},
		{"PreTransferBytes", "3145728"},
		{"Elapsedusec", "10"},
		{"Bytescont", "1"},
		{"TransferBytes", "-5"},
		{"Rate", "50%"}, // integer field that does not parse: stays a string
		{"Encryption", "Yes"},
		{"Remote", "No"},
		{"Keepalive", "maybe"}, // boolean field, neither Yes nor No
		{"Code", "16"},
		{"TCPPort", "22"},
		{"VLinkLocalCL", "x"},
		{"DSPipelineDepth", "32"},
		{"RTTAutocorrect", "Yes"},
		{"FaspFileID", "f"},
		{"Description", "Yes"}, // not a boolean field
		{"CustomField9", "7"},  // unknown field
	}}
	want := map[string]any{
		"type":               "STATS",
		"session_id":         "s1",
		"pre_transfer_bytes": int64(3145728),
		"elapsed_usec":       int64(10),
		"bytes_cont":         int64(1),
		"transfer_bytes":     int64(-5),
		"rate":               "50%",
		"encryption":         true,
		"remote":             false,
		"keepalive":          "maybe",
		"code":               int64(16),
		"tcp_port":           int64(22),
		"v_link_local_cl":    "x",
		"ds_pipeline_depth":  int64(32),
		"rtt_autocorrect":    true,
		"fasp_file_id":       "f",
		"description":        "Yes",
		"custom_field9":      "7",
	}
	if got := m.Snake(); !reflect.DeepEqual(got, want) {
		t.Errorf("Snake =\n%v\nwant\n%v", got, want)
	}
	names := map[string]string{
		"PreTransferBytes": "pre_transfer_bytes", "BWMeasurement": "bw_measurement", "PMTU": "pmtu",
		"VlinkID": "vlink_id", "VLRemoteCL": "vl_remote_cl", "XferId": "xfer_id", "LocalIP": "local_ip",
		"ABCdEFg": "ab_cd_e_fg", "Type": "type", "a1B": "a1_b",
	}
	for in, out := range names {
		if got := SnakeName(in); got != out {
			t.Errorf("SnakeName(%s) = %s, want %s", in, got, out)
		}
	}
}

func TestReaderAllocations(t *testing.T) {
	msg := "FASPMGR 2\nType: STATS\nSessionId: " + sid + "\nRate: 100000000\nTransferBytes: 1048576\nStartByte: 0\nElapsedusec: 100000\nLoss: 0\n\n"
	data := []byte(strings.Repeat(msg, 200))
	r := NewReader(bytes.NewReader(data))
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("Next allocates %.1f times per message, want <= 2", allocs)
	}
}
