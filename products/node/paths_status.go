package node

import (
	"fmt"
	"strconv"
)

// Status returns the HTTP status that every path of the failed operation reported (the
// "code" of their embedded errors: 404 for a missing file), or 0 when they differ or have
// none.
func (e *PathsError) Status() int {
	status := 0
	for i, r := range e.Results {
		code := 0
		if em, ok := r.Data["error"].(map[string]any); ok && em["code"] != nil {
			code, _ = strconv.Atoi(fmt.Sprint(em["code"])) // int64, float64 or json.Number
		}
		if code < 100 || code > 599 || (i > 0 && code != status) {
			return 0
		}
		status = code
	}
	return status
}
