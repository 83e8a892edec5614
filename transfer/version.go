package transfer

import "strings"

// VersionLess tells whether the dotted version a is older than b, comparing the parts
// numerically ("1.1.10" is newer than "1.1.9"). A part counts the number its leading digits
// spell (as JavaScript's parseInt: "0-beta" is 0), a missing or non-numeric part 0, so "3.9"
// and "3.9.0" are equal. Used for the products' version gates (Connect's 3.9.0, the HTTP
// Gateway's 2.3.0, the newest Transfer SDK).
func VersionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		x, y := versionPart(as, i), versionPart(bs, i)
		if x != y {
			return x < y
		}
	}
	return false
}

// versionPart is the number of parts[i], 0 when missing or not numeric.
func versionPart(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n := 0
	for _, c := range strings.TrimSpace(parts[i]) {
		if c < '0' || c > '9' || n > 1e8 {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
