package ats

import (
	"context"
	"fmt"
	"net/url"

	"github.com/asperalm/aslmcli/products/rest"
)

// Instances returns the ATS service instances of the IBM Cloud account (v2/instances).
func (c *Client) Instances(ctx context.Context) ([]any, error) {
	api, err := c.iamAPI("")
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, "instances", nil)
	if err != nil {
		return nil, fmt.Errorf("ATS instances: %w", err)
	}
	l, _ := object(v)["data"].([]any)
	return l, nil
}

// v2 returns /v2 for the instance of Options.Instance, else the first of the account.
func (c *Client) v2(ctx context.Context) (*rest.Client, error) {
	c.mu.Lock()
	instance := c.instance
	c.mu.Unlock()
	if instance == "" {
		instance = c.o.Instance
	}
	if instance == "" {
		l, err := c.Instances(ctx)
		if err != nil {
			return nil, err
		}
		if len(l) == 0 {
			return nil, fmt.Errorf("%w: the IBM Cloud account has no ATS instance", ErrNotFound)
		}
		instance = fmt.Sprint(l[0])
	}
	c.mu.Lock()
	c.instance = instance
	c.mu.Unlock()
	return c.iamAPI(instance)
}

// apiKeysAPI is where API keys are managed: /v2 with an IBM API key, else /pub/v1 with the
// ATS API key.
func (c *Client) apiKeysAPI(ctx context.Context) (*rest.Client, error) {
	if c.o.IBMAPIKey != "" {
		return c.v2(ctx)
	}
	return c.keyAPI()
}

// APIKeys returns the ids (ats_id) of the ATS API keys of the instance or subscription.
func (c *Client) APIKeys(ctx context.Context) ([]any, error) {
	api, err := c.apiKeysAPI(ctx)
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, "api_keys", url.Values{"offset": {"0"}, "max_results": {"1000"}})
	if err != nil {
		return nil, fmt.Errorf("ATS API keys: %w", err)
	}
	l, _ := object(v)["data"].([]any)
	return l, nil
}

// APIKey returns an ATS API key.
func (c *Client) APIKey(ctx context.Context, id string) (Object, error) {
	api, err := c.apiKeysAPI(ctx)
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, "api_keys/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, fmt.Errorf("ATS API key %s: %w", id, err)
	}
	return object(v), nil
}

// CreateAPIKey creates an ATS API key and stores it in the repository; the answer holds
// ats_id and ats_secret. With an IBM API key, it is made in the IBM Cloud instance
// (v2/api_keys; params such as ats_description), else through the Aspera ID sign-in
// (CreateAPIKeyAsperaID, described by params.ats_description or "created by aslmcli").
func (c *Client) CreateAPIKey(ctx context.Context, params Object) (Object, error) {
	if c.o.IBMAPIKey == "" {
		desc := str(params["ats_description"])
		if desc == "" {
			desc = "created by aslmcli"
		}
		return c.CreateAPIKeyAsperaID(ctx, desc)
	}
	api, err := c.v2(ctx)
	if err != nil {
		return nil, err
	}
	if params == nil {
		params = Object{}
	}
	v, err := api.Post(ctx, "api_keys", params)
	if err != nil {
		return nil, fmt.Errorf("create ATS API key: %w", err)
	}
	key := object(v)
	if str(key["ats_id"]) == "" {
		return nil, fmt.Errorf("create ATS API key: the answer has no ats_id")
	}
	return key, c.store(ctx, key)
}

// store keeps a new API key in the repository (when there is one) with what tells keys apart,
// as the original tool stored them: the instance, the subscription's and organization's names.
func (c *Client) store(ctx context.Context, key Object) error {
	if c.o.Repository == "" {
		return nil
	}
	stored := Object{}
	for k, v := range key {
		stored[k] = v
	}
	if c.instance != "" {
		stored["instance"] = c.instance
	}
	if sub, err := c.subscriptionOf(ctx, str(key["ats_id"]), str(key["ats_secret"])); err == nil {
		stored["subscription_name"] = sub["name"]
		stored["organization_name"] = object(object(sub["aspera_id_user"])["organization"])["name"]
	}
	return Repository(c.o.Repository).Add(stored)
}

// DeleteAPIKey deletes an ATS API key, and forgets it in the repository.
func (c *Client) DeleteAPIKey(ctx context.Context, id string) error {
	api, err := c.apiKeysAPI(ctx)
	if err != nil {
		return err
	}
	if _, err := api.Delete(ctx, "api_keys/"+url.PathEscape(id), nil); err != nil {
		return fmt.Errorf("delete ATS API key %s: %w", id, err)
	}
	_, err = Repository(c.o.Repository).Delete(id)
	return err
}

// Repository returns the repository of the API keys created here.
func (c *Client) Repository() Repository { return Repository(c.o.Repository) }

// subscriptionOf returns the subscription of an API key.
func (c *Client) subscriptionOf(ctx context.Context, id, secret string) (Object, error) {
	api, err := c.basic(id, secret)
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, "subscriptions", nil)
	return object(v), err
}
