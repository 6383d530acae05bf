#!/usr/bin/env bash
# Event-to-live latency of a burst of 1,000 EndpointSlice updates through the fake API
# server (Tests/KubeClientTests/KubeLatencyBenchmark.swift). Prints p50/p99.
# Usage: bench/kube-latency.sh [debug|release]   (default: release)
# Release builds every test target with -enable-testing (other test targets use @testable).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
config="${1:-release}"
if [ "$config" = release ]; then
  swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null
else
  swift build --build-tests >/dev/null
fi
timeout -s KILL 120 ".build/$config/PorticoPackageTests.xctest" --testing-library swift-testing \
  --filter KubeLatencyBenchmark </dev/null 2>&1 | grep -E 'kube-latency|p50|publishes|passed|failed'
