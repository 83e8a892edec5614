package cli

import (
	"sort"
	"strings"
)

// Match resolves word against choices: an exact match, else a unique prefix. what names the
// kind of word in errors ("command", "plugin", "value"). Unknown and ambiguous words are usage
// errors listing the candidates.
func Match(what, word string, choices []string) (string, error) {
	for _, c := range choices {
		if c == word {
			return c, nil
		}
	}
	var found []string
	for _, c := range choices {
		if strings.HasPrefix(c, word) {
			found = append(found, c)
		}
	}
	if len(found) == 1 && word != "" {
		return found[0], nil
	}
	if len(found) > 1 && word != "" {
		sort.Strings(found)
		return "", usagef("ambiguous %s %q (could be: %s)", what, word, strings.Join(found, ", "))
	}
	sorted := append([]string(nil), choices...)
	sort.Strings(sorted)
	return "", usagef("unknown %s %q (use one of: %s)", what, word, strings.Join(sorted, ", "))
}
