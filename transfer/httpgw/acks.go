package httpgw

import (
	"errors"
	"fmt"
	"time"

	"github.com/coder/websocket"

	"github.com/asperalm/aslmcli/transfer"
)

// wait returns once ok holds (called with u.mu held), or the reason it never will: the
// gateway failed, the job was canceled, or no ack came for ackWait.
func (u *upload) wait(ok func() bool) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		u.mu.Lock()
		good, err := ok(), u.readErr
		u.mu.Unlock()
		switch {
		case err != nil:
			return err
		case good:
			return nil
		}
		if timer == nil {
			timer = time.NewTimer(u.ackWait)
		}
		select {
		case <-u.signal:
			timer.Reset(u.ackWait)
		case <-timer.C:
			return &transfer.Error{Agent: agentName, Retryable: true, Message: fmt.Sprintf("no acknowledgement from the gateway for %s: "+
				"this may signal a permission problem on the destination (see the gateway's ascp logs)", u.ackWait)}
		case <-u.ctx.Done():
			return u.ctx.Err()
		case <-u.rdone:
			u.mu.Lock()
			good, err := ok(), u.readErr
			u.mu.Unlock()
			switch {
			case err != nil:
				return err
			case good:
				return nil
			}
			return errors.New("the gateway closed the connection")
		}
	}
}

// read handles the gateway's messages: acks (progress, files done) and errors.
func (u *upload) read() {
	defer close(u.rdone)
	for {
		typ, data, err := u.conn.Read(u.ctx)
		if err != nil {
			u.mu.Lock()
			if u.readErr == nil && !u.closing && u.ctx.Err() == nil {
				u.readErr = connError(err)
			}
			u.mu.Unlock()
			return
		}
		var events []transfer.Event
		msg := string(data)
		u.mu.Lock()
		switch {
		case typ == websocket.MessageText && msg == msgAck && len(u.pend) > 0:
			p := u.pend[0]
			u.pend = u.pend[1:]
			u.bytes += p.bytes
			if p.bytes > 0 {
				events = append(events, transfer.Event{Type: transfer.Progress, Bytes: u.bytes, Total: u.total, Files: u.filesDone})
			}
			events = u.fileDone(events, p.done)
		case typ == websocket.MessageText && msg == msgAck:
			u.log.Debug("httpgw: surplus acknowledgement ignored (the SDK says gateways send duplicates)")
		case typ == websocket.MessageText && msg == msgSliceAck:
			u.log.Debug("httpgw: end_slice_upload ignored")
		case isErrorFrame(typ, data):
			u.readErr = &transfer.Error{Agent: agentName, Message: serverMessage(typ, data)}
		default:
			u.log.Debug("httpgw: unknown message from the gateway ignored", "type", typ.String(), "bytes", len(data))
		}
		failed := u.readErr != nil
		u.mu.Unlock()
		for _, e := range events {
			u.Emit(e)
		}
		select {
		case u.signal <- struct{}{}:
		default:
		}
		if failed {
			return
		}
	}
}

// fileDone adds the FileDone events of the files an ack completes (u.mu held).
func (u *upload) fileDone(events []transfer.Event, done []int) []transfer.Event {
	for _, f := range done {
		u.filesDone++
		events = append(events, transfer.Event{Type: transfer.FileDone, File: u.files[f].name, Bytes: u.bytes, Total: u.total, Files: u.filesDone})
	}
	return events
}

// connError describes the end of a connection the client did not ask for.
func connError(err error) error {
	if ce := (websocket.CloseError{}); errors.As(err, &ce) {
		msg := fmt.Sprintf("the gateway closed the connection before the end of the upload (status %d", int(ce.Code))
		if ce.Reason != "" {
			msg += ": " + ce.Reason
		}
		return &transfer.Error{Agent: agentName, Message: msg + ")"}
	}
	return &transfer.Error{Agent: agentName, Message: "connection to the gateway lost: " + err.Error(), Retryable: true}
}
