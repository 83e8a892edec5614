package connect

import "github.com/asperalm/aslmcli/transfer"

var (
	_ transfer.Job        = (*job)(nil)
	_ transfer.RateSetter = (*job)(nil)
)
