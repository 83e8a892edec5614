#!/usr/bin/env bash
# Start-up benchmark: wall time of `aslmcli --version` and `aslmcli config preset list`
# (median and minimum of N runs), on a private home with a few presets, then what the package
# initialisers cost (GODEBUG=inittrace=1): how many packages run an init, the sum of their
# times (median over the runs), their allocations, and the costliest ones (minimum per
# package over the runs, the least disturbed by other load).
# Budgets (../shared/DESIGN.md): --version under 15 ms, config preset list under 25 ms.
# Usage: bench/startup.sh [RUNS]           builds ./cmd/aslmcli
#        BIN=path/to/aslmcli bench/startup.sh [RUNS]   measures that binary (compare builds)
# Wall times are taken with bash's EPOCHREALTIME (no process forked around the measured one).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  bin=$tmp/aslmcli
  go build -o "$bin" ./cmd/aslmcli
fi
export ASLMCLI_HOME="$tmp/home"
for i in 1 2 3 4 5; do
  "$bin" config preset set "preset$i" url "https://host$i.example.com" >/dev/null
  "$bin" config preset set "preset$i" password "secret$i" >/dev/null
done
"$bin" config preset set default server preset1 >/dev/null

usec() { local t=${1/./}; echo $((10#$t)); }

measure() {
  local label=$1; shift
  local times=()
  for _ in $(seq 3); do "$@" >/dev/null; done # warm the page cache
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$EPOCHREALTIME
    "$@" >/dev/null
    t1=$EPOCHREALTIME
    times+=($(($(usec "$t1") - $(usec "$t0"))))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { v[NR] = $1 }
    END { printf "%-28s median %6.2f ms   min %6.2f ms   (%d runs)\n", label, v[int((n+1)/2)]/1000, v[1]/1000, n }'
}

# inittrace lines: init PKG @T ms, C ms clock, B bytes, N allocs
inits() {
  local label=$1; shift
  local traces=$tmp/inittrace
  : >"$traces"
  for r in $(seq "$runs"); do
    GODEBUG=inittrace=1 "$@" 2>&1 >/dev/null | awk -v r="$r" '/^init /{ print r, $2, $5, $8 }' >>"$traces"
  done
  local sum packages bytes
  sum=$(awk '{ s[$1] += $3 } END { for (r in s) print s[r] }' "$traces" | sort -n |
    awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR+1)/2)] }')
  packages=$(awk '$1 == 1' "$traces" | wc -l)
  bytes=$(awk '$1 == 1 { b += $4 } END { print b + 0 }' "$traces")
  printf '%-28s init %6s ms (median of the sums), %d packages, %d bytes allocated\n' "$label" "$sum" "$packages" "$bytes"
  awk '{ if (!($2 in m) || $3 < m[$2]) m[$2] = $3 } END { for (p in m) print m[p], p }' "$traces" |
    sort -rn | head -8 | awk '{ printf "    %6.3f ms  %s\n", $1, $2 }'
}

measure "aslmcli --version" "$bin" --version
measure "aslmcli config preset list" "$bin" config preset list
inits "aslmcli --version" "$bin" --version
