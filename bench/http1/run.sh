#!/usr/bin/env bash
# HTTP1 parse cost: bench/http1/run.sh [ITERATIONS]  (default 1,000,000)
# Builds the module's sources and the benchmark into one optimised binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
mkdir -p .build/bench
swiftc -O -wmo -parse-as-library -module-name ParseBenchmark Sources/HTTP1/*.swift bench/http1/ParseBenchmark.swift \
  -o .build/bench/http1-parse
.build/bench/http1-parse "${1:-1000000}"

# Instructions per parse, which the neighbours' load does not move: the difference
# between two callgrind runs of 20,000 and 10,000 parses, divided by 10,000.
if command -v valgrind >/dev/null; then
  for what in request response; do
    a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null .build/bench/http1-parse 10000 $what 2>&1 | awk '/refs:/ {gsub(",", "", $4); print $4}')
    b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null .build/bench/http1-parse 20000 $what 2>&1 | awk '/refs:/ {gsub(",", "", $4); print $4}')
    echo "$what head parse: $(( (b - a) / 10000 )) instructions (callgrind)"
  done
fi
