#!/usr/bin/env bash
# Soak test (not in CI): mixed load on one Coffer at -Xmx128m while the server is killed with
# kill -9 every KILL_EVERY seconds and started again on the same storage folder. Afterwards every
# file a client saw committed must match its SHA-256, the user's recorded usage must match the
# bytes on disk, and the server's RSS and open file descriptors must stay flat across its lives.
#
#   scripts/soak.sh                      # 10 minutes, 64 connections, a kill every 60 s
#   DURATION=120 CONNECTIONS=16 scripts/soak.sh
#
# Each client owns its own folder and remembers, per name, which contents it may find there: one
# SHA-256 after an answered write, or the old and the new one (or "absent") after a request the
# kill cut off, since the server may or may not have committed it. A read narrows that set again.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${DURATION:-600}
CONNECTIONS=${CONNECTIONS:-64}
KILL_EVERY=${KILL_EVERY:-60}
HEAP=${HEAP:-128m}
NAMES=${NAMES:-6}

JAR=$(bench_jar)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SOAK=$(mktemp -d /tmp/coffer-soak.XXXXXX)
PORT=$(bench_free_port)
URL="http://127.0.0.1:$PORT"
ADMIN_PW="soak-admin-password"
SERVER=""

start_server() {
  "$JAVA" "-Xmx$HEAP" -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --coffer.storage-dir="$SOAK/storage" --coffer.accounts.admin-password="$ADMIN_PW" \
    --logging.level.root=WARN >>"$SOAK/coffer.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 480); do
    curl -sf "$URL/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER" 2>/dev/null || { tail -50 "$SOAK/coffer.log" >&2; return 1; }
    sleep 0.25
  done
  echo "Coffer did not start" >&2
  return 1
}

