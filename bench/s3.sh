#!/usr/bin/env bash
# Coffer on the S3 backend vs the same S3 server straight, from one run: a single-stream 1 GiB
# upload and download through Coffer (server at -Xmx128m) against the same transfer sent to
# S3Proxy directly with curl --aws-sigv4. Prints the ratios and Coffer's peak RSS.
#
#   bench/s3.sh
#
# Settings (environment): JAVA, HEAP (default 128m), SIZE_MB (default 1024), RUNS (rounds,
# default 5; medians are reported), ANNOUNCE_DIGEST (1: uploads carry X-Checksum-Sha256), PART_SIZE (Coffer's coffer.storage.s3.part-size, default 8MB), IN_FLIGHT (its
# parts-in-flight, default 2), JFR (a file: Coffer is recorded with JFR's profile settings). S3Proxy (target/s3proxy/s3proxy.jar, copied by the test build) runs
# on a free port with its filesystem provider in a temporary folder; both are stopped at the end.
# The two paths take turns in every run, so the load of a shared machine falls on both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

JAVA=${JAVA:-java}
HEAP=${HEAP:-128m}
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-5}
PART_SIZE=${PART_SIZE:-8MB}
IN_FLIGHT=${IN_FLIGHT:-2}
S3PROXY=target/s3proxy/s3proxy.jar
[ -f "$S3PROXY" ] || ./mvnw -q -B generate-test-resources >&2

KEY=bench-access-key
SECRET=bench-secret-key
S3_DIR=$(mktemp -d /tmp/coffer-s3bench.XXXXXX)
S3_PORT=$(bench_free_port)
S3="http://127.0.0.1:$S3_PORT"
mkdir -p "$S3_DIR/data/coffer"
cat >"$S3_DIR/s3proxy.properties" <<CONF
s3proxy.endpoint=$S3
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$KEY
s3proxy.credential=$SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$S3_DIR/data
CONF
"$JAVA" -Xmx512m -jar "$S3PROXY" --properties "$S3_DIR/s3proxy.properties" >"$S3_DIR/s3proxy.log" 2>&1 &
S3_PID=$!
s3_stop() {
  kill "$S3_PID" 2>/dev/null || true
  wait "$S3_PID" 2>/dev/null || true
  rm -rf "$S3_DIR"
}
BENCH_EXTRA_CLEANUP=s3_stop
trap bench_cleanup EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "$S3/" && break
  sleep 0.5
done

# JFR=file also records Coffer with JFR (profile settings), as bench/patch-cpu.sh does
AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET JAVA_HOME=${JAVA_HOME:-} \
  JAVA_TOOL_OPTIONS=${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile} \
  bench_start_coffer "$HEAP" \
  --coffer.storage.backend=s3 --coffer.storage.s3.endpoint="$S3" \
  --coffer.storage.s3.bucket=coffer --coffer.storage.s3.path-style-access=true \
  --coffer.storage.s3.prefix=coffer --coffer.storage.s3.part-size="$PART_SIZE" \
  --coffer.storage.s3.parts-in-flight="$IN_FLIGHT"
