package faspex5

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
)

// Invitations are the user's invitations to send packages (ascli's top-level "invitations",
// not an admin resource): listed, shown, changed and deleted like the admin resources, made
// with CreateInvitation.
var Invitations = Resource{Name: "invitations", Path: "invitations", ItemsKey: "invitations"}

// CreateInvitation invites someone to send packages: to the user (POST /invitations), or,
// when body names a recipient_name, to that user or shared inbox (POST /public_invitations),
// as ascli does.
func (c *Client) CreateInvitation(ctx context.Context, body Object) (Object, error) {
	p := "invitations"
	if _, public := body["recipient_name"]; public {
		p = "public_invitations"
	}
	return c.call(ctx, http.MethodPost, p, nil, body)
}

// ResendInvitation sends an invitation's email again (POST /invitations/{id}/resend).
func (c *Client) ResendInvitation(ctx context.Context, id string) error {
	_, err := c.call(ctx, http.MethodPost, "invitations/"+url.PathEscape(id)+"/resend", nil, nil)
	return err
}

// Configuration returns the server's configuration (GET /configuration; an admin sees all
// of it).
func (c *Client) Configuration(ctx context.Context) (Object, error) {
	return c.get(ctx, "configuration", nil)
}

// ModifyConfiguration changes the server's configuration (PUT /configuration, admin).
func (c *Client) ModifyConfiguration(ctx context.Context, change Object) (Object, error) {
	return c.call(ctx, http.MethodPut, "configuration", nil, change)
}

// SMTPPath is the path of the SMTP configuration (one per server).
const SMTPPath = "configuration/smtp"

// SMTP returns the SMTP configuration (GET).
func (c *Client) SMTP(ctx context.Context) (Object, error) { return c.get(ctx, SMTPPath, nil) }

// SetSMTP creates (POST, when create) or changes (PUT) the SMTP configuration. A change is
// merged into the current configuration first: the document's PUT takes the whole of it.
func (c *Client) SetSMTP(ctx context.Context, create bool, body Object) (Object, error) {
	if create {
		return c.call(ctx, http.MethodPost, SMTPPath, nil, body)
	}
	whole, err := c.SMTP(ctx)
	if err != nil {
		return nil, err
	}
	for k, v := range body {
		whole[k] = v
	}
	return c.call(ctx, http.MethodPut, SMTPPath, nil, whole)
}

// DeleteSMTP deletes the SMTP configuration.
func (c *Client) DeleteSMTP(ctx context.Context) error {
	_, err := c.API.Delete(ctx, SMTPPath, nil)
	return err
}

// TestSMTP sends a test email (POST configuration/smtp/test with test_email_recipient, and
// template_type in the query when body has one), then waits for the job that sends it:
// it returns the job, its serialized_args decoded when they are JSON.
func (c *Client) TestSMTP(ctx context.Context, body Object) (Object, error) {
	var q url.Values
	b := Object{}
	for k, v := range body {
		if k == "template_type" {
			q = url.Values{k: {fmt.Sprint(v)}}
			continue
		}
		b[k] = v
	}
	created, err := c.call(ctx, http.MethodPost, SMTPPath+"/test", q, b)
	if err != nil {
		return nil, err
	}
	id, ok := created["job_id"]
	if !ok || id == nil {
		return nil, fmt.Errorf("smtp test: no job_id in the answer")
	}
	job, err := c.WaitJob(ctx, fmt.Sprint(id))
	if err != nil {
		return nil, err
	}
	if s, ok := job["serialized_args"].(string); ok {
		if v, err := (&rest.Response{Body: []byte(s)}).Data(); err == nil && v != nil {
			job["serialized_args"] = v
		}
	}
	return job, nil
}

// JobRunning are the statuses of a job not finished yet.
var JobRunning = []string{"queued", "working"}

// WaitJob reads a job (GET /jobs/{id}) every Poll until its status is not one of JobRunning.
func (c *Client) WaitJob(ctx context.Context, id string) (Object, error) {
	for {
		job, err := c.get(ctx, "jobs/"+url.PathEscape(id), nil)
		if err != nil {
			return nil, err
		}
		if s, _ := job["status"].(string); !slices.Contains(JobRunning, s) {
			return job, nil
		}
		select {
		case <-ctx.Done():
			return job, ctx.Err()
		case <-time.After(Poll):
		}
	}
}

// EventKinds are the kinds of events Events lists: application (GET /application_events) and
// webhook (GET /all_webhooks_events, admin).
var EventKinds = []string{"application", "webhook"}

// Events lists events of a kind, newest first, page by page as the iterator is read.
func (c *Client) Events(ctx context.Context, kind string, query url.Values, max int) (*rest.Iterator, error) {
	var p, key string
	switch kind {
	case "application":
		p, key = "application_events", "application_events"
	case "webhook":
		p, key = "all_webhooks_events", "events"
	default:
		return nil, fmt.Errorf("%w: unknown events %q (use application or webhook)", ErrSetup, kind)
	}
	return c.API.Each(ctx, &rest.Request{Path: p, Query: query},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: key, Max: max}), nil
}

// CleanDeleted purges the records of deleted packages (POST internal/packages/clean_deleted):
// those deleted more than days_before_deleting_package_records days ago, the body's or, when
// body is empty, the server configuration's (ascli's rule). It returns the server's answer
// (number_of_deleted_packages).
func (c *Client) CleanDeleted(ctx context.Context, body Object) (Object, error) {
	const days = "days_before_deleting_package_records"
	if len(body) == 0 {
		conf, err := c.Configuration(ctx)
		if err != nil {
			return nil, err
		}
		body = Object{}
		if v, ok := conf[days]; ok {
			body[days] = v
		}
	}
	return c.call(ctx, http.MethodPost, "internal/packages/clean_deleted", nil, body)
}

// ResetPassword sends an account its password reset email (POST
// accounts/{id}/reset_password, admin).
func (c *Client) ResetPassword(ctx context.Context, id string) error {
	_, err := c.call(ctx, http.MethodPost, "accounts/"+url.PathEscape(id)+"/reset_password", nil, Object{})
	return err
}
