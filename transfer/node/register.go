package node

import (
	"fmt"
	"strings"
	"time"

	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

func init() { transfer.Register("node", factory) }

// factory makes the node agent from its settings: "url", "username", "password" (a password
// "Bearer ..." is a node bearer token for the access key username), and optionally
// "rest_settings" (*rest.Settings, the run's HTTP options) and "poll" (seconds between two
// looks at the job, default 1).
func factory(settings map[string]any) (transfer.Agent, error) {
	str := func(k string) string { s, _ := settings[k].(string); return s }
	url := str("url")
	if url == "" {
		return nil, fmt.Errorf("the node agent needs the node's url, username and password (--transfer-info=@json:{\"url\":...} or a node preset)")
	}
	s, _ := settings["rest_settings"].(*rest.Settings)
	var auth rest.Auth = rest.Basic{Username: str("username"), Password: str("password")}
	if p := str("password"); strings.HasPrefix(p, "Bearer ") {
		auth = rest.NodeBearer{Token: p, AccessKey: str("username")}
	}
	api, err := rest.New(url, auth, s)
	if err != nil {
		return nil, fmt.Errorf("node agent: %w", err)
	}
	a := &Agent{Client: nodeapi.New(api)}
	switch p := settings["poll"].(type) {
	case float64:
		a.Poll = time.Duration(p * float64(time.Second))
	case int64:
		a.Poll = time.Duration(p) * time.Second
	}
	return a, nil
}
