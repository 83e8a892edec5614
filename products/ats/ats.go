// Package ats is the client of the IBM Aspera Transfer Service (ATS, https://ats.aspera.io):
// the transfer clusters of each cloud (public, no authentication), the access keys that give
// a cloud storage (S3, IBM COS and Swift, Azure blob, Google) to a cluster's Node API, the
// subscription, and the ATS API keys. It speaks through products/rest and products/oauth and
// knows no Lua.
//
// ATS is how users scale transfers beyond one machine: an access key created here makes the
// storage reachable through the cluster's Node API (Node), where the node client and the
// "node" transfer agent work with the key's id and secret; the cluster runs the transfers.
//
// Authentication:
//   - /pub/v1 (access keys, subscription, clusters provisioned, API keys): HTTP Basic with an
//     ATS API key (ats_id and secret): Options.ATSKey/ATSSecret, else the repository of the
//     keys created here (Options.Repository, HOME/ats_api_keys.json), by Options.ATSID or the
//     only one in it (the original manual's rule).
//   - /v2 (instances, API keys of an IBM Cloud instance): an IBM Cloud IAM token from
//     Options.IBMAPIKey (the IAM grant of products/oauth, at Options.IAMURL), with the header
//     X-ATS-Service-Instance-Id (Options.Instance, else the first instance).
//   - The clusters (pub/v1/servers/CLOUD[/REGION]) and the request of an API key through
//     Aspera ID are public.
//
// Decisions where the issue was silent:
//   - API keys are created two ways, each stored in the repository (0600) with its
//     subscription's and organization's names, so that the next commands need no credentials
//     (the manual's "ats_id ... stored in a cache file"): in IBM Cloud with an IBM API key
//     (CreateAPIKey, ascli's way), or by the original manual's Aspera ID sign-in in a browser
//     (CreateAPIKeyAsperaID, received on a local redirect by oauth.AwaitRedirect). No command
//     opens a browser by surprise: with no credentials and no key stored, the error says how
//     to get one.
//   - APIKeys, APIKey and DeleteAPIKey use /v2 when an IBM API key is given, else /pub/v1 with
//     the ATS API key.
//   - CreateAccessKey finds transfer_server_id from the cloud and region when the parameters
//     lack it, and fills the storage's authentication endpoint from the cluster (Swift:
//     credentials.authentication_endpoint, IBM COS: endpoint) when it is missing.
//   - The secret used to reach a key's node (Node, AccessKeyServers) is the one given, else
//     the one ATS returns with the key.
//   - Access keys are listed lazily (offset/max_results, 1000 a page); the clusters, a few per
//     cloud, are read one cloud at a time, once per client, and returned whole.
package ats

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// DefaultURL is the ATS service.
const DefaultURL = "https://ats.aspera.io"

// Object is a decoded JSON object.
type Object = map[string]any

// Errors a caller tells apart.
var (
	// ErrUsage is a missing or bad option or argument.
	ErrUsage = errors.New("usage")
	// ErrNoAPIKey: no ATS API key is given or stored.
	ErrNoAPIKey = errors.New("no ATS API key: give --ats-key and --ats-secret, or create one with `ats api_key create` (Aspera ID sign-in, or IBM Cloud with --ibm-api-key; stored for the next commands)")
	// ErrNotFound: no such cluster, key...
	ErrNotFound = errors.New("not found")
)

// Options are what a user gives to reach ATS.
type Options struct {
	URL               string // default DefaultURL
	ATSKey, ATSSecret string // an ATS API key (pub/v1)
	ATSID             string // the key of the repository to use
	Repository        string // file of the API keys created here; "" keeps none
	IBMAPIKey, IAMURL string // IBM Cloud IAM API key and token endpoint (default oauth.IAMTokenURL)
	Instance          string // ATS instance of /v2 (default: the first)
	RedirectURI       string // Aspera ID: the local redirect (default DefaultRedirectURI)
	PageSize          int    // access keys asked per page (default AccessKeysPageSize)
	// Env is the run's HTTP settings, token cache, and way to show a page to the user (Aspera ID).
	Env oauth.Env
}

// Client is an ATS client.
type Client struct {
	o    Options
	base string
	// Open is the public API (/pub/v1 without credentials).
	Open *rest.Client

	mu       sync.Mutex
	servers  map[string][]any // by cloud, once read
	key      *rest.Client     // /pub/v1 with the API key, once built
	instance string           // the /v2 instance, once known
}

// New returns the client of o.
func New(o Options) (*Client, error) {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	base := strings.TrimSuffix(o.URL, "/")
	open, err := rest.New(base+"/pub/v1", rest.None{}, o.Env.HTTP)
	if err != nil {
		return nil, err
	}
	return &Client{o: o, base: base, Open: open, servers: map[string][]any{}}, nil
}

