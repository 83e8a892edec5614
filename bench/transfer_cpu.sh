#!/usr/bin/env bash
# Benchmark of the issue "Transfers": a 2 GiB upload through the direct agent and the ascp
# double (transfer/ascp/testdata/fakeascp), with progress delivered to a Lua callback and the
# progress bar drawn; reports the CPU of aslmcli alone (its own user+system time read from
# /proc/PID/stat while it runs, children excluded) as a share of the wall time.
# Usage: [BENCH_ENV=GOMAXPROCS=1] bench/transfer_cpu.sh [BYTES]   (default 2147483648)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-2147483648}
work=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/aslmcli" ./cmd/aslmcli
go build -o "$work/ascp" ./transfer/ascp/testdata/fakeascp
mkdir -p "$work/root" "$work/src"
head -c "$size" /dev/zero > "$work/src/big.bin"
export ASLMCLI_HOME="$work/home" FAKEASCP_SCRIPT=ok
"$work/aslmcli" node simulator --root="$work/root" > "$work/url" 2>/dev/null &
sim=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
script='local n = require("aspera.node").new{url = arg[1], username = "node_user", password = "node_pass"}
local events = 0
local r = n:upload({arg[2]}, {to_folder = "/", progress = true, on_progress = function() events = events + 1 end}):wait()
assert(r.status == "success")'
tck=$(getconf CLK_TCK)
for i in 1 2 3 4 5; do
  rm -f "$work/root/big.bin"
  start=$(date +%s.%N)
  env ${BENCH_ENV:-} "$work/aslmcli" run --ascp-path="$work/ascp" -e "$script" "$url" "$work/src/big.bin" 2>/dev/null &
  pid=$!
  own=0 before=-1
  # the process's own user+system ticks (fields 14 and 15 of /proc/PID/stat; children are
  # fields 16 and 17, not counted), sampled until it ends; "before" is the value when the ascp
  # double appears (start-up done: Lua, options, upload_setup), to tell the transfer's share
  while [ -r /proc/$pid/stat ]; do
    t=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null) && [ -n "$t" ] && own=$t
    if [ "$before" -lt 0 ] && pgrep -P $pid >/dev/null 2>&1; then before=$own; tstart=$(date +%s.%N); fi
    sleep 0.02
  done
  wait $pid
  end=$(date +%s.%N)
  awk -v s="$start" -v ts="${tstart:-$start}" -v e="$end" -v o="$own" -v b="$before" -v t="$tck" -v n="$size" 'BEGIN {
    w = e - s; c = o / t; wt = e - ts; ct = (o - (b < 0 ? 0 : b)) / t
    printf "upload %.1f GiB: %.2f s wall, aslmcli %.2f s CPU = %.2f %% in all; during the transfer %.2f s CPU in %.2f s = %.2f %%\n",
      n / 2^30, w, c, 100 * c / w, ct, wt, 100 * ct / wt }'
done
