#!/bin/sh
# Scale benchmark for the snapshot builder and route lookup (release build).
# Usage: bench/scale.sh [--ingresses N] [--endpoints-per-service N] [--runs N]
# Prints build time, endpoint fast-path time, peak RSS and lookup ns at 100/1k/10k routes.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product portico-scale-bench >/dev/null
exec .build/release/portico-scale-bench "$@"
