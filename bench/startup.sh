#!/usr/bin/env bash
# Start-up benchmark: wall time of `aslmcli --version` and `aslmcli config preset list`
# (median and minimum of N runs), on a private home with a few presets.
# Budgets (../shared/DESIGN.md): --version under 15 ms, config preset list under 25 ms.
# Usage: bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/aslmcli" ./cmd/aslmcli
export ASLMCLI_HOME="$tmp/home"
for i in 1 2 3 4 5; do
  "$tmp/aslmcli" config preset set "preset$i" url "https://host$i.example.com" >/dev/null
  "$tmp/aslmcli" config preset set "preset$i" password "secret$i" >/dev/null
done
"$tmp/aslmcli" config preset set default server preset1 >/dev/null

measure() {
  local label=$1; shift
  local times=()
  for _ in $(seq 3); do "$@" >/dev/null; done # warm the page cache
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { v[NR] = $1 }
    END { printf "%-28s median %6.2f ms   min %6.2f ms   (%d runs)\n", label, v[int((n+1)/2)]/1000, v[1]/1000, n }'
}

measure "aslmcli --version" "$tmp/aslmcli" --version
measure "aslmcli config preset list" "$tmp/aslmcli" config preset list
