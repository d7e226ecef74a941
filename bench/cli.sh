#!/usr/bin/env bash
# The terminal client against curl on the same server, same run: a 1 GiB `coffer put` against
# `curl -T` and `coffer get` against `curl -o` (ROUNDS rounds, which of the two goes first
# alternating: the medians, and the median of each round's curl/coffer ratio, which a machine whose
# load drifts moves least), and the
# start-up of simple commands (`--version`, `whoami`, `ls`, `stat`, `du`, `cat` of a small file:
# medians of 5) through the launcher with its class-data-sharing archive (and the CPU, user +
# system, of those runs), with the JDK's archive only, and with no sharing at all, beside the JVM's
# own start (`java -version`). Beside the times, the CPU (user + system) each transfer
# took, and the server's meanwhile: on a loaded machine these move far less than wall times.
#
#   bench/cli.sh                 # ROUNDS=3 SIZE_MIB=1024
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-3}
SIZE_MIB=${SIZE_MIB:-1024}

if [ ! -f cli/target/coffer-cli.jar ] || [ -n "$(find cli/src cli/pom.xml -newer cli/target/coffer-cli.jar -print -quit)" ]; then
  ./mvnw -q -B -f cli/pom.xml -DskipTests package >&2
fi
bench_start_coffer 128m
curl -sf -u "admin:$BENCH_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench password 1"}' "$COFFER_URL/api/v1/users" >/dev/null
TOKEN=$(curl -sf -u 'bench:bench password 1' -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$COFFER_URL/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
export COFFER_URL COFFER_TOKEN=$TOKEN XDG_CACHE_HOME="$BENCH_DIR/cache" XDG_CONFIG_HOME="$BENCH_DIR/config"

FILE="$BENCH_DIR/payload"
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$FILE"
BYTES=$((SIZE_MIB * 1024 * 1024))
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'; }
# server CPU (user + system, in clock ticks) so far
server_ticks() { awk '{print $14 + $15}' "/proc/$COFFER_PID/stat"; }
# transfer NAME COMMAND...: its wall time to NAME, its own CPU (user + system) to NAME-cpu and the
# server's CPU meanwhile to NAME-srv, in seconds
transfer() {
  local name=$1 a b
  shift
  a=$(server_ticks)
  /usr/bin/time -f '%e %U %S' -o "$BENCH_DIR/time" "$@" >/dev/null 2>&1
  b=$(server_ticks)
  awk '{print $1}' "$BENCH_DIR/time" >>"$BENCH_DIR/$name"
  awk '{printf "%.2f\n", $2 + $3}' "$BENCH_DIR/time" >>"$BENCH_DIR/$name-cpu"
  awk -v a="$a" -v b="$b" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", (b - a) / hz }' >>"$BENCH_DIR/$name-srv"
}
mbps() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.0f", b / s / 1e6 }'; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# warm up both paths once, untimed (the server's JIT, the page cache)
curl -sf -H "Authorization: Bearer $TOKEN" -T "$FILE" "$COFFER_URL/api/v1/files/curl.bin" >/dev/null
cli/coffer -q put "$FILE" coffer.bin
curl -sf -H "Authorization: Bearer $TOKEN" -o /dev/null "$COFFER_URL/api/v1/files/curl.bin"
cli/coffer -q get coffer.bin "$BENCH_DIR/got" && rm -f "$BENCH_DIR/got"

# Each round runs the two clients in turn, curl first in odd rounds and coffer first in even ones:
# on a virtual machine that hands freed memory back to its host a couple of seconds after it is
# freed (free page reporting), whichever runs right after a file was deleted writes into memory
# still backed, and the other may not, so a fixed order would favour one of them every round.
curl_put() { transfer curl-put curl -sf -H "Authorization: Bearer $TOKEN" -T "$FILE" "$COFFER_URL/api/v1/files/curl.bin"; }
coffer_put() { transfer coffer-put cli/coffer -q put "$FILE" coffer.bin; }
curl_get() {
  rm -f "$BENCH_DIR/got"
  transfer curl-get curl -sf -H "Authorization: Bearer $TOKEN" -o "$BENCH_DIR/got" "$COFFER_URL/api/v1/files/curl.bin"
  rm -f "$BENCH_DIR/got"
}
coffer_get() {
  rm -f "$BENCH_DIR/got"
  transfer coffer-get cli/coffer -q get coffer.bin "$BENCH_DIR/got"
  cmp -s "$FILE" "$BENCH_DIR/got" || { echo "coffer get: the file differs" >&2; exit 1; }
  rm -f "$BENCH_DIR/got"
}
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then
    sync; curl_put; sync; coffer_put
    curl_get; coffer_get
  else
    sync; coffer_put; sync; curl_put
    coffer_get; curl_get
  fi
done

ratios() { paste "$1" "$2" | awk '{printf "%.3f\n", $1 / $2}' | median; }
cp=$(median <"$BENCH_DIR/curl-put"); kp=$(median <"$BENCH_DIR/coffer-put")
cg=$(median <"$BENCH_DIR/curl-get"); kg=$(median <"$BENCH_DIR/coffer-get")
printf '%-28s %10s %10s %7s %7s\n' "transfer (${SIZE_MIB} MiB)" "curl MB/s" "coffer" ratio paired
printf '%-28s %10s %10s %7s %7s\n' "put (coffer: tus)" "$(mbps "$cp")" "$(mbps "$kp")" \
  "$(bench_ratio "$cp" "$kp")" "$(ratios "$BENCH_DIR/curl-put" "$BENCH_DIR/coffer-put")"
printf '%-28s %10s %10s %7s %7s\n' "get (verified SHA-256)" "$(mbps "$cg")" "$(mbps "$kg")" \
  "$(bench_ratio "$cg" "$kg")" "$(ratios "$BENCH_DIR/curl-get" "$BENCH_DIR/coffer-get")"
# CPU per transfer (medians, seconds): the load moves wall times far more than these
cpu() { median <"$BENCH_DIR/$1"; }
echo
printf '%-28s %10s %10s %10s %10s\n' "CPU (s, user + system)" "curl" "its server" "coffer" "its server"
for op in put get; do
  printf '%-28s %10s %10s %10s %10s\n' "$op" "$(cpu curl-$op-cpu)" "$(cpu curl-$op-srv)" \
    "$(cpu coffer-$op-cpu)" "$(cpu coffer-$op-srv)"
done

# start-up: the launcher's flags with its archive (cli/coffer), with the JDK's archive only, with none
startup() { for _ in 1 2 3 4 5; do seconds "$@"; done | median; }
# the CPU (user + system) of the same runs through the launcher
startup_cpu() {
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%U %S' -o "$BENCH_DIR/time" "$@" >/dev/null 2>&1
    awk '{printf "%.2f\n", $1 + $2}' "$BENCH_DIR/time"
  done | median
}
flags="-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1"
printf 'hello\n' >"$BENCH_DIR/small.txt"
curl -sf -H "Authorization: Bearer $TOKEN" -T "$BENCH_DIR/small.txt" "$COFFER_URL/api/v1/files/small.txt" >/dev/null
rm -f cli/target/coffer-cli.jar.jsa cli/target/coffer-cli.jar.jsa.failed
cli/coffer whoami >/dev/null  # trains the class-data-sharing archive
echo
printf '%-16s %10s %10s %10s %10s   (s, median of 5; java -version alone: %s s)\n' command "archive" \
  "its CPU" "JDK only" "none" "$(startup java $flags -version)"
for cmd in --version whoami ls "stat coffer.bin" du "cat small.txt"; do
  # shellcheck disable=SC2086 # the command's words
  printf '%-16s %10s %10s %10s %10s\n' "$cmd" "$(startup cli/coffer $cmd)" "$(startup_cpu cli/coffer $cmd)" \
    "$(startup java $flags -jar cli/target/coffer-cli.jar $cmd)" \
    "$(startup java $flags -Xshare:off -jar cli/target/coffer-cli.jar $cmd)"
done
