#!/usr/bin/env bash
# Benchmark of the issue "HSTS over SSH": upload and download of 1 GiB (random bytes) on
# loopback with `aslmcli server upload|download --transfer=sftp` and with OpenSSH's sftp, against
# the same real sshd (started by the benchmark on 127.0.0.1 and a free port), in the same run.
# Reports MB/s of each and aslmcli's share of OpenSSH's throughput (target: at least 90 %).
# Usage: bench/sftp_throughput.sh [BYTES] [COUNT]   (default 1073741824 and 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
ASLMCLI_BENCH_BYTES=${1:-1073741824} go test -run XXX -bench BenchmarkSFTPThroughput \
  -benchtime=1x -count "${2:-3}" ./cmd/aslmcli | grep -E '^Benchmark|^ok|FAIL'
