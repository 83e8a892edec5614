package faspex5

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/asperalm/aslmcli/products/rest"
)

// MemberLevels are the access levels of the members of shared inboxes and workgroups (the
// first is Faspex's default).
var MemberLevels = map[string][]string{
	"shared_inboxes": {"standard", "submit_only", "shared_inbox_admin"},
	"workgroups":     {"standard", "workgroup_admin"},
}

// membersPath returns the path of the members of a group of r (shared_inboxes or
// workgroups).
func membersPath(r Resource, groupID string) (string, error) {
	if _, ok := MemberLevels[r.Name]; !ok {
		return "", fmt.Errorf("%w: %s have no members (shared_inboxes and workgroups do)", ErrSetup, r.Name)
	}
	return r.Path + "/" + url.PathEscape(groupID) + "/members", nil
}

// Members lists the members of a shared inbox or a workgroup (GET .../{id}/members), page by
// page as the iterator is read.
func (c *Client) Members(ctx context.Context, r Resource, groupID string, query url.Values, max int) (*rest.Iterator, error) {
	p, err := membersPath(r, groupID)
	if err != nil {
		return nil, err
	}
	return c.API.Each(ctx, &rest.Request{Path: p, Query: query},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: "members", Max: max}), nil
}

// AddMembers makes users (by account id) members of a group with an access level ("": the
// default), in one request (POST .../{id}/members {"user": [{id, access}]}).
func (c *Client) AddMembers(ctx context.Context, r Resource, groupID string, userIDs []string, level string) (Object, error) {
	p, err := membersPath(r, groupID)
	if err != nil {
		return nil, err
	}
	if len(userIDs) == 0 {
		return nil, fmt.Errorf("%w: no user to add", ErrSetup)
	}
	if level == "" {
		level = MemberLevels[r.Name][0]
	}
	if !slices.Contains(MemberLevels[r.Name], level) {
		return nil, fmt.Errorf("%w: access level %q of %s (use %v)", ErrSetup, level, r.Name, MemberLevels[r.Name])
	}
	users := make([]any, len(userIDs))
	for i, id := range userIDs {
		users[i] = Object{"id": id, "access": level}
	}
	return c.call(ctx, http.MethodPost, p, nil, Object{"user": users})
}

// ModifyMember changes a member (PUT .../{id}/members/{member}, e.g. {"access": ...}); the
// member is named by its user's id.
func (c *Client) ModifyMember(ctx context.Context, r Resource, groupID, member string, change Object) (Object, error) {
	p, err := membersPath(r, groupID)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, http.MethodPut, p+"/"+url.PathEscape(member), nil, change)
}

// RemoveMember removes a member from a group (DELETE .../{id}/members/{member}).
func (c *Client) RemoveMember(ctx context.Context, r Resource, groupID, member string) error {
	p, err := membersPath(r, groupID)
	if err != nil {
		return err
	}
	_, err = c.API.Delete(ctx, p+"/"+url.PathEscape(member), nil)
	return err
}

// InviteExternal invites an external collaborator (body: email_address, description...) to
// a shared inbox (POST shared_inboxes/{id}/external_collaborator) and returns the member it
// became, found by its email (what ascli shows), with Faspex's message.
func (c *Client) InviteExternal(ctx context.Context, groupID string, body Object) (Object, error) {
	email, _ := body["email_address"].(string)
	if email == "" {
		return nil, fmt.Errorf("%w: invite_external_collaborator needs email_address", ErrSetup)
	}
	r := Resources["shared_inboxes"]
	answer, err := c.call(ctx, http.MethodPost, r.Path+"/"+url.PathEscape(groupID)+"/external_collaborator", nil, body)
	if err != nil {
		return nil, err
	}
	it, err := c.Members(ctx, r, groupID, url.Values{"q": {email}}, 0)
	if err != nil {
		return nil, err
	}
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		if m := asObject(v); m["email"] == email {
			m["message"] = answer["message"]
			return m, nil
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return answer, nil
}
