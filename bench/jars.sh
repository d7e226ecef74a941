#!/usr/bin/env bash
# Paired 4 KiB GETs of two or more Coffer builds on 127.0.0.1, e.g. a commit before a change and
# after it: all servers run side by side, each wrk round (bench/files.sh's line: wrk -t2 -c32, a
# bearer token, -Xmx128m) loads one of them, and the rounds rotate the order, so a loaded machine
# weighs on every build alike. Prints req/s and the server's CPU time per request (utime + stime
# from /proc over the round), which depends little on what else runs.
#
#   bench/jars.sh OLD.jar NEW.jar [MORE.jar...]
#
# Settings (environment): HEAP (128m), WARM (seconds of 5-second rounds per server before measuring,
# default 60; JDK 17 on two busy cores needs 60 or more), ROUNDS (4), SECS (10 per round), JFR=1
# (a Flight Recorder profile of the measured rounds, kept with the work folder), JAVA. Needs wrk,
# curl. [k]/[0] is each build's rate over the first one's in the same run.
set -euo pipefail
HEAP=${HEAP:-128m} WARM=${WARM:-60} ROUNDS=${ROUNDS:-4} SECS=${SECS:-10} JFR=${JFR:-0}
JAVA=${JAVA:-java}
JARS=("$@"); N=${#JARS[@]}
[ "$N" -ge 2 ] || { echo "usage: bench/jars.sh OLD.jar NEW.jar [MORE.jar...]" >&2; exit 2; }
JOPT=""; [ "$JFR" = 1 ] && JOPT="-XX:FlightRecorderOptions:stackdepth=256"
WORK=$(mktemp -d /tmp/coffer-jars.XXXXXX)
PIDS=() PORTS=() TOKENS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ "$JFR" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
head -c 4096 /dev/urandom >"$WORK/small.bin"
for ((k=0; k<N; k++)); do
  port=$(free_port)
  COFFER_STORAGE_DIR="$WORK/s$k" COFFER_ADMIN_PASSWORD=bench-admin-password \
    "$JAVA" -Xmx"$HEAP" $JOPT -jar "${JARS[$k]}" --server.port="$port" \
    --logging.level.dev.coffer.files.transfer=WARN >"$WORK/$k.log" 2>&1 &
  PIDS+=($!); PORTS+=("$port")
done
for ((k=0; k<N; k++)); do
  C="http://127.0.0.1:${PORTS[$k]}"
  for _ in $(seq 1 240); do curl -sf "$C/actuator/health" >/dev/null && break
    kill -0 "${PIDS[$k]}" || { cat "$WORK/$k.log"; exit 1; }; sleep 0.5; done
  curl -sf -u admin:bench-admin-password -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-password-123"}' "$C/api/v1/users" >/dev/null
  t=$(curl -sf -u bench:bench-password-123 -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$C/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  TOKENS+=("$t")
  curl -sf -o /dev/null -H "Authorization: Bearer $t" -T "$WORK/small.bin" "$C/api/v1/files/small.bin"
  curl -sI -H "Authorization: Bearer $t" "$C/api/v1/files/small.bin" | grep -viE '^(date|etag|last-modified):' | sort >"$WORK/h$k"
done
for ((k=1; k<N; k++)); do diff -q "$WORK/h0" "$WORK/h$k" >/dev/null || { echo "headers differ: 0 vs $k"; diff "$WORK/h0" "$WORK/h$k"; }; done
TCK=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
round() { # k seconds -> "rps requests cpu_us_per_req"
  local k=$1 c0 c1 out req rps
  c0=$(cpu "${PIDS[$k]}")
  out=$(wrk -t2 -c32 -d"$2s" -H "Authorization: Bearer ${TOKENS[$k]}" "http://127.0.0.1:${PORTS[$k]}/api/v1/files/small.bin")
  c1=$(cpu "${PIDS[$k]}")
  echo "$out" | grep -q Non-2xx && echo "WARN $k: $(echo "$out" | grep Non-2xx)" >&2
  req=$(echo "$out" | awk '/requests in/ {print $1}'); rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  awk -v r="$rps" -v q="$req" -v c=$((c1 - c0)) -v t="$TCK" 'BEGIN {printf "%8.0f req/s %6.1f us", r, c * 1e6 / t / q}'
}
for ((k=0; k<N; k++)); do echo "[$k] ${JARS[$k]}"; done
echo "heap=$HEAP warm=${WARM}s rounds=$ROUNDS x ${SECS}s load=$(cut -d' ' -f1-3 /proc/loadavg)"
for ((e=0; e<WARM; e+=5)); do line="warm"; for ((k=0; k<N; k++)); do line+="  [$k] $(round $k 5)"; done; echo "$line  load $(cut -d' ' -f1 /proc/loadavg)"; done
if [ "$JFR" = 1 ]; then
  for ((k=0; k<N; k++)); do jcmd "${PIDS[$k]}" JFR.start name=m settings=profile filename="$WORK/$k.jfr" >/dev/null; done
  for ((k=0; k<N; k++)); do round $k 5 >/dev/null; done
fi
for ((i=0; i<ROUNDS; i++)); do
  line="run $((i+1))"
  for ((j=0; j<N; j++)); do k=$(( (i + j) % N )); r[$k]=$(round $k "$SECS"); done
  for ((k=0; k<N; k++)); do line+="  [$k] ${r[$k]}"; done
  for ((k=1; k<N; k++)); do line+="  [$k]/[0] $(awk -v a="${r[$k]}" -v b="${r[0]}" 'BEGIN {split(a, x, " "); split(b, y, " "); printf "%.2f", x[1] / y[1]}')"; done
  echo "$line  load $(cut -d' ' -f1 /proc/loadavg)"
done
if [ "$JFR" = 1 ]; then for ((k=0; k<N; k++)); do jcmd "${PIDS[$k]}" JFR.stop name=m >/dev/null; done; echo "jfr: $WORK/*.jfr"; fi
[ "$JFR" = 1 ] && echo "work: $WORK"; true
