package httpgw

import (
	"context"
	"errors"

	"github.com/asperalm/aslmcli/transfer"
)

// job is what uploads and downloads share: transfer.JobBase, and the cancellation of the
// transfer's context (the WebSocket, the download request).
type job struct {
	transfer.JobBase
	cancel context.CancelFunc
}

func newJob(o transfer.Options, cancel context.CancelFunc) *job {
	j := &job{cancel: cancel}
	j.Init(agentName, o, func() error { cancel(); return nil })
	j.SetSession(newSessionID())
	return j
}

// finish records the outcome: an error that is not the gateway's own (*transfer.Error) is
// told as one.
func (j *job) finish(bytes, files int64, err error) {
	status := transfer.Succeeded
	if err != nil {
		status = transfer.Failed
		var te *transfer.Error
		if !errors.As(err, &te) {
			err = &transfer.Error{Agent: agentName, Message: err.Error()}
		}
	}
	j.Finish(status, transfer.Result{Bytes: bytes, Files: files}, err)
	j.cancel()
}
