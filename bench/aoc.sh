#!/usr/bin/env bash
# Benchmarks of the issue "Aspera on Cloud", against `aslmcli aoc simulator`: `aoc files find`
# on a tree of FILES files in FOLDERS folders (one folder listed at a time, --concurrency=1,
# vs the default 8), and `aoc packages list` of PACKAGES packages; wall time and peak RSS of
# the client (GNU time).
# Usage: bench/aoc.sh [FILES [FOLDERS [PACKAGES]]]   (default 10000 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
folders=${2:-1000}
packages=${3:-5000}
work=$(mktemp -d)
sim=
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/aslmcli" ./cmd/aslmcli
# the tree, in the Default workspace's home on the simulator's main node
tree="$work/root/main/workspaces/1/home/tree"
mkdir -p "$tree"
cat > "$work/mk.go" <<'GO'
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	files, _ := strconv.Atoi(os.Args[2])
	folders, _ := strconv.Atoi(os.Args[3])
	for d := 0; d < folders; d++ {
		dir := fmt.Sprintf("%s/d%04d", os.Args[1], d)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			panic(err)
		}
		for i := d; i < files; i += folders {
			if err := os.WriteFile(fmt.Sprintf("%s/f%06d.bin", dir, i), nil, 0o644); err != nil {
				panic(err)
			}
		}
	}
}
GO
go run "$work/mk.go" "$tree" "$files" "$folders"
export ASLMCLI_HOME="$work/home"
"$work/aslmcli" aoc simulator --root="$work/root" --packages="$packages" > "$work/sim.txt" 2>/dev/null &
sim=$!
for _ in $(seq 100); do grep -q '^protected_link' "$work/sim.txt" 2>/dev/null && break; sleep 0.1; done
get() { sed -n "s/^$1: //p" "$work/sim.txt"; }
login=(--url="$(get url)" --api-url="$(get api_url)" --client-id="$(get client_id)" --username="$(get username)" --private-key="$(get private_key)")
"$work/aslmcli" aoc user profile show "${login[@]}" > /dev/null   # the token cached
for c in 1 8; do
  for i in 1 2; do
    /usr/bin/time -f "find, $files files in $folders folders, concurrency $c: %e s wall, %M KiB max RSS" \
      "$work/aslmcli" aoc files find /tree --concurrency=$c --format=csv "${login[@]}" > "$work/found"
  done
  echo "entries found: $(wc -l < "$work/found")"
done
for i in 1 2; do
  /usr/bin/time -f "packages list, $packages packages: %e s wall, %M KiB max RSS" \
    "$work/aslmcli" aoc packages list --format=csv "${login[@]}" > "$work/listed"
done
echo "packages listed: $(wc -l < "$work/listed")"
