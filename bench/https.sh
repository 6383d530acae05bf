#!/usr/bin/env bash
# HTTPS benchmark: Portico vs nginx terminating TLS on the same core, with the same
# ECDSA P-256 certificate (the quickstart's), the same backend and route.
#
#   bench/https.sh            # 2 interleaved rounds x 10 s of each mode, 50 connections
#   ROUNDS=3 DURATION=15 CONNS=50 bench/https.sh
#
# Two modes, both measured with wrk:
#   keep-alive   requests/s over long-lived TLS connections (one handshake per connection);
#   handshakes   wrk with 'Connection: close': every request is a new TCP connection and a
#                new TLS handshake, so requests/s = new handshakes/s. wrk DOES resume: it
#                reuses its SSL object (SSL_clear keeps the session) and offers the ticket
#                of the connection's previous handshake, so with tickets on (the default of
#                both proxies) ~98% of these are TLS 1.3 PSK resumptions (no certificate,
#                no ECDSA signature), not full handshakes. See bench/README.md, HTTPS.
# Proxies run on CPU 0, wrk and the `portico echo` backend on CPU 1 (taskset).
# Installs nginx-light and wrk with apt-get if missing; builds portico in release.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
NGINX_PORT=18290; PORTICO_PORT=18291; PORTICO_HTTP=18292; ADMIN_PORT=18293; ECHO1=18294; ECHO2=18295

bench_setup
require_free_ports $NGINX_PORT $PORTICO_PORT $PORTICO_HTTP $ADMIN_PORT $ECHO1 $ECHO2

WORK=$(mktemp -d /tmp/portico-https-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && { kill "$(cat "$WORK/nginx.pid" 2>/dev/null)" 2>/dev/null || true; }
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The quickstart manifests with the backends moved to this script's ports, and its
# certificate and key as files for nginx.
cp -r examples/quickstart "$WORK/manifests"
sed -i "s/9001/$ECHO1/; s/9002/$ECHO2/" "$WORK/manifests/services.yaml"
python3 - "$WORK" <<'PY'
import base64, re, sys
work = sys.argv[1]
text = open(f"{work}/manifests/tls-secret.yaml").read()
for key, out in (("tls.crt", "cert.pem"), ("tls.key", "key.pem")):
    m = re.search(r"^\s*" + re.escape(key) + r":\s*(\S+)", text, re.M)
    open(f"{work}/{out}", "wb").write(base64.b64decode(m.group(1)))
PY
openssl x509 -in "$WORK/cert.pem" -noout -text | grep -E 'Public Key Algorithm|NIST CURVE' | sed 's/^ */   /'

taskset -c "$LOAD_CPU" "$BIN" echo --listen 127.0.0.1:$ECHO1 --name web 2>/dev/null & PIDS+=($!)
taskset -c "$LOAD_CPU" "$BIN" echo --listen 127.0.0.1:$ECHO2 --name api 2>/dev/null & PIDS+=($!)

cat > "$WORK/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  upstream backends {
    server 127.0.0.1:$ECHO1;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
    }
  }
}
NGX
taskset -c "$PROXY_CPU" "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" 2>/dev/null & PIDS+=($!)
NGINX_MASTER=$!
taskset -c "$PROXY_CPU" "$BIN" serve --manifests "$WORK/manifests" --default-ssl-certificate default/quickstart-tls \
  --http-listen 127.0.0.1:$PORTICO_HTTP --https-listen 127.0.0.1:$PORTICO_PORT --admin-listen 127.0.0.1:$ADMIN_PORT \
  --workers 1 --access-log off 2>/dev/null & PIDS+=($!)
PORTICO_PID=$!

for _ in $(seq 1 100); do
  curl -fsk -o /dev/null -H 'Host: app.localhost' https://127.0.0.1:$NGINX_PORT/ \
    && curl -fsk -o /dev/null -H 'Host: app.localhost' https://127.0.0.1:$PORTICO_PORT/ && break
  sleep 0.1
