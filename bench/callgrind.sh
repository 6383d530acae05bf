#!/usr/bin/env bash
# Instructions per proxied request for Portico and nginx under callgrind, with a fixed
# request count on one keep-alive connection (repeatable on a noisy machine).
#   bench/callgrind.sh            # N=3000
#   PORTICO_ARGS="--request-metrics off" bench/callgrind.sh   # extra flags for portico serve
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-3000}
export PATH="/opt/swift/usr/bin:$PATH"
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
swift build -c release --product portico 2>&1 | grep -E 'error|complete' | tail -1 || true
BIN=$(swift build -c release --show-bin-path)/portico
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
WORK=$(mktemp -d /tmp/portico-cg.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$BIN" echo --listen 127.0.0.1:18293 --name e1 2>/dev/null & PIDS+=($!)
sleep 0.3

measure() { # name port pid outfile
  python3 bench/keepalive_client.py "$2" 200 >/dev/null   # warm
  callgrind_control -z "$3" >/dev/null 2>&1 || true
  python3 bench/keepalive_client.py "$2" "$N" >/dev/null
  callgrind_control -d "$3" >/dev/null 2>&1
  sleep 0.5
  local f; f=$(ls -t "$WORK"/$1.out* | head -1)
  local ir; ir=$(awk '/^summary:/ {print $2}' "$f")
  [ -z "$ir" ] && ir=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
  awk -v n="$1" -v i="$ir" -v c="$N" 'BEGIN {printf "%-8s %12.0f instructions per request\n", n, i/c}'
  echo "$ir" > "$WORK/$1.ir"
}

cat > "$WORK/nginx.conf" <<NGX
worker_processes 1; master_process off; daemon off; pid $WORK/nginx.pid; error_log $WORK/err.log warn;
events { worker_connections 1024; }
http { access_log off; upstream b { server 127.0.0.1:18293; keepalive 16; }
  server { listen 127.0.0.1:18290; keepalive_requests 1000000; location / { proxy_pass http://b; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
NGX
valgrind --tool=callgrind --compress-strings=no --compress-pos=no --callgrind-out-file="$WORK/nginx.out" "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" 2>/dev/null & PIDS+=($!)
NG=$!
valgrind --tool=callgrind --compress-strings=no --compress-pos=no --callgrind-out-file="$WORK/portico.out" "$BIN" serve --http-listen 127.0.0.1:18291 \
  --admin-listen 127.0.0.1:18292 --workers 1 --access-log off --upstream 127.0.0.1:18293 ${PORTICO_ARGS:-} 2>/dev/null & PIDS+=($!)
PO=$!
for _ in $(seq 1 100); do
  curl -fs -o /dev/null http://127.0.0.1:18290/ && curl -fs -o /dev/null http://127.0.0.1:18291/ && break; sleep 0.2
done
measure nginx 18290 "$NG"
measure portico 18291 "$PO"
awk -v p="$(cat "$WORK/portico.ir")" -v n="$(cat "$WORK/nginx.ir")" 'BEGIN {printf "ratio portico/nginx: %.2f\n", p/n}'
if [ "${KEEP:-}" != "" ]; then cp "$WORK/portico.out"* /tmp/ 2>/dev/null; echo "profiles kept in /tmp"; fi
rm -rf "$WORK"
