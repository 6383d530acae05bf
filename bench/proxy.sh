#!/usr/bin/env bash
# Proxy benchmark: Portico vs nginx on the same core, same backends, same route.
#
#   bench/proxy.sh            # 2 rounds x 10 s at 50 connections, then 1000 idle connections
#   ROUNDS=3 DURATION=15 CONNS=50 IDLE=1000 bench/proxy.sh
#   METRICS_OFF=1 bench/proxy.sh   # also a third contestant, portico --request-metrics off,
#                                  # in the same interleaved rounds (the cost of request metrics)
#   ROUNDS=0 bench/proxy.sh   # memory only
#
# Proxies run on CPU 0, wrk and the two `portico echo` backends on CPU 1 (taskset).
# Installs nginx-light and wrk with apt-get if missing; builds portico in release.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
IDLE=${IDLE:-1000}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
NGINX_PORT=18190; PORTICO_PORT=18191; ADMIN_PORT=18192; ECHO1=18193; ECHO2=18194
METRICS_OFF=${METRICS_OFF:-}
NOMETRICS_PORT=18195; NOMETRICS_ADMIN=18196
PRE1K_PORT=18187; PRE4K_PORT=18188  # nginx start-up RSS with 1024 and 4096 worker_connections

bench_setup

require_free_ports $NGINX_PORT $PORTICO_PORT $ADMIN_PORT $ECHO1 $ECHO2 $PRE1K_PORT $PRE4K_PORT $NOMETRICS_PORT $NOMETRICS_ADMIN

