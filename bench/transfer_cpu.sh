#!/usr/bin/env bash
# Benchmark of the issue "Transfers": a 2 GiB upload through the direct agent and the ascp
# double (transfer/ascp/testdata/fakeascp), with progress delivered to a Lua callback and the
# progress bar drawn; reports the CPU of aslmcli alone (the whole run's CPU from GNU time, less
# the double's own, which it writes to FAKEASCP_RUSAGE) as a share of the wall time.
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
for i in 1 2 3; do
  rm -f "$work/root/big.bin" "$work/rusage"
  export FAKEASCP_RUSAGE="$work/rusage"
  /usr/bin/time -f "%e %U %S" -o "$work/time" env ${BENCH_ENV:-} "$work/aslmcli" run --ascp-path="$work/ascp" -e "$script" "$url" "$work/src/big.bin" 2>/dev/null
  read -r wall user sys < "$work/time"
  child=$(cat "$work/rusage")
  awk -v w="$wall" -v u="$user" -v s="$sys" -v c="$child" -v n="$size" 'BEGIN {
    own = u + s - c; printf "upload %.1f GiB: %.2f s wall, aslmcli %.3f s CPU = %.2f %% (ascp double %.2f s)\n", n / 2^30, w, own, 100 * own / w, c }'
done
