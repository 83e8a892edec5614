package node

import (
	"context"
	"fmt"
)

// The node's central API (/services/rest/transfers/v1, Aspera Central's "reliable query" of
// FASP sessions and file transfers), as the IBM aspera-cli sources call it: POST with a filter
// (session_filter or file_filter: iteration_token, max_results, ...) and, with --validator,
// validation.validator_id. The Node API document does not describe it.

// CentralSessions lists sessions (POST services/rest/transfers/v1/sessions): request is the
// body (--parameters, e.g. {"session_filter":{"iteration_token":"CURRENT_POSITION"}}); a
// validator other than "" is added as validation.validator_id. It returns the sessions and the
// iteration token of the answer ("" when it has none).
func (n *Client) CentralSessions(ctx context.Context, request Object, validator string) ([]any, string, error) {
	return n.central(ctx, "sessions", "session_info_result", "session_info", request, validator)
}

// CentralFiles lists file transfers (POST services/rest/transfers/v1/files), like
// CentralSessions (the filter is file_filter).
func (n *Client) CentralFiles(ctx context.Context, request Object, validator string) ([]any, string, error) {
	return n.central(ctx, "files", "file_transfer_info_result", "file_transfer_info", request, validator)
}

func (n *Client) central(ctx context.Context, what, resultKey, listKey string, request Object, validator string) ([]any, string, error) {
	body := Object{}
	for k, v := range request {
		body[k] = v
	}
	if validator != "" {
		val := Object{}
		for k, v := range asObject(body["validation"]) {
			val[k] = v
		}
		val["validator_id"] = validator
		body["validation"] = val
	}
	path := "services/rest/transfers/v1/" + what
	v, err := n.API.Post(ctx, path, body)
	if err != nil {
		return nil, "", err
	}
	result := asObject(asObject(v)[resultKey])
	if result == nil {
		return nil, "", fmt.Errorf("POST %s: the answer has no %s", path, resultKey)
	}
	l, _ := result[listKey].([]any)
	token, _ := result["iteration_token"].(string)
	return l, token, nil
}
