package node

import (
	"errors"
	"fmt"
	"time"

	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

func init() {
	transfer.Register(transfer.Info{
		Name:    "node",
		Help:    "asks a node (HSTS, ATS) to run the transfer, then follows it",
		Options: transfer.OptionsOf[Settings](),
		Inputs:  []transfer.Input{transfer.InputHTTP, transfer.InputNode},
		New:     transfer.Typed(New),
	})
}

// Settings are the node agent's settings: the node (by default the command's node, else the
// default node preset: transfer.InputNode) and how often it is polled.
type Settings struct {
	URL       string `setting:"url" help:"URL of the node that runs the transfer"`
	Username  string `setting:"username" help:"node user or access key id"`
	Password  string `setting:"password" help:"its password or secret (\"Bearer ...\": a node bearer token)"`
	Token     string `setting:"token" help:"a node bearer token (instead of a password)"`
	AccessKey string `setting:"access_key" help:"the access key of the token (default: username, else the token's scope)"`
	// Poll is the time between two looks at the job (default 1 s).
	Poll time.Duration `setting:"poll" help:"seconds between two looks at the job (default 1)"`
	// HTTP are the run's HTTP settings (transfer.InputHTTP).
	HTTP *rest.Settings `setting:"rest_settings,internal"`
}

// New makes the node agent from its settings.
func New(s Settings) (transfer.Agent, error) {
	c, err := nodeapi.NewFromOptions(nodeapi.Options{URL: s.URL, Username: s.Username, Password: s.Password, Token: s.Token, AccessKey: s.AccessKey}, s.HTTP)
	if errors.Is(err, nodeapi.ErrNoURL) {
		return nil, errors.New("the node agent needs the node's url, username and password (--transfer-info=@json:{\"url\":...} or a node preset)")
	}
	if err != nil {
		return nil, fmt.Errorf("node agent: %w", err)
	}
	return &Agent{Client: c, Poll: s.Poll}, nil
}
