package aocsim

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// object is a JSON object of the simulator's state.
type object = map[string]any

// collection is a resource of the API kept in memory: objects by id, ids allocated in order
// (numbers or their text, as the document types each resource's id).
type collection struct {
	name     string // singular, for messages
	numeric  bool   // ids are JSON numbers
	required []string
	items    map[string]object
	order    []string
	next     int
}

func newCollection(name string, numeric bool, required ...string) *collection {
	return &collection{name: name, numeric: numeric, required: required, items: map[string]object{}, next: 1}
}

// idValue returns id as the collection's JSON type.
func (c *collection) idValue(id string) any {
	if c.numeric {
		if n, err := strconv.Atoi(id); err == nil {
			return n
		}
	}
	return id
}

// add stores o with a new id (o's own id when it has one) and its timestamps; it returns o.
func (c *collection) add(o object) object {
	id := idText(o["id"])
	if id == "" {
		id = strconv.Itoa(c.next)
	}
	if n, err := strconv.Atoi(id); err == nil && n >= c.next {
		c.next = n + 1
	}
	now := time.Now().UTC().Format(time.RFC3339)
	o["id"] = c.idValue(id)
	if o["created_at"] == nil {
		o["created_at"] = now
	}
	o["updated_at"] = now
	if _, dup := c.items[id]; !dup {
		c.order = append(c.order, id)
	}
	c.items[id] = o
	return o
}

func (c *collection) get(id string) object { return c.items[id] }

func (c *collection) remove(id string) bool {
	if _, ok := c.items[id]; !ok {
		return false
	}
	delete(c.items, id)
	for i, x := range c.order {
		if x == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	return true
}

// all returns the objects in creation order.
func (c *collection) all() []object {
	out := make([]object, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.items[id])
	}
	return out
}

// missing returns the first required field absent from o, "" when none.
func (c *collection) missing(o object) string {
	for _, k := range c.required {
		if o[k] == nil || o[k] == "" {
			return k
		}
	}
	return ""
}

// idText returns an id of any JSON type as text.
func idText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	default:
		return fmt.Sprint(t)
	}
}

// matches tells whether o passes the listing's filters: q (a case-insensitive substring of
// name or email) and the other query fields that o has, compared as text.
func matches(o object, q url.Values, skip map[string]bool) bool {
	for k, vs := range q {
		if skip[k] || len(vs) == 0 || strings.HasSuffix(k, "[]") {
			continue
		}
		v := vs[0]
		switch k {
		case "q":
			found := false
			for _, f := range []string{"name", "email"} {
				if s, ok := o[f].(string); ok && strings.Contains(strings.ToLower(s), strings.ToLower(v)) {
					found = true
				}
			}
			if !found {
				return false
			}
		case "page", "per_page", "sort":
		default:
			if x, ok := o[k]; ok && idText(x) != v {
				if b, isBool := x.(bool); !isBool || strconv.FormatBool(b) != v {
					return false
				}
			}
		}
	}
	return true
}

// page writes one page of items (page, per_page) with X-Total-Count, as AoC lists.
func page(w http.ResponseWriter, r *http.Request, items []object) {
	q := r.URL.Query()
	p, err := strconv.Atoi(q.Get("page"))
	if err != nil || p < 1 {
		p = 1
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per < 1 {
		per = 100
	}
	if per > 1000 {
		per = 1000
	}
	if s := q.Get("sort"); s != "" {
		key, desc := strings.TrimPrefix(s, "-"), strings.HasPrefix(s, "-")
		sort.SliceStable(items, func(i, j int) bool {
			a, b := idText(items[i][key]), idText(items[j][key])
			if desc {
				return a > b
			}
			return a < b
		})
	}
	from, to := min((p-1)*per, len(items)), min(p*per, len(items))
	out := make([]any, 0, to-from)
	for _, o := range items[from:to] {
		out = append(out, o)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(items)))
	writeJSON(w, http.StatusOK, out)
}
