# Shared set-up for the proxy benchmarks (sourced by bench/proxy.sh and bench/https.sh):
# installs the peers from Debian if missing, builds portico in release (sets BIN and NGINX),
# and refuses to run while another benchmark holds the ports, since numbers would mix.

bench_setup() {
  local need=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v wrk >/dev/null || need+=(wrk)
  command -v taskset >/dev/null || need+=(util-linux)
  command -v python3 >/dev/null || need+=(python3)
  if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need[@]}"
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  export PATH="/opt/swift/usr/bin:$PATH"
  ulimit -n 65536 2>/dev/null || ulimit -n 4096

  echo "== building portico (release)"
  swift build -c release --product portico 2>&1 | grep -E 'error|complete' | tail -2 || true
  BIN=$(swift build -c release --show-bin-path)/portico
}

# require_free_ports PORT...: exit if any port already accepts connections.
require_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use (another benchmark running?): wait for it, numbers would mix" >&2
      exit 1
    fi
  done
}

# cpu_ticks PID: user + system clock ticks the process has used.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
