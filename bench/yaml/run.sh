#!/usr/bin/env bash
# Reader throughput on a generated Ingress stream: bench/yaml/run.sh [COUNT]  (default 10000, ~10 MB)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
mkdir -p .build/bench
swiftc -O -wmo -parse-as-library -module-name ReaderBenchmark Sources/YAML/*.swift bench/yaml/ReaderBenchmark.swift \
  -o .build/bench/yaml-reader
.build/bench/yaml-reader "${1:-10000}"
