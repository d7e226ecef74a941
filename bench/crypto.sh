#!/usr/bin/env bash
# Encrypt throughput against GET /api/v1/me, measured in one run on this machine.
#
# Builds the jar (unless SKIP_BUILD=1), starts Coffer on a free 127.0.0.1 port with a throwaway
# storage folder, creates a user, a bearer token and a key, then drives both endpoints with wrk
# (32 connections, the same bearer token): POST /api/v1/keys/bench/encrypt with a 100-byte
# plaintext, and GET /api/v1/me. Prints both requests/s and their ratio (bar: encrypt >= 0.7 x me).
#
# The two are measured in short alternating rounds (me, encrypt, me, encrypt, ...): each figure is
# the median of its rounds and the ratio is the median of the per-round ratios, so that load from
# other processes on the machine hits both alike.
#
# Settings (environment): DURATION (seconds per round, default 5), ROUNDS (default 8),
# WARMUP (seconds per endpoint, default 45),
# CONNECTIONS (default 32), THREADS (wrk threads, default 2), KEY_TYPE (default aes256-gcm),
# JAVA_OPTS (extra JVM flags for the server).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-8}
WARMUP=${WARMUP:-45}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
KEY_TYPE=${KEY_TYPE:-aes256-gcm}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -DskipTests package
fi
JAR=$(ls target/coffer-*.jar | grep -v plain | head -1)

WORK=$(mktemp -d /tmp/coffer-bench-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
ADMIN_PW="bench-admin-$RANDOM$RANDOM"

# shellcheck disable=SC2086
COFFER_STORAGE_DIR="$WORK/storage" COFFER_ADMIN_PASSWORD="$ADMIN_PW" \
  java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
  --logging.level.root=WARN >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
  curl -fsS "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 1
done
curl -fsS "$BASE/actuator/health" >/dev/null || { echo "server did not start" >&2; exit 1; }

json() { curl -fsS -H 'Content-Type: application/json' "$@"; }
json -u "admin:$ADMIN_PW" -d '{"username":"bench","password":"bench-password-1"}' \
  "$BASE/api/v1/users" >/dev/null
TOKEN=$(json -u bench:bench-password-1 -d '{"name":"bench"}' "$BASE/api/v1/tokens" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
json -H "Authorization: Bearer $TOKEN" -d "{\"name\":\"bench\",\"type\":\"$KEY_TYPE\"}" \
  "$BASE/api/v1/keys" >/dev/null

PLAINTEXT=$(head -c 100 /dev/urandom | base64 -w0)
cat >"$WORK/encrypt.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"plaintext":"$PLAINTEXT"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
cat >"$WORK/me.lua" <<LUA
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

# One check that the encrypt call really works before measuring it.
json -H "Authorization: Bearer $TOKEN" -d "{\"plaintext\":\"$PLAINTEXT\"}" \
  "$BASE/api/v1/keys/bench/encrypt" | grep -q '"ciphertext"'

run() { # script path seconds
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${3}s" -s "$WORK/$1.lua" "$BASE$2" >"$WORK/$1.out"
  if grep -q "Non-2xx" "$WORK/$1.out"; then
    echo "$1: some responses were not 2xx:" >&2
    cat "$WORK/$1.out" >&2
    exit 1
  fi
  awk '/^Requests\/sec:/ {print $2}' "$WORK/$1.out"
}

# Warm up both in alternation, so the JIT has compiled both paths before anything is measured.
echo "warming up ${WARMUP}s each..."
for _ in 1 2 3; do
  run me /api/v1/me $((WARMUP / 3)) >/dev/null
  run encrypt /api/v1/keys/bench/encrypt $((WARMUP / 3)) >/dev/null
done

ME_ALL=()
ENCRYPT_ALL=()
RATIO_ALL=()
for round in $(seq 1 "$ROUNDS"); do
  ME_ALL+=("$(run me /api/v1/me "$DURATION")")
  ENCRYPT_ALL+=("$(run encrypt /api/v1/keys/bench/encrypt "$DURATION")")
  RATIO_ALL+=("$(awk -v e="${ENCRYPT_ALL[-1]}" -v m="${ME_ALL[-1]}" 'BEGIN {printf "%.3f", e / m}')")
  echo "round $round: me ${ME_ALL[-1]} req/s, encrypt ${ENCRYPT_ALL[-1]} req/s, ratio ${RATIO_ALL[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ME=$(median "${ME_ALL[@]}")
ENCRYPT=$(median "${ENCRYPT_ALL[@]}")
RATIO=$(median "${RATIO_ALL[@]}")

echo "wrk -t$THREADS -c$CONNECTIONS, $ROUNDS rounds of ${DURATION}s each (medians), bearer token, $(java -version 2>&1 | head -1)"
printf 'GET  /api/v1/me                     %10.0f req/s\n' "$ME"
printf 'POST /api/v1/keys/bench/encrypt     %10.0f req/s  (%s, 100-byte plaintext)\n' \
  "$ENCRYPT" "$KEY_TYPE"
awk -v r="$RATIO" 'BEGIN {printf "ratio encrypt/me (median of rounds): %.2f (bar 0.70: %s)\n", r, r >= 0.7 ? "met" : "NOT met"}'