done
NGINX_WORKER=$(ps -o pid= --ppid "$NGINX_MASTER" | head -1 | tr -d ' ')
echo "== nginx worker pid $NGINX_WORKER, portico pid $PORTICO_PID; proxies on CPU $PROXY_CPU, load on CPU $LOAD_CPU"
for port in $NGINX_PORT $PORTICO_PORT; do
  echo | openssl s_client -connect 127.0.0.1:$port -servername app.localhost 2>/dev/null \
    | awk -v p=$port '/^New,/ {print "   port " p ": " $0}'
done

TICK=$(getconf CLK_TCK)

# Warm both up.
for port in $NGINX_PORT $PORTICO_PORT; do
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d2s -H 'Host: app.localhost' https://127.0.0.1:$port/ >/dev/null
done

declare -A RPS CPS
run() { # name mode port pid round
  local name=$1 mode=$2 port=$3 pid=$4 round=$5
  local extra=() before after out rps p99 reqs errs cpu_s per_cpu
  [ "$mode" = handshakes ] && extra=(-H 'Connection: close')
  before=$(cpu_ticks "$pid")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H 'Host: app.localhost' "${extra[@]}" \
        https://127.0.0.1:$port/)
  after=$(cpu_ticks "$pid")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ' || true)
  cpu_s=$(awk -v a="$before" -v b="$after" -v t="$TICK" 'BEGIN {printf "%.2f", (b-a)/t}')
  per_cpu=$(awk -v r="$reqs" -v c="$cpu_s" 'BEGIN {if (c>0) printf "%.0f", r/c; else print "n/a"}')
  printf "%-8s %-10s round %d: %10s req/s  p99 %8s  cpu %6ss  %8s req/cpu-s %s\n" \
    "$name" "$mode" "$round" "$rps" "$p99" "$cpu_s" "$per_cpu" "$errs"
  RPS[$name-$mode]="${RPS[$name-$mode]:-} $rps"; CPS[$name-$mode]="${CPS[$name-$mode]:-} $per_cpu"
}
mean() { tr ' ' '\n' | grep -v '^$' | awk '{s+=$1; n++} END {if (n) printf "%.0f", s/n; else print 0}'; }

echo "== $ROUNDS interleaved rounds of ${DURATION}s per mode at $CONNS connections"
for r in $(seq 1 "$ROUNDS"); do
  for mode in keep-alive handshakes; do
    if [ $((r % 2)) -eq 1 ]; then
      run nginx "$mode" $NGINX_PORT "$NGINX_WORKER" "$r"; run portico "$mode" $PORTICO_PORT "$PORTICO_PID" "$r"
    else
      run portico "$mode" $PORTICO_PORT "$PORTICO_PID" "$r"; run nginx "$mode" $NGINX_PORT "$NGINX_WORKER" "$r"
    fi
  done
done

# On a shared machine the proxy's CPU share swings between runs; requests per CPU-second
# of the proxy process is the steadier ratio (same idea as instructions per request).
ratio() { awk -v p="$1" -v n="$2" 'BEGIN {if (n>0) printf "%.2f", p/n; else print "n/a"}'; }
echo "== summary (means; target portico/nginx >= 0.8)"
for mode in keep-alive handshakes; do
  n=$(echo "${RPS[nginx-$mode]}" | mean); p=$(echo "${RPS[portico-$mode]}" | mean)
  nc=$(echo "${CPS[nginx-$mode]}" | mean); pc=$(echo "${CPS[portico-$mode]}" | mean)
  printf "%-10s  nginx %8s req/s %7s req/cpu-s   portico %8s req/s %7s req/cpu-s   ratio %s wall, %s per CPU\n" \
    "$mode" "$n" "$nc" "$p" "$pc" "$(ratio "$p" "$n")" "$(ratio "$pc" "$nc")"
done