C=$COFFER_URL
curl -sf -u "admin:$BENCH_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-123"}' "$C/api/v1/users" >/dev/null
TOKEN=$(curl -sf -u bench:bench-password-123 -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$C/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"

echo "java: $("$JAVA" -version 2>&1 | head -n 1)  heap: $HEAP  part: $PART_SIZE x $IN_FLIGHT in flight  load: $(cut -d' ' -f1-3 /proc/loadavg)"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$S3_DIR/big.bin"
SUM=$(sha256sum "$S3_DIR/big.bin" | cut -d' ' -f1)

SIGN=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$KEY:$SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
up_s3() { curl -sf -o /dev/null -w '%{speed_upload}' "${SIGN[@]}" -T "$S3_DIR/big.bin" "$S3/coffer/direct.bin"; }
# ANNOUNCE_DIGEST=1: send the SHA-256 with the upload, as careful clients do; Coffer then writes it
# into the multipart upload's metadata at once instead of copying the object onto itself after.
DIGEST_HEADER=()
[ "${ANNOUNCE_DIGEST:-0}" = 1 ] && DIGEST_HEADER=(-H "X-Checksum-Sha256: $SUM")
up_coffer() { curl -sf -o /dev/null -w '%{speed_upload}' -H "$AUTH" "${DIGEST_HEADER[@]}" -T "$S3_DIR/big.bin" "$C/api/v1/files/big.bin"; }
down_s3() { curl -sf -o /dev/null -w '%{speed_download}' "${SIGN[@]}" "$S3/coffer/direct.bin"; }
down_coffer() { curl -sf -o /dev/null -w '%{speed_download}' -H "$AUTH" "$C/api/v1/files/big.bin"; }

# warm up both paths (JIT, page cache)
up_s3 >/dev/null; up_coffer >/dev/null; down_s3 >/dev/null; down_coffer >/dev/null

# CPU seconds (user + system) of a process so far, and the bytes it has written to disk
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
written() { awk '/^write_bytes/ { print $2 }' "/proc/$1/io"; }
# measure NAME COMMAND: runs it, appends its MB/s and both servers' CPU seconds and S3Proxy's disk
# writes (MiB) per GiB moved to $S3_DIR/NAME
measure() {
  local name=$1 c0 p0 w0 speed
  shift
  c0=$(cpu "$COFFER_PID"); p0=$(cpu "$S3_PID"); w0=$(written "$S3_PID")
  speed=$("$@")
  awk -v s="$speed" -v c="$(cpu "$COFFER_PID")" -v c0="$c0" -v p="$(cpu "$S3_PID")" -v p0="$p0" \
    -v w="$(written "$S3_PID")" -v w0="$w0" -v mb="$SIZE_MB" \
    'BEGIN { g = mb / 1024; printf "%.0f %.2f %.2f %.0f\n", s / 1e6, (c - c0) / g, (p - p0) / g, (w - w0) / 1048576 / g }' \
    >>"$S3_DIR/$name"
}
for _ in $(seq 1 "$RUNS"); do
  sync; measure up_s3 up_s3
  sync; measure up_coffer up_coffer
  measure down_s3 down_s3
  measure down_coffer down_coffer
done

# column N of a result file: its median; ratios: the median of the rounds' coffer/direct ratios
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { awk -v n="$2" '{ print $n }' "$S3_DIR/$1" | median; }
ratio() { paste -d' ' "$S3_DIR/$1" "$S3_DIR/$2" | awk '{ printf "%.3f\n", $1 / $5 }' | median; }
rounds() { awk '{ printf "%s ", $1 }' "$S3_DIR/$1"; }

[ "$(curl -sf -H "$AUTH" "$C/api/v1/files/big.bin" | sha256sum | cut -d' ' -f1)" = "$SUM" ] \
  || { echo "Coffer returned different bytes" >&2; exit 1; }
STORED=$(curl -sf -H "$AUTH" -I "$C/api/v1/files/big.bin" | tr -d '\r' | awk -F': ' 'tolower($1) == "repr-digest" {print $2}')
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$COFFER_PID/status")

verdict() { awk -v r="$1" -v bar="$2" 'BEGIN { print (r >= bar ? "ok" : "BELOW BAR") }'; }
echo "$RUNS rounds, medians; MB/s per round: upload $(rounds up_coffer)vs $(rounds up_s3); download $(rounds down_coffer)vs $(rounds down_s3)"
printf '%-18s %8s %9s %6s %4s %-9s | %-29s | %s\n' "test" "coffer" "s3 direct" "ratio" "bar" "" \
  "CPU s/GiB coffer, s3proxy" "s3proxy disk MiB/GiB"
for d in up down; do
  R=$(ratio "${d}_coffer" "${d}_s3")
  printf '%-18s %8s %9s %6.2f %4s %-9s | via coffer %4.1f, %4.1f; direct -, %4.1f | via coffer %s, direct %s\n' \
    "${d}load ${SIZE_MB} MiB" "$(col "${d}_coffer" 1) MB/s" "$(col "${d}_s3" 1) MB/s" "$R" 0.8 "$(verdict "$R" 0.8)" \
    "$(col "${d}_coffer" 2)" "$(col "${d}_coffer" 3)" "$(col "${d}_s3" 3)" "$(col "${d}_coffer" 4)" "$(col "${d}_s3" 4)"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "coffer peak RSS: $((RSS_KB / 1024)) MiB (heap -Xmx$HEAP); stored digest: ${STORED:-(not in headers)}"
