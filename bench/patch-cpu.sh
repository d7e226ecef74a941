#!/usr/bin/env bash
# Server CPU per GiB of a PUT against one tus PATCH of the same file, same server, same run: one
# Coffer at -Xmx128m (HEAP), and ROUNDS alternating rounds of `curl -T` to /api/v1/files and a tus
# upload made with curl (POST /api/v1/uploads, then one PATCH of the whole file; the creation's
# CPU is counted with it). For each: the server's CPU (user + system from /proc/<pid>/stat, every
# thread: request, hasher, GC, JIT) per GiB, and wall MB/s; medians, and the median of each round's
# PATCH/PUT CPU ratio. CPU per GiB moves far less with the machine's load than wall time does.
# The stored SHA-256 of both files is checked at the end.
#
#   bench/patch-cpu.sh                  # ROUNDS=5 SIZE_MIB=1024 HEAP=128m
#   JFR=/tmp/run.jfr bench/patch-cpu.sh # also records the server with JFR (profile settings)
#   BENCH_JAR=/tmp/before.jar bench/patch-cpu.sh  # another build of the server, kept aside
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-5}
SIZE_MIB=${SIZE_MIB:-1024}
HEAP=${HEAP:-128m}

if [ -n "${JFR:-}" ]; then
  JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$JFR,settings=profile" bench_start_coffer "$HEAP"
else
  bench_start_coffer "$HEAP"
fi
curl -sf -u "admin:$BENCH_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench password 1"}' "$COFFER_URL/api/v1/users" >/dev/null
TOKEN=$(curl -sf -u 'bench:bench password 1' -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$COFFER_URL/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"
TUS="Tus-Resumable: 1.0.0"

FILE="$BENCH_DIR/payload"
BYTES=$((SIZE_MIB * 1024 * 1024))
head -c "$BYTES" /dev/urandom >"$FILE"
SUM=$(sha256sum "$FILE" | cut -d' ' -f1)

put() { curl -sf -o /dev/null -H "$AUTH" -T "$FILE" "$COFFER_URL/api/v1/files/put.bin"; }
patch() {
  local url
  url=$(curl -sf -i -H "$AUTH" -H "$TUS" -H "Upload-Length: $BYTES" \
    -H "Upload-Metadata: path $(printf %s patch.bin | base64 -w0)" -X POST "$COFFER_URL/api/v1/uploads" |
    tr -d '\r' | sed -n 's/^location: //Ip')
  curl -sf -o /dev/null -H "$AUTH" -H "$TUS" -H 'Content-Type: application/offset+octet-stream' \
    -H 'Upload-Offset: 0' -X PATCH -T "$FILE" "$url"
}
# server CPU (user + system, in clock ticks) so far, all threads
server_ticks() { awk '{print $14 + $15}' "/proc/$COFFER_PID/stat"; }
# measure NAME COMMAND...: server CPU seconds per GiB to NAME-cpu, wall MB/s to NAME-mbs
measure() {
  local name=$1 a b s e
  shift
  sync
  a=$(server_ticks)
  s=$(date +%s.%N)
  "$@"
  e=$(date +%s.%N)
  b=$(server_ticks)
  awk -v a="$a" -v b="$b" -v hz="$(getconf CLK_TCK)" -v g="$BYTES" \
    'BEGIN { printf "%.3f\n", (b - a) / hz / (g / 1073741824) }' >>"$BENCH_DIR/$name-cpu"
  awk -v s="$s" -v e="$e" -v g="$BYTES" 'BEGIN { printf "%.0f\n", g / (e - s) / 1e6 }' \
    >>"$BENCH_DIR/$name-mbs"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for _ in 1 2; do put && patch; done # warm up: JIT, page cache
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$ROUNDS"); do
  measure put put
  measure patch patch
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
for f in put.bin patch.bin; do
  [ "$(curl -sf -H "$AUTH" "$COFFER_URL/api/v1/files/$f" | sha256sum | cut -d' ' -f1)" = "$SUM" ] ||
    { echo "$f: the stored bytes differ" >&2; exit 1; }
done

echo "per round (CPU s/GiB, MB/s): put / patch"
paste "$BENCH_DIR/put-cpu" "$BENCH_DIR/patch-cpu" "$BENCH_DIR/put-mbs" "$BENCH_DIR/patch-mbs" |
  awk '{ printf "  %s / %s   %s / %s\n", $1, $2, $3, $4 }'
printf '%-24s %10s %8s   (medians of %s rounds, -Xmx%s)\n' "upload (${SIZE_MIB} MiB)" \
  "CPU s/GiB" "MB/s" "$ROUNDS" "$HEAP"
for op in put patch; do
  printf '%-24s %10s %8s\n' "$op" "$(median <"$BENCH_DIR/$op-cpu")" "$(median <"$BENCH_DIR/$op-mbs")"
done
printf '%-24s %10s\n' "patch / put (paired)" \
  "$(paste "$BENCH_DIR/patch-cpu" "$BENCH_DIR/put-cpu" | awk '{printf "%.3f\n", $1 / $2}' | median)"