WORK=$(mktemp -d /tmp/portico-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

taskset -c "$LOAD_CPU" "$BIN" echo --listen 127.0.0.1:$ECHO1 --name e1 2>/dev/null & PIDS+=($!)
taskset -c "$LOAD_CPU" "$BIN" echo --listen 127.0.0.1:$ECHO2 --name e2 2>/dev/null & PIDS+=($!)

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
    server 127.0.0.1:$ECHO2;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGX
taskset -c "$PROXY_CPU" "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" 2>/dev/null & PIDS+=($!)
NGINX_MASTER=$!
taskset -c "$PROXY_CPU" "$BIN" serve --http-listen 127.0.0.1:$PORTICO_PORT --admin-listen 127.0.0.1:$ADMIN_PORT \
  --workers 1 --access-log off --upstream 127.0.0.1:$ECHO1,127.0.0.1:$ECHO2 2>/dev/null & PIDS+=($!)
PORTICO_PID=$!
if [ -n "$METRICS_OFF" ]; then
  taskset -c "$PROXY_CPU" "$BIN" serve --http-listen 127.0.0.1:$NOMETRICS_PORT --admin-listen 127.0.0.1:$NOMETRICS_ADMIN \
    --workers 1 --access-log off --request-metrics off --upstream 127.0.0.1:$ECHO1,127.0.0.1:$ECHO2 2>/dev/null & PIDS+=($!)
  NOMETRICS_PID=$!
fi

for _ in $(seq 1 100); do
  curl -fs -o /dev/null http://127.0.0.1:$NGINX_PORT/ && curl -fs -o /dev/null http://127.0.0.1:$PORTICO_PORT/ \
    && { [ -z "$METRICS_OFF" ] || curl -fs -o /dev/null http://127.0.0.1:$NOMETRICS_PORT/; } && break
  sleep 0.1
done
NGINX_WORKER=$(ps -o pid= --ppid "$NGINX_MASTER" | head -1 | tr -d ' ')
echo "== nginx worker pid $NGINX_WORKER, portico pid $PORTICO_PID; proxies on CPU $PROXY_CPU, load on CPU $LOAD_CPU"

TICK=$(getconf CLK_TCK)
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

# Warm both up.
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d2s http://127.0.0.1:$NGINX_PORT/ >/dev/null
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d2s http://127.0.0.1:$PORTICO_PORT/ >/dev/null
[ -z "$METRICS_OFF" ] || taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d2s http://127.0.0.1:$NOMETRICS_PORT/ >/dev/null

declare -A RPS P50 P99 CPS
run() { # name port pid round
  local name=$1 port=$2 pid=$3 round=$4
  local before after out rps p50 p99 reqs
  before=$(cpu_ticks "$pid")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency http://127.0.0.1:$port/)
  after=$(cpu_ticks "$pid")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local errs; errs=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ' || true)
  local cpu_s; cpu_s=$(awk -v a="$before" -v b="$after" -v t="$TICK" 'BEGIN {printf "%.2f", (b-a)/t}')
  local per_cpu; per_cpu=$(awk -v r="$reqs" -v c="$cpu_s" 'BEGIN {if (c>0) printf "%.0f", r/c; else print "n/a"}')
  printf "%-8s round %d: %10s req/s  p50 %8s  p99 %8s  cpu %6ss  %10s req/cpu-s %s\n" "$name" "$round" "$rps" "$p50" "$p99" "$cpu_s" "$per_cpu" "$errs"
  RPS[$name]="${RPS[$name]:-} $rps"; P50[$name]="${P50[$name]:-} $p50"; P99[$name]="${P99[$name]:-} $p99"; CPS[$name]="${CPS[$name]:-} $per_cpu"
}

to_ms() { awk '{ v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v }'; }
mean() { tr ' ' '\n' | grep -v '^$' | awk '{s+=$1; n++} END {if (n) printf "%.3f", s/n; else print 0}'; }
mean_ms() { tr ' ' '\n' | grep -v '^$' | to_ms | mean; }

if [ "$ROUNDS" -gt 0 ]; then  # ROUNDS=0: memory only
echo "== throughput: $ROUNDS interleaved rounds of ${DURATION}s at $CONNS connections"
for r in $(seq 1 "$ROUNDS"); do
  run nginx $NGINX_PORT "$NGINX_WORKER" "$r"
  run portico $PORTICO_PORT "$PORTICO_PID" "$r"
  [ -z "$METRICS_OFF" ] || run no-metr $NOMETRICS_PORT "$NOMETRICS_PID" "$r"
done

n_rps=$(echo "${RPS[nginx]}" | mean); p_rps=$(echo "${RPS[portico]}" | mean)
n_p50=$(echo "${P50[nginx]}" | mean_ms); p_p50=$(echo "${P50[portico]}" | mean_ms)
n_p99=$(echo "${P99[nginx]}" | mean_ms); p_p99=$(echo "${P99[portico]}" | mean_ms)
n_cps=$(echo "${CPS[nginx]}" | mean); p_cps=$(echo "${CPS[portico]}" | mean)
echo
printf "%-8s %12s %10s %10s %14s %12s\n" proxy "req/s" "p50 ms" "p99 ms" "req/cpu-s" "peak RSS KiB"
printf "%-8s %12.0f %10.3f %10.3f %14.0f %12s\n" nginx "$n_rps" "$n_p50" "$n_p99" "$n_cps" "$(hwm_kib "$NGINX_WORKER")"
printf "%-8s %12.0f %10.3f %10.3f %14.0f %12s\n" portico "$p_rps" "$p_p50" "$p_p99" "$p_cps" "$(hwm_kib "$PORTICO_PID")"
awk -v a="$p_rps" -v b="$n_rps" -v c="$p_p99" -v d="$n_p99" -v e="$p_cps" -v f="$n_cps" 'BEGIN {
  printf "ratios portico/nginx: req/s %.2f (target >= 0.8)  p99 %.2f (target <= 1.5)  req per cpu-s %.2f\n", a/b, c/d, e/f }'
if [ -n "$METRICS_OFF" ]; then
  m_rps=$(echo "${RPS[no-metr]}" | mean); m_cps=$(echo "${CPS[no-metr]}" | mean)
  printf "%-8s %12.0f %10.3f %10.3f %14.0f %12s\n" no-metr "$m_rps" "$(echo "${P50[no-metr]}" | mean_ms)" \
    "$(echo "${P99[no-metr]}" | mean_ms)" "$m_cps" "$(hwm_kib "$NOMETRICS_PID")"
  awk -v a="$p_rps" -v b="$m_rps" -v e="$p_cps" -v f="$m_cps" 'BEGIN {
    printf "request metrics cost: req/s %.1f%%  req per cpu-s %.1f%% (target < 5%%)\n", (1-a/b)*100, (1-e/f)*100 }'