// keyAPI returns /pub/v1 with the API key: the options', else the repository's.
func (c *Client) keyAPI() (*rest.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != nil {
		return c.key, nil
	}
	id, secret := c.o.ATSKey, c.o.ATSSecret
	if id == "" {
		k, err := Repository(c.o.Repository).Select(c.o.ATSID)
		if err != nil {
			return nil, err
		}
		id, secret = str(k["ats_id"]), str(k["ats_secret"])
	}
	if secret == "" {
		return nil, fmt.Errorf("%w: the ATS API key %s has no secret (--ats-secret)", ErrUsage, id)
	}
	api, err := c.basic(id, secret)
	if err != nil {
		return nil, err
	}
	c.key = api
	return api, nil
}

// basic returns /pub/v1 with Basic credentials (an API key, or an access key).
func (c *Client) basic(user, password string) (*rest.Client, error) {
	auth, err := oauth.Authenticator(oauth.Options{Type: "basic", Username: user, Password: password}, c.base, c.o.Env)
	if err != nil {
		return nil, err
	}
	return rest.New(c.base+"/pub/v1", auth, c.o.Env.HTTP)
}

// iamAPI returns /v2 with an IAM token of the IBM API key; with instance, the header that
// selects it.
func (c *Client) iamAPI(instance string) (*rest.Client, error) {
	if c.o.IBMAPIKey == "" {
		return nil, fmt.Errorf("%w: this needs an IBM Cloud API key (--ibm-api-key, see https://cloud.ibm.com/iam/apikeys)", ErrUsage)
	}
	auth, err := oauth.Authenticator(oauth.Options{Grant: "iam", APIKey: c.o.IBMAPIKey, TokenURL: c.o.IAMURL}, c.base+"/v2", c.o.Env)
	if err != nil {
		return nil, err
	}
	api, err := rest.New(c.base+"/v2", auth, c.o.Env.HTTP)
	if err != nil {
		return nil, err
	}
	if instance != "" {
		api.Header = http.Header{"X-Ats-Service-Instance-Id": {instance}}
	}
	return api, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func object(v any) Object {
	m, _ := v.(map[string]any)
	return m
}

// Cloud is a cloud provider of ATS.
type Cloud struct{ ID, Name string }

// Clouds are the clouds ATS serves (the API has no call that lists them).
var Clouds = []Cloud{
	{"aws", "Amazon Web Services"}, {"azure", "Microsoft Azure"}, {"google", "Google Cloud"},
	{"limelight", "Limelight"}, {"rackspace", "Rackspace"}, {"softlayer", "IBM Cloud"},
}

// CloudList returns the clouds as rows {id, name}.
func CloudList() []any {
	out := make([]any, len(Clouds))
	for i, c := range Clouds {
		out[i] = Object{"id": c.ID, "name": c.Name}
	}
	return out
}

// ServersOf returns the clusters of a cloud (pub/v1/servers/CLOUD), read once.
func (c *Client) ServersOf(ctx context.Context, cloud string) ([]any, error) {
	cloud = strings.ToUpper(cloud)
	c.mu.Lock()
	l, ok := c.servers[cloud]
	c.mu.Unlock()
	if ok {
		return l, nil
	}
	v, err := c.Open.Get(ctx, "servers/"+url.PathEscape(cloud), nil)
	if err != nil {
		return nil, err
	}
	l, _ = v.([]any)
	c.mu.Lock()
	c.servers[cloud] = l
	c.mu.Unlock()
	return l, nil
}

// Servers lists the clusters of every cloud (one request per cloud, each read once).
func (c *Client) Servers(ctx context.Context) ([]any, error) {
	var out []any
	for _, cl := range Clouds {
		l, err := c.ServersOf(ctx, cl.ID)
		if err != nil {
			return nil, fmt.Errorf("clusters of %s: %w", cl.ID, err)
		}
		out = append(out, l...)
	}
	return out, nil
}

// Provisioned returns the clusters of the subscription of the API key (pub/v1/servers).
func (c *Client) Provisioned(ctx context.Context) (any, error) {
	api, err := c.keyAPI()
	if err != nil {
		return nil, err
	}
	return api.Get(ctx, "servers", nil)
}

// Server returns the cluster of a cloud's region (pub/v1/servers/CLOUD/REGION).
func (c *Client) Server(ctx context.Context, cloud, region string) (Object, error) {
	if cloud == "" || region == "" {
		return nil, fmt.Errorf("%w: a cluster is given by --cloud and --region", ErrUsage)
	}
	v, err := c.Open.Get(ctx, "servers/"+url.PathEscape(strings.ToUpper(cloud))+"/"+url.PathEscape(region), nil)
	if err != nil {
		return nil, fmt.Errorf("cluster %s %s: %w", cloud, region, err)
	}
	return object(v), nil
}

// ServerByID returns the cluster of an id; prefix accepts an id that starts with it (access
// keys may carry a shortened transfer_server_id).
func (c *Client) ServerByID(ctx context.Context, id string, prefix bool) (Object, error) {
	all, err := c.Servers(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range all {
		s := object(v)
		sid := str(s["id"])
		if sid == id || (prefix && id != "" && strings.HasPrefix(sid, id)) {
			return s, nil
		}
	}
	return nil, fmt.Errorf("%w: no cluster with id %q", ErrNotFound, id)
}
