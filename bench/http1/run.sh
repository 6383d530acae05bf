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