fi
fi

echo
echo "== memory: $IDLE idle keep-alive connections held open to each proxy"
echo "   (process RSS only: the kernel's socket buffers are not in RSS and cost both proxies the same)"
idle_phase() { # name port pid round
  local before after
  before=$(rss_kib "$3")
  coproc HOLD { python3 bench/idle_conns.py "$2" "$IDLE"; }
  read -r _ready _n <&"${HOLD[0]}"
  sleep 1
  after=$(rss_kib "$3")
  exec {HOLD[1]}>&-
  wait "$HOLD_PID" 2>/dev/null || true
  sleep 1
  awk -v n="$1" -v r="$4" -v a="$before" -v b="$after" -v c="$IDLE" 'BEGIN {
    printf "%-8s %-5s RSS before %6d KiB, with %d idle %6d KiB: %.3f KiB per idle connection\n", n, r, a, c, b, (b-a)/c}'
  echo $(( (after - before) )) > "$WORK/idle-$1-$4"
}
# "cold": the first 1000 connections touch new memory; "warm": a second batch after the
# first closed, reusing what the allocator kept (nginx preallocates its connection
# structures for worker_connections at start, so its cold figure is already mostly warm).
for round in cold warm; do
  idle_phase nginx $NGINX_PORT "$NGINX_WORKER" $round
  idle_phase portico $PORTICO_PORT "$PORTICO_PID" $round
done

# nginx pays for its connection array (ngx_connection_t + read and write ngx_event_t per
# slot) at start-up, for every one of worker_connections whether used or not, so its RSS
# delta leaves that out. Charge it: worker RSS after one proxied request with
# worker_connections 1024 and 4096, the difference divided by the 3072 extra slots.
nginx_start_rss() { # worker_connections port -> worker RSS in KiB
  local dir="$WORK/pre-$1"
  mkdir -p "$dir"
  cat > "$dir/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections $1; }
http {
  access_log off;
  upstream backends { server 127.0.0.1:$ECHO1; keepalive 64; }
  server {
    listen 127.0.0.1:$2;
    location / { proxy_pass http://backends; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
  taskset -c "$PROXY_CPU" "$NGINX" -c "$dir/nginx.conf" -p "$dir" 2>/dev/null &
  local master=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$2/" && break; sleep 0.1; done
  sleep 0.3
  local worker; worker=$(ps -o pid= --ppid "$master" | head -1 | tr -d ' ')
  rss_kib "$worker"
  kill "$master" 2>/dev/null || true
  wait "$master" 2>/dev/null || true
}
rss_1k=$(nginx_start_rss 1024 $PRE1K_PORT)
rss_4k=$(nginx_start_rss 4096 $PRE4K_PORT)
prealloc=$(awk -v a="$rss_1k" -v b="$rss_4k" 'BEGIN {printf "%.3f", (b-a)/3072}')
echo "nginx preallocation: worker RSS at start $rss_1k KiB (worker_connections 1024), $rss_4k KiB (4096): $prealloc KiB per connection slot"

echo
printf "%-8s %-5s %12s %12s %16s %16s\n" proxy round "RSS delta" "KiB per conn" "+ preallocation" "KiB per conn"
for round in cold warm; do
  n=$(cat "$WORK/idle-nginx-$round"); p=$(cat "$WORK/idle-portico-$round")
  awk -v r="$round" -v n="$n" -v p="$p" -v c="$IDLE" -v pre="$prealloc" 'BEGIN {
    printf "%-8s %-5s %8d KiB %12.3f %16.3f %16.3f\n", "nginx", r, n, n/c, pre, n/c + pre;
    printf "%-8s %-5s %8d KiB %12.3f %16.3f %16.3f\n", "portico", r, p, p/c, 0, p/c;
    if (n > 0) printf "%s: portico/nginx memory per idle connection: RSS delta only %.2f, ", r, p/n;
    else printf "%s: portico/nginx memory per idle connection: RSS delta only n/a (nginx grew %d KiB), ", r, n;
    if (n/c + pre > 0) printf "nginx charged its preallocation %.2f (target <= 2)\n", (p/c)/(n/c + pre);
    else printf "charged n/a\n" }'
done
