#!/usr/bin/env bash
# Coffer vs nginx on 127.0.0.1, from one run: single-stream 1 GiB download and upload, and 4 KiB
# downloads per second (wrk, 32 connections; bearer token on Coffer). Prints Coffer/nginx ratios.
#
#   bench/files.sh                       # the JDK on PATH
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/files.sh
#
# Settings (environment): JAVA, HEAP (default 128m), SIZE_MB (default 1024), RUNS (best of, default
# 3), WRK_SECONDS (default 10), WARM_MIN and WARM_MAX (bounds of the 4 KiB warm-up, default 15 and
# 180 seconds), JAR (default: the one in target/, built when absent). Needs nginx (Debian nginx-light with its dav module), wrk and curl.
# Starts both servers on free ports with their own config in a temporary folder and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
HEAP=${HEAP:-128m}
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
WRK_SECONDS=${WRK_SECONDS:-10}
WARM_MIN=${WARM_MIN:-15}
WARM_MAX=${WARM_MAX:-180}

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y nginx-light wrk curl)" >&2; exit 1; }
done

JAR=${JAR:-$(ls target/coffer-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)}
if [ -z "$JAR" ]; then
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
fi

WORK=$(mktemp -d /tmp/coffer-bench.XXXXXX)
NGINX_PID=""
COFFER_PID=""
cleanup() {
  [ -n "$COFFER_PID" ] && kill "$COFFER_PID" 2>/dev/null && wait "$COFFER_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
NGINX_PORT=$(free_port)
COFFER_PORT=$(free_port)

# ---- nginx: static files plus WebDAV PUT, sendfile on, no access log --------------------------
mkdir -p "$WORK/nginx/root" "$WORK/nginx/tmp" "$WORK/nginx/logs"
# nginx workers run as an unprivileged user: let them in.
chmod 755 "$WORK" "$WORK/nginx"
chmod 777 "$WORK/nginx/root" "$WORK/nginx/tmp"
DAV_MODULE=""
for m in /usr/lib/nginx/modules/ngx_http_dav_ext_module.so; do
  [ -f "$m" ] && DAV_MODULE="load_module $m;"
done
cat > "$WORK/nginx/nginx.conf" <<CONF
$DAV_MODULE
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/root;
    client_max_body_size 0;
    dav_methods PUT DELETE MKCOL;
    create_full_put_path on;
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

# ---- Coffer ---------------------------------------------------------------------------------
ADMIN_PW=bench-admin-password
COFFER_STORAGE_DIR="$WORK/coffer" COFFER_ADMIN_PASSWORD=$ADMIN_PW \
  "$JAVA" -Xmx"$HEAP" -jar "$JAR" --server.port="$COFFER_PORT" \
  --logging.level.dev.coffer.files.transfer=WARN >"$WORK/coffer.log" 2>&1 &
COFFER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$COFFER_PORT/actuator/health" >/dev/null && break
  kill -0 "$COFFER_PID" 2>/dev/null || { cat "$WORK/coffer.log" >&2; exit 1; }
  sleep 0.5
done
for _ in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && break; sleep 0.2; done

C="http://127.0.0.1:$COFFER_PORT"
N="http://127.0.0.1:$NGINX_PORT"
curl -sf -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-123"}' "$C/api/v1/users" >/dev/null
TOKEN=$(curl -sf -u bench:bench-password-123 -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$C/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"

echo "java: $("$JAVA" -version 2>&1 | head -n 1)  heap: $HEAP  nginx: $(nginx -v 2>&1 | sed 's/.*\///')  load: $(cut -d' ' -f1-3 /proc/loadavg)"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$WORK/big.bin"
head -c 4096 /dev/urandom >"$WORK/small.bin"
SUM=$(sha256sum "$WORK/big.bin" | cut -d' ' -f1)

up_nginx() { curl -sf -o /dev/null -w '%{speed_upload}' -T "$WORK/big.bin" "$N/big.bin"; }
up_coffer() { curl -sf -o /dev/null -w '%{speed_upload}' -H "$AUTH" -T "$WORK/big.bin" "$C/api/v1/files/big.bin"; }
down_nginx() { curl -sf -o /dev/null -w '%{speed_download}' "$N/big.bin"; }
down_coffer() { curl -sf -o /dev/null -w '%{speed_download}' -H "$AUTH" "$C/api/v1/files/big.bin"; }

# Warm both servers (JIT, page cache) before measuring.
up_nginx >/dev/null; up_coffer >/dev/null; down_nginx >/dev/null; down_coffer >/dev/null

# Best of RUNS, in bytes per second, as curl measures it. The two servers take turns, and dirty
# pages are written back before every upload: otherwise whichever runs later meets the kernel's
# writeback of the gigabytes written before it and is throttled for it.
UP_N=0 UP_C=0 DOWN_N=0 DOWN_C=0
keep_best() { local speed=${2%.*}; [ "$speed" -gt "${!1}" ] && printf -v "$1" '%s' "$speed"; return 0; }
for _ in $(seq 1 "$RUNS"); do
  sync; keep_best UP_N "$(up_nginx)"
  sync; keep_best UP_C "$(up_coffer)"
  keep_best DOWN_N "$(down_nginx)"
  keep_best DOWN_C "$(down_coffer)"
done

[ "$(curl -sf -H "$AUTH" "$C/api/v1/files/big.bin" | sha256sum | cut -d' ' -f1)" = "$SUM" ] \
  || { echo "Coffer returned different bytes" >&2; exit 1; }

curl -sf -o /dev/null -T "$WORK/small.bin" "$N/small.bin"
curl -sf -o /dev/null -H "$AUTH" -T "$WORK/small.bin" "$C/api/v1/files/small.bin"
wrk_rate() { wrk -t2 -c32 -d"${WRK_SECONDS}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
# Measure the steady state of both. On two cores the JVM's optimising compiler needs a minute or
# more of CPU for a busy request path, and until it is done the rate climbs, sometimes after a
# plateau: warm up in 5-second rounds (at least WARM_MIN seconds, at most WARM_MAX) until a round
# gains less than 3% and, for Coffer, the JIT spent less than a quarter second compiling in it
# (jstat's compile time: a few large methods can keep C2 busy while the count hardly moves).
JSTAT=$(dirname "$(command -v "$JAVA")")/jstat
compile_ms() { if [ -n "$1" ] && [ -x "$JSTAT" ]; then "$JSTAT" -compiler "$1" | awk 'NR == 2 {printf "%d", $4 * 1000}'; else echo 0; fi; }
warm_up() {
  local pid=$1 previous=0 rate elapsed=0 before after
  shift
  while [ "$elapsed" -lt "$WARM_MAX" ]; do
    before=$(compile_ms "$pid")
    rate=$(wrk -t2 -c32 -d5s "$@" | awk '/Requests\/sec/ {print $2}')
    after=$(compile_ms "$pid")
    elapsed=$((elapsed + 5))
    if [ "$elapsed" -ge "$WARM_MIN" ] && [ $((after - before)) -lt 250 ] &&
      awk -v a="$rate" -v b="$previous" 'BEGIN { exit !(a < b * 1.03) }'; then
      break
    fi
    previous=$rate
  done
  echo "warmed up for ${elapsed}s (last round $rate req/s, JIT $((after - before)) ms): $*" >&2
}
warm_up "" "$N/small.bin"
warm_up "$COFFER_PID" -H "$AUTH" "$C/api/v1/files/small.bin"
RPS_N=$(wrk_rate "$N/small.bin")
RPS_C=$(wrk_rate -H "$AUTH" "$C/api/v1/files/small.bin")

mbs() { awk -v b="$1" 'BEGIN { printf "%.0f MB/s", b / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v bar="$2" 'BEGIN { print (r >= bar ? "ok" : "BELOW BAR") }'; }
printf '%-28s %14s %14s %7s %5s  %s\n' "test" "coffer" "nginx" "ratio" "bar" ""
R=$(ratio "$DOWN_C" "$DOWN_N")
printf '%-28s %14s %14s %7s %5s  %s\n' "download ${SIZE_MB} MiB" "$(mbs "$DOWN_C")" "$(mbs "$DOWN_N")" "$R" "0.9" "$(verdict "$R" 0.9)"
R=$(ratio "$UP_C" "$UP_N")
printf '%-28s %14s %14s %7s %5s  %s\n' "upload ${SIZE_MB} MiB" "$(mbs "$UP_C")" "$(mbs "$UP_N")" "$R" "0.9" "$(verdict "$R" 0.9)"
R=$(ratio "$RPS_C" "$RPS_N")
printf '%-28s %14s %14s %7s %5s  %s\n' "4 KiB GET req/s (wrk -c32)" "$RPS_C" "$RPS_N" "$R" "0.3" "$(verdict "$R" 0.3)"
