package node

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"

	"github.com/asperalm/aslmcli/products/rest"
)

// Gen4Spec builds the transfer spec of a transfer to or from the folder fileID under the
// client's access key (the gen4 way: the client builds it, no *_setup call): direction "send"
// (upload) or "receive" (download), the token made of the client's credentials (Basic
// base64(id:secret), or the Bearer token), tags.aspera.node {access_key, file_id}, the standard
// ports 33001, remote_host the node's host and remote_user its transfer user (/info); an
// upload's destination_root is "/", the folder itself, as AoC's are.
func (n *Client) Gen4Spec(ctx context.Context, direction, fileID string) (Object, error) {
	var token, ak string
	switch a := n.API.Auth.(type) {
	case rest.Basic:
		token = "Basic " + base64.StdEncoding.EncodeToString([]byte(a.Username+":"+a.Password))
		ak = a.Username
	case rest.NodeBearer:
		token, ak = a.Token, a.AccessKey
		if len(token) < 7 || token[:7] != "Bearer " {
			token = "Bearer " + token
		}
	default:
		return nil, fmt.Errorf("gen4 transfers need access key credentials (Basic or a node bearer token)")
	}
	user := "xfer"
	if info, err := n.Info(ctx); err == nil {
		if u, ok := info["transfer_user"].(string); ok && u != "" {
			user = u
		}
	} else {
		return nil, err
	}
	host := n.API.BaseURL.Hostname()
	if h, _, err := net.SplitHostPort(n.API.BaseURL.Host); err == nil {
		host = h
	}
	s := Object{
		"direction": direction, "token": token, "remote_host": host, "remote_user": user,
		"ssh_port": 33001, "fasp_port": 33001,
		"tags": Object{"aspera": Object{"node": Object{"access_key": ak, "file_id": fileID}}},
	}
	if direction == "send" {
		s["destination_root"] = "/" // the folder fileID itself (a --to-folder path would be read below it)
	}
	return s, nil
}