cleanup() {
  [ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true
  pkill -P $$ 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$SOAK"
}
trap cleanup EXIT

# Payloads of assorted sizes with known digests, made once so clients spend no CPU on data.
mkdir -p "$SOAK/payloads" "$SOAK/state"
for size in 1 7 64 300 1024 4096; do
  head -c "$((size * 1024))" /dev/urandom >"$SOAK/payloads/$size"
done
head -c $((24 * 1024 * 1024)) /dev/urandom >"$SOAK/payloads/24576"
PAYLOADS=()
declare -A PAYLOAD_SHA
for f in "$SOAK"/payloads/*; do
  PAYLOADS+=("$f")
  PAYLOAD_SHA[$f]=$(sha256sum "$f" | cut -d' ' -f1)
done

start_server
curl -sf -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' \
  -d '{"username":"soak","password":"soak password 123"}' "$URL/api/v1/users" >/dev/null
TOKEN=$(curl -sf -u 'soak:soak password 123' -H 'Content-Type: application/json' \
  -d '{"name":"soak"}' "$URL/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"
END=$(($(date +%s) + DURATION))

# union OLD NEW: the acceptable contents after a request whose outcome is unknown
union() { printf '%s\n' $1 $2 | sort -u | tr '\n' ' '; }

client() {
  local id=$1 body="$SOAK/body.$1" ops=0 mismatches=0 errors500=0
  declare -A may
  local k
  for k in $(seq 1 "$NAMES"); do may[f$k]="absent "; done
  RANDOM=$((id * 7919))
  while [ "$(date +%s)" -lt "$END" ]; do
    local name="f$((RANDOM % NAMES + 1))" op=$((RANDOM % 10)) code sha
    local path="c$id/$name"
    case $op in
      0 | 1 | 2 | 3)
        local p=${PAYLOADS[$((RANDOM % ${#PAYLOADS[@]}))]}
        code=$(curl -s -o /dev/null -w '%{http_code}' -m 60 -H "$AUTH" -T "$p" \
          "$URL/api/v1/files/$path" || true)
        case $code in
          200 | 201) may[$name]="${PAYLOAD_SHA[$p]} " ;;
          4??) ;;
          *) may[$name]=$(union "${may[$name]}" "${PAYLOAD_SHA[$p]}") ;;
        esac
        ;;
      4 | 5 | 6)
        # a body the kill cut short still says 200: only a transfer curl completed counts
        if ! code=$(curl -s -o "$body" -w '%{http_code}' -m 60 -H "$AUTH" \
          "$URL/api/v1/files/$path"); then
          code=000
        fi
        if [ "$code" = 200 ]; then sha=$(sha256sum "$body" | cut -d' ' -f1)
        elif [ "$code" = 404 ]; then sha=absent
        else sha=""; fi
        if [ -n "$sha" ]; then
          if [[ " ${may[$name]}" == *" $sha "* ]]; then
            may[$name]="$sha "
          else
            mismatches=$((mismatches + 1))
            echo "MISMATCH c$id/$name: got $sha, expected one of: ${may[$name]}" >>"$SOAK/mismatches"
          fi
        fi
        ;;
      7)
        code=$(curl -s -o /dev/null -w '%{http_code}' -m 60 -H "$AUTH" -X DELETE \
          "$URL/api/v1/files/$path" || true)
        case $code in
          204 | 404) may[$name]="absent " ;;
          4??) ;;
          *) may[$name]=$(union "${may[$name]}" absent) ;;
        esac
        ;;
      8)
        local to="f$((RANDOM % NAMES + 1))"
        [ "$to" = "$name" ] && continue
        code=$(curl -s -o /dev/null -w '%{http_code}' -m 60 -H "$AUTH" \
          -H 'Content-Type: application/json' \
          -d "{\"from\":\"c$id/$name\",\"to\":\"c$id/$to\",\"overwrite\":true}" \
          "$URL/api/v1/ops/copy" || true)
        case $code in
          200 | 201) may[$to]=${may[$name]} ;;
          4??) ;;
          *) may[$to]=$(union "${may[$to]}" "${may[$name]}") ;;
        esac
        ;;
      9)
        code=$(curl -s -o /dev/null -w '%{http_code}' -m 60 -H "$AUTH" \
          "$URL/api/v1/dirs/c$id?limit=100" || true)
        ;;
    esac
    [ "$code" = 500 ] && errors500=$((errors500 + 1))
    # the server is down (killed): back off as a real client would, instead of spinning
    [ "$code" = 000 ] && sleep 0.5
    ops=$((ops + 1))
  done
  for k in "${!may[@]}"; do echo "c$id/$k ${may[$k]}"; done >"$SOAK/state/$id.may"
  echo "$ops $mismatches $errors500" >"$SOAK/state/$id.counts"
}

sample() { # prints "rss_kib hwm_kib fds" of the server
  local st="/proc/$SERVER/status"
  [ -r "$st" ] || { echo "- - -"; return; }
  echo "$(awk '/VmRSS/ {print $2}' "$st") $(awk '/VmHWM/ {print $2}' "$st") \
$(ls "/proc/$SERVER/fd" 2>/dev/null | wc -l)"
}

echo "soak: $CONNECTIONS clients for ${DURATION}s, kill -9 every ${KILL_EVERY}s, -Xmx$HEAP"
CLIENTS=()
for i in $(seq 1 "$CONNECTIONS"); do client "$i" & CLIENTS+=($!); done

life=1
printf '%-5s %-10s %-10s %-6s\n' life rss_MiB peak_MiB fds
while [ "$(date +%s)" -lt "$END" ]; do
  next=$(($(date +%s) + KILL_EVERY))
  while [ "$(date +%s)" -lt "$next" ] && [ "$(date +%s)" -lt "$END" ]; do sleep 1; done
  read -r rss hwm fds <<<"$(sample)"
  printf '%-5s %-10s %-10s %-6s\n' "$life" "$((rss / 1024))" "$((hwm / 1024))" "$fds" |
    tee -a "$SOAK/lives"
  if [ "$(date +%s)" -lt "$END" ]; then
    kill -9 "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    start_server
    life=$((life + 1))
  fi
done
wait "${CLIENTS[@]}" 2>/dev/null || true

# One more kill and start, then check every name every client knows about.
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
start_server
checked=0
bad=0
while read -r path accepted; do
  code=$(curl -s -o "$SOAK/check" -w '%{http_code}' -H "$AUTH" "$URL/api/v1/files/$path")
  if [ "$code" = 200 ]; then sha=$(sha256sum "$SOAK/check" | cut -d' ' -f1)
  elif [ "$code" = 404 ]; then sha=absent
  else sha="status-$code"; fi
  checked=$((checked + 1))
  if [[ " $accepted " != *" $sha "* ]]; then
    bad=$((bad + 1))
    echo "after the soak, $path is $sha; expected one of: $accepted"
  fi
done < <(cat "$SOAK"/state/*.may 2>/dev/null)

used=$(curl -sf -H "$AUTH" "$URL/api/v1/me" | sed -E 's/.*"usedBytes":([0-9]+).*/\1/')
disk=$(find "$SOAK/storage/homes/soak" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
read -r ops mismatches errors500 < <(cat "$SOAK"/state/*.counts |
  awk '{o += $1; m += $2; e += $3} END {print o, m, e}')

echo
echo "requests: $ops in ${DURATION}s ($((ops / DURATION))/s), lives: $life"
echo "reads that found contents nobody wrote: $mismatches"
echo "status 500 answers: $errors500"
echo "files checked after the last restart: $checked, wrong: $bad"
echo "usage recorded: $used bytes, on disk: $disk bytes"
awk 'NR == 1 {f = $4; r = $2} {l = $4; lr = $2} END {
  printf "RSS first/last life: %s/%s MiB, open files first/last life: %s/%s\n", r, lr, f, l }' \
  "$SOAK/lives"
[ "$mismatches" = 0 ] && [ "$bad" = 0 ] && [ "$errors500" = 0 ] && [ "$used" = "$disk" ] || {
  echo "SOAK FAILED"
  exit 1
}
echo "SOAK PASSED"
