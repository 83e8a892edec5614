#!/usr/bin/env bash
# Benchmark of the issue "Node API": browse a folder of 100,000 entries through the node
# simulator with --format=csv to /dev/null; reports the wall time and the peak RSS of the
# client (GNU time), and the requests sent for --query max=10 (one page expected).
# Usage: bench/node_browse.sh [ENTRIES]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/aslmcli" ./cmd/aslmcli
mkdir "$work/root"
# empty files named e000000 ... (a Go one-liner is faster than touch)
cat > "$work/mk.go" <<'GO'
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	n, _ := strconv.Atoi(os.Args[2])
	for i := 0; i < n; i++ {
		f, err := os.Create(fmt.Sprintf("%s/e%06d", os.Args[1], i))
		if err != nil {
			panic(err)
		}
		f.Close()
	}
}
GO
go run "$work/mk.go" "$work/root" "$n"
export ASLMCLI_HOME="$work/home"
"$work/aslmcli" node simulator --root="$work/root" > "$work/url" 2>/dev/null &
sim=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
auth=(--url="$url" --username=node_user --password=node_pass)
"$work/aslmcli" node browse / --format=csv "${auth[@]}" > /dev/null   # warm the listing cache
for i in 1 2 3; do
  /usr/bin/time -f "browse $n entries: %e s wall, %M KiB max RSS" \
    "$work/aslmcli" node browse / --format=csv "${auth[@]}" > /dev/null
done
lines=$("$work/aslmcli" node browse / --format=csv "${auth[@]}" | wc -l)
echo "lines written: $lines"
reqs=$("$work/aslmcli" node browse / --format=csv --query=@json:'{"max":10}' -r "${auth[@]}" 2>&1 >/dev/null | grep -c '^> POST')
echo "requests for --query max=10: $reqs"
