package httpgw

import "github.com/asperalm/aslmcli/transfer"

// The gateway runs the transfer at its own rate: neither job is a transfer.RateSetter (the
// conformance suite checks what transfer.SetRate says).
var (
	_ transfer.Job = (*upload)(nil)
	_ transfer.Job = (*download)(nil)
)
