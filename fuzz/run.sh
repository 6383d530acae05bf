#!/usr/bin/env bash
# Builds and runs a libFuzzer harness: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
#   fuzz/run.sh yaml 20      # the short CI run
#   fuzz/run.sh yaml 600     # a longer local run
# The harness is compiled together with the module's sources (swiftc -parse-as-library)
# with -sanitize=fuzzer,address. Findings land in fuzz/out/TARGET/crash-*; the seed corpus
# is copied to fuzz/out/TARGET/corpus so new inputs never dirty the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: fuzz/run.sh TARGET SECONDS}"
seconds="${2:-20}"
shift 2 || true
export PATH="/opt/swift/usr/bin:$PATH"
# The Swift runtime's backtracer would outlive a crashing fuzzer and hold its output open.
export SWIFT_BACKTRACE=enable=no

case "$target" in
  http1) sources=(Sources/HTTP1/*.swift fuzz/http1/*.swift) ;;
  yaml) sources=(Sources/YAML/*.swift fuzz/yaml/*.swift) ;;
  tls)
    # TLS imports Routing: build that as its own static module first, link it beside.
    routing="fuzz/out/tls/routing"
    mkdir -p "$routing"
    swiftc -O -g -sanitize=fuzzer,address -parse-as-library -emit-module -emit-library -static \
      -module-name Routing Sources/Routing/*.swift \
      -emit-module-path "$routing/Routing.swiftmodule" -o "$routing/libRouting.a"
    sources=(-I "$routing" -I Sources/COpenSSL Sources/TLS/*.swift fuzz/tls/*.swift "$routing/libRouting.a") ;;
  *) echo "unknown fuzz target: $target" >&2; exit 2 ;;
esac

out="fuzz/out/$target"
mkdir -p "$out/corpus"
cp -n fuzz/"$target"/corpus/* "$out/corpus/" 2>/dev/null || true
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz_$target" \
  "${sources[@]}" -o "$out/fuzzer"
"$out/fuzzer" "$out/corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -artifact_prefix="$out/" -print_final_stats=1 "$@"
