package ascp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/transfer"
)

// Header is the first line of every management message.
const Header = "FASPMGR 2"

// MaxLine is the longest line the Reader accepts, in bytes without the line end (file names
// and descriptions are far shorter).
const MaxLine = 1 << 20

var tooLong = "line longer than " + strconv.Itoa(MaxLine) + " bytes"

// Field is one "Key: Value" line of a message.
type Field struct{ Key, Value string }

// Message is one management message: its fields in arrival order (Type first).
type Message struct{ Fields []Field }

// Lookup returns the value of a field and whether the message has it. When a key comes more
// than once, the last value wins.
func (m Message) Lookup(key string) (string, bool) {
	for i := len(m.Fields) - 1; i >= 0; i-- {
		if m.Fields[i].Key == key {
			return m.Fields[i].Value, true
		}
	}
	return "", false
}

// Get returns the value of a field, "" when absent.
func (m Message) Get(key string) string {
	v, _ := m.Lookup(key)
	return v
}

// Type returns the Type field (INIT, STATS, DONE...).
func (m Message) Type() string { return m.Get("Type") }

// Int returns a field as a decimal integer; ok is false when the field is absent or not an
// integer.
func (m Message) Int(key string) (int64, bool) {
	v, ok := m.Lookup(key)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

// Bool reports whether a field is "Yes" (ascp's true).
func (m Message) Bool(key string) bool { return m.Get(key) == "Yes" }

// Map returns the fields as a map (the last value of a repeated key wins).
func (m Message) Map() map[string]string {
	out := make(map[string]string, len(m.Fields))
	for _, f := range m.Fields {
		out[f.Key] = f.Value
	}
	return out
}

// Snake returns the fields with snake_case keys (SessionId -> session_id, Elapsedusec ->
// elapsed_usec, Bytescont -> bytes_cont), integer fields as int64 and boolean fields as bool
// ("Yes" true, "No" false). Only known fields are typed; a value that does not parse stays a
// string, and so does every other field.
func (m Message) Snake() map[string]any {
	out := make(map[string]any, len(m.Fields))
	kinds := tables().kinds
	for _, f := range m.Fields {
		var v any = f.Value
		switch kinds[f.Key] {
		case kindInt:
			if n, err := strconv.ParseInt(f.Value, 10, 64); err == nil {
				v = n
			}
		case kindBool:
			switch f.Value {
			case "Yes":
				v = true
			case "No":
				v = false
			}
		}
		out[SnakeName(f.Key)] = v
	}
	return out
}

// String returns the message as written on the wire.
func (m Message) String() string {
	var b bytes.Buffer
	_ = Write(&b, m)
	return b.String()
}

// Command makes a message to send to ascp: Type typ, then the key/value pairs of kv, in order.
// Command("RATE", "Rate", "300000"). It panics when kv has an odd length.
func Command(typ string, kv ...string) Message {
	if len(kv)%2 != 0 {
		panic("ascp.Command: odd number of key/value arguments")
	}
	fields := make([]Field, 0, 1+len(kv)/2)
	fields = append(fields, Field{"Type", typ})
	for i := 0; i < len(kv); i += 2 {
		fields = append(fields, Field{kv[i], kv[i+1]})
	}
	return Message{Fields: fields}
}

// Write writes m in the management framing: the header, one "Key: Value" line per field, and
// an empty line, in a single Write call. A key that is empty or holds ':' or a line break, or
// a value that holds a line break, would break the framing: Write returns an error and writes
// nothing.
func Write(w io.Writer, m Message) error {
	n := len(Header) + 2
	for _, f := range m.Fields {
		if f.Key == "" || strings.ContainsAny(f.Key, ":\r\n") {
			return fmt.Errorf("ascp management: invalid field name %q", f.Key)
		}
		if strings.ContainsAny(f.Value, "\r\n") {
			return fmt.Errorf("ascp management: line break in the value of %s", f.Key)
		}
		n += len(f.Key) + len(f.Value) + 3
	}
	buf := make([]byte, 0, n)
	buf = append(buf, Header...)
	buf = append(buf, '\n')
	for _, f := range m.Fields {
		buf = append(buf, f.Key...)
		buf = append(buf, ": "...)
		buf = append(buf, f.Value...)
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	_, err := w.Write(buf)
	return err
}

// ProtocolError is a stream that does not follow the management framing.
type ProtocolError struct {
	Line int    // 1-based number of the offending line (the last line read for a cut stream)
	Text string // the offending line ("" for a cut stream), at most 200 bytes of it
	Why  string
}

func (e *ProtocolError) Error() string {
	if e.Text == "" {
		return fmt.Sprintf("ascp management port: line %d: %s", e.Line, e.Why)
	}
	return fmt.Sprintf("ascp management port: line %d: %s: %q", e.Line, e.Why, e.Text)
}

// Reader reads messages from ascp. It is not safe for concurrent use.
type Reader struct {
	br    *bufio.Reader
	line  int
	err   error    // sticky: returned by every Next after the first error
	long  []byte   // a line longer than the bufio buffer, assembled
	vals  []byte   // values of the message being read, back to back
	spans []span   // its fields: key and the value's place in vals
	prev  []string // keys of the previous messages by place (see key)
}

type span struct {
	key        string
	start, end int
}

// NewReader returns a Reader of the management stream r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next message. It returns io.EOF when the stream ends between messages,
// a *ProtocolError when the stream breaks the framing (a data line without header, a line
// that is neither header, field nor empty, or a message cut by the end of the stream), and
// the read error of the underlying reader otherwise. Errors are final: every later call
// returns the same error.
//
// A header inside a message starts a new message (the unfinished one is dropped, as the
// aspera-cli does); "Key:value" and "Key:" are accepted besides "Key: value" (one space after
// the colon is removed, no more); lines may end with "\n" or "\r\n"; bytes are not checked
// for UTF-8.
func (r *Reader) Next() (Message, error) {
	if r.err != nil {
		return Message{}, r.err
	}
	m, err := r.next()
	if err != nil {
		r.err = err
	}
	return m, err
}

func (r *Reader) next() (Message, error) {
	inMsg := false
	r.vals = r.vals[:0]
	r.spans = r.spans[:0]
	for {
		line, err := r.readLine()
		if err != nil {
			if err == io.EOF && inMsg {
				return Message{}, &ProtocolError{Line: r.line, Why: "message cut by the end of the stream"}
			}
			return Message{}, err
		}
		switch {
		case len(line) == 0:
			if !inMsg {
				return Message{}, r.protoErr(line, "empty line without header")
			}
			return r.build(), nil
		case string(line) == Header:
			inMsg = true
			r.vals = r.vals[:0]
			r.spans = r.spans[:0]
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return Message{}, r.protoErr(line, "malformed line (neither "+Header+", Key: Value nor empty)")
		}
		if !inMsg {
			return Message{}, r.protoErr(line, "data line without header")
		}
		value := line[colon+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
		start := len(r.vals)
		r.vals = append(r.vals, value...)
		r.spans = append(r.spans, span{key: r.key(line[:colon]), start: start, end: len(r.vals)})
	}
}

// key returns the field name of b without allocating when it is known or when the previous
// message had it at the same place (ascp writes the fields of a type in a fixed order).
func (r *Reader) key(b []byte) string {
	i := len(r.spans)
	if i < len(r.prev) && r.prev[i] == string(b) {
		return r.prev[i]
	}
	k := internKey(b)
	if i < len(r.prev) {
		r.prev[i] = k
	} else if i < 64 {
		r.prev = append(r.prev, k)
	}
	return k
}

// build makes the message read so far: one string for all values, one slice for the fields.
func (r *Reader) build() Message {
	all := string(r.vals)
	fields := make([]Field, len(r.spans))
	for i, s := range r.spans {
		fields[i] = Field{Key: s.key, Value: all[s.start:s.end]}
	}
	return Message{Fields: fields}
}

func (r *Reader) protoErr(line []byte, why string) error {
	if len(line) > 200 {
		line = line[:200]
	}
	return &ProtocolError{Line: r.line, Text: string(line), Why: why}
}

// readLine returns the next line without its end ("\n" or "\r\n"). The returned slice is valid
// until the next call. A last line without "\n" is returned as a line; io.EOF comes after.
func (r *Reader) readLine() ([]byte, error) {
	if cap(r.long) > 256<<10 {
		r.long = nil // do not keep a huge buffer for one long line
	}
	r.long = r.long[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			r.long = append(r.long, chunk...)
			if len(r.long) > MaxLine+2 { // room for "\r\n"
				r.line++
				return nil, r.protoErr(r.long, tooLong)
			}
			continue
		default:
			if len(chunk) == 0 && len(r.long) == 0 {
				return nil, err
			}
			if err != io.EOF {
				return nil, err
			}
			// last line without "\n": hand it out now, io.EOF on the next call
		}
		line := chunk
		if len(r.long) > 0 {
			r.long = append(r.long, chunk...)
			line = r.long
		}
		r.line++
		line = bytes.TrimSuffix(line, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > MaxLine {
			return nil, r.protoErr(line, tooLong)
		}
		return line, nil
	}
}

// Session folds the messages of one ascp session into transfer events and its result. It is
// not safe for concurrent use (one reader goroutine applies the messages of its session).
type Session struct {
	// Clock gives the time of the events; time.Now when nil (tests set it).
	Clock func() time.Time

	agent     string
	id        string
	last      Message // last message applied, zero before the first
	applied   int
	total     int64 // bytes expected (NOTIFICATION PreTransferBytes), 0 when unknown
	sizesSent bool
	bytes     int64 // last bytes reported by a Progress, -1 before the first
	files     int64 // files done (STOP)
}

// NewSession returns the fold of one ascp session; agent names the agent in events and errors
// (usually "direct").
func NewSession(agent string) *Session {
	return &Session{agent: agent, bytes: -1}
}

// ID returns the session id (SessionId of INIT, or of the first message that carried one).
func (s *Session) ID() string { return s.id }

// Last returns the last message applied, and false before the first.
func (s *Session) Last() (Message, bool) { return s.last, s.applied > 0 }

func (s *Session) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

// Apply folds one message and returns the events it produces (nil for the informational
// types: SESSION, ARGSTOP, NOP...). Counters are those of this session:
//
//   - INIT: SessionStart (Session = SessionId).
//   - NOTIFICATION with PreTransferBytes: Sizes (Total; Files from PreTransferFiles).
//   - STATS: Progress (Bytes = TransferBytes + StartByte; RateKbps = Rate / 1000, Rate being
//     in bits per second; Total when known; Files done so far).
//   - STOP: FileDone (File; Files done so far).
//   - FILEERROR: FileError (File; Message = Description; Code when given).
//   - ERROR: a last Progress when it carries TransferBytes that differ from the last Progress,
//     then SessionError (Code, Message = Description, Retryable(Code, Description)).
//   - DONE: Sizes when no NOTIFICATION gave the total (Total = the bytes moved), a last
//     Progress as for ERROR, then SessionDone (Bytes, Files, Total).
//
// Every event has Agent, Session and Time (Clock); every event but Progress also has Raw: the
// message's fields, one map shared by the events of the message (do not modify it). Progress
// events, by far the most frequent, carry their typed fields only.
func (s *Session) Apply(m Message) []transfer.Event {
	s.last = m
	s.applied++
	typ := m.Type()
	if id, ok := m.Lookup("SessionId"); ok && id != "" && (typ == "INIT" || s.id == "") {
		s.id = id
	}
	var raw map[string]string
	mk := func(t transfer.EventType) transfer.Event {
		e := transfer.Event{Type: t, Time: s.now(), Agent: s.agent, Session: s.id}
		if t != transfer.Progress { // progress, by far the most frequent, carries typed fields only
			if raw == nil {
				raw = m.Map()
			}
			e.Raw = raw
		}
		return e
	}
	switch typ {
	case "INIT":
		s.total, s.sizesSent, s.bytes, s.files = 0, false, -1, 0
		return []transfer.Event{mk(transfer.SessionStart)}
	case "NOTIFICATION":
		total, ok := m.Int("PreTransferBytes")
		if !ok {
			return nil
		}
		s.total, s.sizesSent = total, true
		e := mk(transfer.Sizes)
		e.Total = total
		e.Files, _ = m.Int("PreTransferFiles")
		return []transfer.Event{e}
	case "STATS":
		s.bytes = sessionBytes(m)
		e := mk(transfer.Progress)
		e.Bytes, e.Total, e.Files = s.bytes, s.total, s.files
		if rate, ok := m.Int("Rate"); ok {
			e.RateKbps = rate / 1000
		}
		return []transfer.Event{e}
	case "STOP":
		s.files++
		e := mk(transfer.FileDone)
		e.File, e.Files = m.Get("File"), s.files
		return []transfer.Event{e}
	case "FILEERROR":
		e := mk(transfer.FileError)
		e.File, e.Message = m.Get("File"), m.Get("Description")
		if c, ok := m.Int("Code"); ok {
			e.Code = int(c)
		}
		return []transfer.Event{e}
	case "ERROR":
		out := make([]transfer.Event, 0, 2)
		out = s.finalProgress(m, out, mk)
		e := mk(transfer.SessionError)
		c, _ := m.Int("Code")
		e.Code, e.Message = int(c), m.Get("Description")
		e.Retryable = Retryable(e.Code, e.Message)
		return append(out, e)
	case "DONE":
		out := make([]transfer.Event, 0, 3)
		if _, has := m.Lookup("TransferBytes"); has && !s.sizesSent {
			if b := sessionBytes(m); b > 0 {
				s.total, s.sizesSent = b, true
				e := mk(transfer.Sizes)
				e.Total, e.Files = b, s.files
				out = append(out, e)
			}
		}
		out = s.finalProgress(m, out, mk)
		e := mk(transfer.SessionDone)
		e.Bytes, e.Total, e.Files = max(s.bytes, 0), s.total, s.files
		return append(out, e)
	}
	return nil
}

// finalProgress appends a Progress when an ending message carries counters that differ from
// the last Progress.
func (s *Session) finalProgress(m Message, out []transfer.Event, mk func(transfer.EventType) transfer.Event) []transfer.Event {
	if _, has := m.Lookup("TransferBytes"); !has {
		return out
	}
	b := sessionBytes(m)
	if b == s.bytes {
		return out
	}
	s.bytes = b
	e := mk(transfer.Progress)
	e.Bytes, e.Total, e.Files = b, s.total, s.files
	return append(out, e)
}

// sessionBytes is what a session moved: TransferBytes + StartByte.
func sessionBytes(m Message) int64 {
	t, _ := m.Int("TransferBytes")
	st, _ := m.Int("StartByte")
	return t + st
}

// Result returns the outcome of the session from its last message: nil after DONE, a
// *transfer.Error after ERROR (Code, Message = Description, Retryable), and a *transfer.Error
// "ascp ended without DONE or ERROR (last event: TYPE|none)" otherwise.
func (s *Session) Result() error {
	if s.applied == 0 {
		return &transfer.Error{Agent: s.agent, Message: "ascp ended without DONE or ERROR (last event: none)"}
	}
	switch t := s.last.Type(); t {
	case "DONE":
		return nil
	case "ERROR":
		c, _ := s.last.Int("Code")
		desc := s.last.Get("Description")
		return &transfer.Error{Agent: s.agent, Code: int(c), Message: desc, Retryable: Retryable(int(c), desc)}
	default:
		if t == "" {
			t = "untyped"
		}
		return &transfer.Error{Agent: s.agent, Message: "ascp ended without DONE or ERROR (last event: " + t + ")"}
	}
}

// parameters are the field names of the management protocol (aspera-cli management.rb
// PARAMETERS); the Reader uses them to share key strings between messages.
const parameters = `Type File Size Written Bytescont Rate Loss Query Code Password Progress
Remaining Elapsed RexInfo BlockInfo DiskInfo RateInfo MinRate Description Elapsedusec ServiceLevel SessionId
User Host Encryption Adaptive Direction Remote Port UserStr CommandId StartByte EndByte Token Cookie
QueryResponse Source Destination BWMeasurement BWInfo PMTU TransferBytes FileBytes Operation Delay
PreTransferFiles PreTransferDirs PreTransferSpecial PreTransferFailed PartialPreTransferBytes
PreTransferBytes Priority Transport VlinkID VlinkOn VlinkCapIn VlinkCapOut ManifestFile ArgScansAttempted
ArgScansCompleted PathScansAttempted PathScansFailed PathScansIrregular PathScansExcluded DirScansCompleted
FileScansCompleted DirCreatesAttempted DirCreatesFailed DirCreatesPassed TransfersAttempted TransfersFailed
TransfersPassed TransfersSkipped FallbackProtocol RetryTimeout PreTransferExcluded XferId XferRetry Tags
FaspFileArgIndex ArgTransfersStatus ArgTransfersAttempted ArgTransfersFailed ArgTransfersPassed
ArgTransfersSkipped FaspFileID RateCap MinRateCap PolicyCap PriorityCap RateLock MinRateLock PolicyLock
FileChecksum ServerHostname ServerNodeId ClientNodeId ServerClusterId ClientClusterId FileChecksumType
ServerDocroot ClientDocroot NodeUser ClientUser SourcePrefix RemoteAddress TCPPort Cipher ResumePolicy
CreatePolicy ManifestPolicy Precalc OverwritePolicy RTTAutocorrect TimePolicy ManifestPath
ManifestInprogress PartialFiles FilesEncrypt FilesDecrypt DatagramSize PrepostCommand XoptFlags
VLinkVersion PeerVLinkVersion VLinkLocalEnabled VLinkLocalId VLinkLocalCL VLinkRemoteEnabled VLinkRemoteId
VLRemoteCL DSPipelineDepth PeerDSPipelineDepth LocalIP SourceBase ReadBlockSize WriteBlockSize
ClusterNumNodes ClusterNodeId MoveRange MoveRangeLow MoveRangeHigh Keepalive TestLogin UseProxy ProxyIP
RateControlAlgorithm ClientMacAddress Offset ChunkSize PostTransferValidation OverwritePolicyCap
ExtraCreatePolicy`

// intFields are typed int64 by Snake: aspera-cli's INTEGER_FIELDS, plus the counters that are
// plainly integers (Code, EndByte, PreTransfer*, scan and transfer counts).
const intFields = `Bytescont FaspFileArgIndex StartByte Rate MinRate Port Priority RateCap
MinRateCap TCPPort CreatePolicy TimePolicy DatagramSize XoptFlags VLinkVersion PeerVLinkVersion
DSPipelineDepth PeerDSPipelineDepth ReadBlockSize WriteBlockSize ClusterNumNodes ClusterNodeId Size Written
Loss FileBytes PreTransferBytes TransferBytes PMTU Elapsedusec ArgScansAttempted ArgScansCompleted
PathScansAttempted FileScansCompleted TransfersAttempted TransfersPassed Delay
Code EndByte PreTransferFiles PreTransferDirs PreTransferSpecial PreTransferFailed PreTransferExcluded
PartialPreTransferBytes PathScansFailed PathScansIrregular PathScansExcluded DirScansCompleted
DirCreatesAttempted DirCreatesFailed DirCreatesPassed TransfersFailed TransfersSkipped
ArgTransfersAttempted ArgTransfersFailed ArgTransfersPassed ArgTransfersSkipped`

// boolFields are typed bool by Snake (aspera-cli's BOOLEAN_FIELDS).
const boolFields = `Encryption Remote RateLock MinRateLock PolicyLock FilesEncrypt FilesDecrypt
VLinkLocalEnabled VLinkRemoteEnabled MoveRange Keepalive TestLogin UseProxy Precalc RTTAutocorrect`

const (
	kindString = iota
	kindInt
	kindBool
)

// fieldTables are the tables of the known fields, built on first use (not at start-up).
type fieldTables struct {
	keys  map[string]string // interned field names
	kinds map[string]int    // typing of Snake
	snake map[string]string // SnakeName of the known fields
}

var tables = sync.OnceValue(func() fieldTables {
	t := fieldTables{keys: map[string]string{}, kinds: map[string]int{}, snake: map[string]string{}}
	for _, k := range strings.Fields(parameters) {
		t.keys[k] = k
		t.snake[k] = snake(k)
	}
	for _, k := range strings.Fields(intFields) {
		t.kinds[k] = kindInt
	}
	for _, k := range strings.Fields(boolFields) {
		t.kinds[k] = kindBool
	}
	return t
})

// internKey returns the field name of b, shared with earlier messages for the known names.
func internKey(b []byte) string {
	if k, ok := tables().keys[string(b)]; ok {
		return k
	}
	return string(b)
}

// SnakeName returns the snake_case name of a field: Elapsedusec -> elapsed_usec, Bytescont ->
// bytes_cont, others as aspera-cli's capital_to_snake (SessionId -> session_id, TCPPort ->
// tcp_port, PreTransferBytes -> pre_transfer_bytes).
func SnakeName(key string) string {
	if s, ok := tables().snake[key]; ok {
		return s
	}
	return snake(key)
}

func snake(key string) string {
	switch key {
	case "Elapsedusec":
		return "elapsed_usec"
	case "Bytescont":
		return "bytes_cont"
	}
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	// pass 1: /([a-z\d])([A-Z])/ -> '\1_\2'
	var p1 []byte
	for i := 0; i < len(key); i++ {
		c := key[i]
		p1 = append(p1, c)
		if (isLower(c) || isDigit(c)) && i+1 < len(key) && isUpper(key[i+1]) {
			p1 = append(p1, '_', key[i+1])
			i++
		}
	}
	// pass 2: /([A-Z]+)([A-Z][a-z])/ -> '\1_\2': a run of capitals followed by a lower-case
	// letter splits before its last capital.
	out := make([]byte, 0, len(p1)+4)
	for i := 0; i < len(p1); {
		if !isUpper(p1[i]) {
			out = append(out, p1[i])
			i++
			continue
		}
		j := i
		for j < len(p1) && isUpper(p1[j]) {
			j++
		}
		if j-i >= 2 && j < len(p1) && isLower(p1[j]) {
			out = append(out, p1[i:j-1]...)
			out = append(out, '_', p1[j-1], p1[j])
			i = j + 1
			continue
		}
		out = append(out, p1[i:j]...)
		i = j
	}
	for i, c := range out {
		if isUpper(c) {
			out[i] = c + ('a' - 'A')
		}
	}
	return string(out)
}
