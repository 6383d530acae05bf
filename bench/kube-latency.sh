#!/usr/bin/env bash
# Event-to-live latency of a burst of 1,000 EndpointSlice updates through the fake API
# server (Tests/KubeClientTests/KubeLatencyBenchmark.swift). Prints p50/p99.
# Usage: bench/kube-latency.sh [-c release]
set -euo pipefail
cd "$(dirname "$0")/.."
swift test "$@" --filter KubeLatencyBenchmark 2>&1 | grep -E 'kube-latency|p50|publishes|passed|failed'
