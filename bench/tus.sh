#!/usr/bin/env bash
# tus vs PUT on 127.0.0.1: one file uploaded (a) with PUT /api/v1/files, (b) over tus in one PATCH,
# (c) over tus in CHUNK_MB PATCHes (what tus-js-client does with chunkSize). Wall time from the
# first request until the file is in place (tus: creation included, and the final PATCH answers
# only after the commit); prints MB/s and the tus/PUT ratios, and checks the stored SHA-256.
#
#   bench/tus.sh
#   SIZE_MB=4096 CHUNK_MB=64 JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/tus.sh
#
# Settings (environment): JAVA, HEAP (default 128m), SIZE_MB (default 1024), CHUNK_MB (default
# 50), RUNS (best of, default 3). Needs curl and dd. Starts Coffer on a free port with its own
# storage in a temporary folder and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
HEAP=${HEAP:-128m}
SIZE_MB=${SIZE_MB:-1024}
CHUNK_MB=${CHUNK_MB:-50}
RUNS=${RUNS:-3}

JAR=$(ls target/coffer-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
fi

WORK=$(mktemp -d /tmp/coffer-tus-bench.XXXXXX)
COFFER_PID=""
cleanup() {
  [ -n "$COFFER_PID" ] && kill "$COFFER_PID" 2>/dev/null && wait "$COFFER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
ADMIN_PW=bench-admin-password
COFFER_STORAGE_DIR="$WORK/coffer" COFFER_ADMIN_PASSWORD=$ADMIN_PW \
  "$JAVA" -Xmx"$HEAP" -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
  --logging.level.dev.coffer.files.transfer=WARN >"$WORK/coffer.log" 2>&1 &
COFFER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
  kill -0 "$COFFER_PID" 2>/dev/null || { cat "$WORK/coffer.log" >&2; exit 1; }
  sleep 0.5
done

C="http://127.0.0.1:$PORT"
curl -sf -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-123"}' "$C/api/v1/users" >/dev/null
TOKEN=$(curl -sf -u bench:bench-password-123 -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$C/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"
TUS="Tus-Resumable: 1.0.0"
CHUNK="Content-Type: application/offset+octet-stream"

echo "java: $("$JAVA" -version 2>&1 | head -n 1)  heap: $HEAP  size: $SIZE_MB MiB  chunks: $CHUNK_MB MiB"
FILE="$WORK/big.bin"
SIZE=$((SIZE_MB * 1024 * 1024))
head -c "$SIZE" /dev/urandom >"$FILE"
SUM=$(sha256sum "$FILE" | cut -d' ' -f1)

create() {
  curl -sf -i -H "$AUTH" -H "$TUS" -H "Upload-Length: $SIZE" \
    -H "Upload-Metadata: path $(printf %s "$1" | base64 -w0)" -X POST "$C/api/v1/uploads" |
    tr -d '\r' | sed -n 's/^location: //Ip'
}
put() { curl -sf -o /dev/null -H "$AUTH" -T "$FILE" "$C/api/v1/files/put.bin"; }
tus_one() {
  local url
  url=$(create tus-one.bin)
  curl -sf -o /dev/null -H "$AUTH" -H "$TUS" -H "$CHUNK" -H 'Upload-Offset: 0' -X PATCH -T "$FILE" "$url"
}
tus_chunks() {
  local url offset=0
  url=$(create tus-chunks.bin)
  while [ "$offset" -lt "$SIZE" ]; do
    dd if="$FILE" bs=1M skip=$((offset / 1048576)) count="$CHUNK_MB" status=none |
      curl -sf -o /dev/null -H "$AUTH" -H "$TUS" -H "$CHUNK" -H "Upload-Offset: $offset" \
        -X PATCH -T - "$url"
    offset=$((offset + CHUNK_MB * 1048576))
    [ "$offset" -gt "$SIZE" ] && offset=$SIZE
  done
}
# Best of RUNS, in bytes per second of wall time.
best() {
  local best=0 start end speed
  for _ in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    "$@"
    end=$(date +%s%N)
    speed=$((SIZE * 1000000000 / (end - start)))
    [ "$speed" -gt "$best" ] && best=$speed
  done
  echo "$best"
}

put; tus_one; tus_chunks # warm up (JIT, page cache)
PUT=$(best put)
ONE=$(best tus_one)
CHUNKS=$(best tus_chunks)
for path in put.bin tus-one.bin tus-chunks.bin; do
  [ "$(curl -sf -H "$AUTH" "$C/api/v1/files/$path" | sha256sum | cut -d' ' -f1)" = "$SUM" ] ||
    { echo "$path: stored bytes differ" >&2; exit 1; }
done

mbs() { awk -v b="$1" 'BEGIN { printf "%.0f MB/s", b / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-34s %12s %10s\n' "upload ${SIZE_MB} MiB" "speed" "vs PUT"
printf '%-34s %12s %10s\n' "PUT /api/v1/files" "$(mbs "$PUT")" "1.00"
printf '%-34s %12s %10s\n' "tus, one PATCH" "$(mbs "$ONE")" "$(ratio "$ONE" "$PUT")"
printf '%-34s %12s %10s\n' "tus, ${CHUNK_MB} MiB PATCHes" "$(mbs "$CHUNKS")" "$(ratio "$CHUNKS" "$PUT")"
