#!/usr/bin/env bash
# Streaming encryption speed: MB/s of POST /api/v1/keys/{name}/encrypt-stream over HTTP (curl,
# bearer token, aes256-gcm key, server with -Xmx128m) against `age -r` encrypting the same file
# locally, from one run; then checks the round trip (decrypt-stream output sha256 = input sha256).
# Bar (issue 6): Coffer >= 0.8x age. Both write their output to /dev/null (OUTPUT=file writes
# to files in the same folder instead; page-cache writeback then makes both figures swing).
#
# The two run in alternating rounds (age, coffer, age, coffer, ...) after a warm-up, each figure is
# the median of its rounds, so that load from other processes hits both alike. Coffer needs two
# cores (server and curl) where age needs one, so a busy machine costs Coffer more; the server's CPU
# seconds per round are printed to tell the two apart: close to the round's time when the server is
# the bottleneck, well below it when it waited (for curl, or for a core).
#
# Settings (environment): SIZE_MB (default 1024), ROUNDS (default 5), OUTPUT (null or file),
# JAVA_HOME (the JDK).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SIZE_MB=${SIZE_MB:-1024}
ROUNDS=${ROUNDS:-5}
OUTPUT=${OUTPUT:-null}
for tool in age age-keygen curl sha256sum; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y age curl" >&2; exit 2; }
done

bench_start_coffer 128m
work="$BENCH_DIR/work"
mkdir -p "$work"

admin=(-u "admin:$BENCH_ADMIN_PASSWORD" -H 'Content-Type: application/json')
token=$(curl -sS --fail "${admin[@]}" -d '{"name":"bench"}' "$COFFER_URL/api/v1/tokens" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -sS --fail "${admin[@]}" -d '{"name":"bench","type":"aes256-gcm"}' \
  "$COFFER_URL/api/v1/keys" >/dev/null
auth="Authorization: Bearer $token"

age-keygen -o "$work/age.key" 2>/dev/null
recipient=$(age-keygen -y "$work/age.key")

echo "making a ${SIZE_MB} MiB file of random bytes" >&2
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$work/input"
bytes=$(stat -c %s "$work/input")

now() { date +%s.%N; }
mbps() { awk -v b="$bytes" -v s="$1" -v e="$2" 'BEGIN { printf "%.0f", b / 1e6 / (e - s) }'; }

# curl -T streams the file (--data-binary @file would load it into curl's memory first).
coffer_encrypt() {
  curl -sS --fail -X POST -T "$1" -H "$auth" -H 'Content-Type: application/octet-stream' \
    -H 'Expect:' -o "$2" "$COFFER_URL/api/v1/keys/bench/encrypt-stream"
}
age_encrypt() { age -r "$recipient" -o "$2" "$1"; }

echo "warming up" >&2
head -c $((256 * 1024 * 1024)) "$work/input" >"$work/warm"
for _ in 1 2; do
  coffer_encrypt "$work/warm" "$work/warm.cofs"
  age_encrypt "$work/warm" "$work/warm.age"
done
rm -f "$work/warm" "$work/warm.cofs" "$work/warm.age"

# The server's user + system CPU time so far, in seconds.
server_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$COFFER_PID/stat"
}

age_runs=()
coffer_runs=()
cpu_runs=()
target() { if [ "$OUTPUT" = file ]; then echo "$work/output.$1"; else echo /dev/null; fi; }
for round in $(seq 1 "$ROUNDS"); do
  sync; start=$(now); age_encrypt "$work/input" "$(target age)"; end=$(now)
  age_runs+=("$(mbps "$start" "$end")")
  rm -f "$work/output.age"
  cpu=$(server_cpu)
  rm -f "$work/output.cofs"; sync; start=$(now); coffer_encrypt "$work/input" "$(target cofs)"; end=$(now)
  coffer_runs+=("$(mbps "$start" "$end")")
  cpu_runs+=("$(awk -v a="$cpu" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')")
  echo "round $round: age ${age_runs[-1]} MB/s, coffer ${coffer_runs[-1]} MB/s" \
    "(server CPU ${cpu_runs[-1]} s)" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
age_mbps=$(median "${age_runs[@]}")
coffer_mbps=$(median "${coffer_runs[@]}")

[ -f "$work/output.cofs" ] || coffer_encrypt "$work/input" "$work/output.cofs"
start=$(now)
roundtrip=$(curl -sS --fail -X POST -T "$work/output.cofs" -H "$auth" \
  -H 'Content-Type: application/octet-stream' -H 'Expect:' \
  "$COFFER_URL/api/v1/keys/bench/decrypt-stream" | sha256sum | cut -d' ' -f1)
end=$(now)
decrypt_mbps=$(mbps "$start" "$end")
original=$(sha256sum "$work/input" | cut -d' ' -f1)
heap=$(ps -o rss= -p "$COFFER_PID" | awk '{ printf "%.0f", $1 / 1024 }')

echo "java: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -n 1)"
echo "file: $bytes bytes; server heap -Xmx128m (process RSS now ${heap} MiB); $ROUNDS rounds, medians"
echo "age -r (local, to $OUTPUT)          MB/s: $age_mbps   (rounds: ${age_runs[*]})"
echo "encrypt-stream (HTTP, to $OUTPUT)   MB/s: $coffer_mbps   (rounds: ${coffer_runs[*]})"
echo "server CPU seconds per encrypt-stream: $(median "${cpu_runs[@]}")   (rounds: ${cpu_runs[*]})"
echo "decrypt-stream (HTTP, into sha256sum, which bounds it) MB/s: $decrypt_mbps"
echo "ratio coffer/age: $(bench_ratio "$coffer_mbps" "$age_mbps") (bar: >= 0.8)"
if [ "$roundtrip" = "$original" ]; then
  echo "round trip: OK (sha256 $original)"
else
  echo "round trip: FAILED (input $original, decrypted $roundtrip)"
  exit 1
fi
